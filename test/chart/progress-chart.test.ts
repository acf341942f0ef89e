import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fromShanghai } from '../../src/core/time.js';
import { progressChartSvg, renderProgressChart, saveProgressChart } from '../../src/chart/progress-chart.js';
import { plan2021, workedRecords } from '../export/fixtures.js';

const ctx = { plan: plan2021(), records: workedRecords(), now: fromShanghai(2021, 6, 30, 17, 0) };
const dir = mkdtempSync(path.join(tmpdir(), 'chart-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

describe('progress chart', () => {
  let png: Buffer;
  beforeAll(async () => {
    png = await renderProgressChart(ctx);
  });

  it('renders a PNG at twice the layout width, of a size fit for a chat message', () => {
    expect(png.subarray(0, 8).equals(PNG)).toBe(true);
    expect(png.readUInt32BE(16)).toBe(1920); // IHDR width
    expect(png.length).toBeGreaterThan(20_000); // Chinese glyphs drawn, not an empty canvas
    expect(png.length).toBeLessThan(1_000_000);
  });

  it('draws one bar per numeric target, skipping a 质量指标 that restates a 数量指标, and the calendar line', () => {
    const svg = progressChartSvg(ctx);
    const metrics = ctx.plan.indicators.flatMap((i) => i.metrics).filter((m) => !m.sameAs);
    expect(svg.match(/<rect x="420" y="\d+" width="400" height="18" rx="3" fill="#e0e0e0"/g)).toHaveLength(metrics.length);
    expect(svg).toContain('数量1 · 受益人数');
    expect(svg).toContain('≥2000人次 · 已完成2100人次');
    expect(svg).not.toContain('质量9');
    expect(svg).toContain('2021年度绩效指标完成进度（截至6月30日）');
    // 181 of 365 days: the line sits at 420 + 0.4959 × 400
    expect(svg).toContain(`x1="${Math.round((420 + (181 / 365) * 400) * 10) / 10}"`);
    expect(svg).toContain('时间进度 50%');
  });

  it('saves the same bytes for the same input, as an image attachment named by its date', async () => {
    const att = await saveProgressChart(dir, ctx);
    expect(att).toEqual({ path: path.join(dir, 'progress-2021-06-30.png'), name: '绩效进度-2021-06-30.png', kind: 'image' });
    expect(readFileSync(att.path).equals(png)).toBe(true);
  });
});
