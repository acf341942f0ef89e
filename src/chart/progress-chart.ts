import { mkdir, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { Resvg } from '@resvg/resvg-js';
import type { Plan } from '../plan/schema.js';
import type { ProgressRecord } from '../store/schema.js';
import type { Pace } from '../progress/progress.js';
import { computeProgress, countedMetrics, formatNumber, formatPercent, formatTarget } from '../progress/progress.js';
import { formatMonthDay } from '../core/time.js';
import { asOfDay, asOfInstant, recordsAsOf } from '../export/common.js';

export interface ChartContext {
  plan: Plan;
  records: readonly ProgressRecord[];
  now: Date;
}

/** Chinese wording of the chart, in one place. */
const TEXT = {
  title: (year: number, day: string) => `${year}年度绩效指标完成进度（截至${day}）`,
  timeLine: (pct: string) => `时间进度 ${pct}`,
  legend: [
    ['#2e7d32', '已完成/正常'],
    ['#f57c00', '滞后'],
    ['#c62828', '超出上限'],
    ['#9e9e9e', '未开始'],
  ] as const,
  none: '暂无上报',
  done: (v: string) => `已完成${v}`,
  latest: (v: string) => `最新${v}`,
  missing: '未上报',
  empty: '计划中没有量化指标',
  level2: { quantity: '数量', quality: '质量', cost: '成本', benefit: '效益', satisfaction: '满意度' } as Record<string, string>,
};

const COLOR: Record<Pace, string> = {
  met: '#2e7d32',
  ahead: '#2e7d32',
  'on-track': '#43a047',
  behind: '#f57c00',
  over: '#c62828',
  'no-data': '#9e9e9e',
};

const FAMILY = 'Noto Sans SC';
const require = createRequire(import.meta.url);

/**
 * The CJK font resvg draws with: Noto Sans SC from @expo-google-fonts (OFL, ~10 MB TTF).
 * Only this file is loaded, not the system's fonts, so the picture is the same on every server.
 */
export function chartFontFile(): string {
  try {
    return require.resolve('@expo-google-fonts/noto-sans-sc/400Regular/NotoSansSC_400Regular.ttf');
  } catch {
    throw new Error('找不到中文字体 @expo-google-fonts/noto-sans-sc：请运行 npm install 后重试。');
  }
}

function esc(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

function clip(s: string, max: number): string {
  return [...s].length > max ? `${[...s].slice(0, max - 1).join('')}…` : s;
}


const W = 960;
const LABEL_X = 24;
const BAR_X = 420;
const BAR_W = 400;
const ROW_H = 48;
const TOP = 96;

/** The chart as SVG text (exposed for tests and for a transport that can show SVG). */
export function progressChartSvg(ctx: ChartContext): string {
  const asOf = asOfDay(ctx.plan, ctx.now);
  const progress = computeProgress(ctx.plan, recordsAsOf(ctx.plan, ctx.records, asOf), asOfInstant(asOf));
  const metrics = countedMetrics(progress); // one bar per numeric target
  const h = TOP + Math.max(1, metrics.length) * ROW_H + 56;
  const out: string[] = [];
  out.push(`<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${h}" viewBox="0 0 ${W} ${h}" font-family="${FAMILY}">`);
  out.push(`<rect width="${W}" height="${h}" fill="#ffffff"/>`);
  out.push(`<text x="${LABEL_X}" y="40" font-size="24" fill="#212121">${esc(TEXT.title(ctx.plan.year, formatMonthDay(asOf)))}</text>`);
  let lx = LABEL_X;
  for (const [color, label] of TEXT.legend) {
    out.push(`<rect x="${lx}" y="56" width="14" height="14" rx="2" fill="${color}"/>`);
    out.push(`<text x="${lx + 20}" y="68" font-size="14" fill="#424242">${esc(label)}</text>`);
    lx += 40 + [...label].length * 15;
  }
  if (!metrics.length) out.push(`<text x="${LABEL_X}" y="${TOP + 28}" font-size="16" fill="#757575">${esc(TEXT.empty)}</text>`);

  metrics.forEach((mp, k) => {
    const y = TOP + k * ROW_H;
    const ind = mp.indicator;
    const label = `${TEXT.level2[ind.category] ?? ind.level2}${ind.number} · ${mp.metric.counts}`;
    const detail = `${formatTarget(mp.metric)} · ${mp.actual === null ? TEXT.none : (mp.metric.aggregate === 'latest' ? TEXT.latest : TEXT.done)(`${formatNumber(mp.actual)}${mp.metric.unit}`)}`;
    if (k % 2 === 0) out.push(`<rect x="0" y="${y}" width="${W}" height="${ROW_H}" fill="#fafafa"/>`);
    out.push(`<text x="${LABEL_X}" y="${y + 20}" font-size="16" fill="#212121">${esc(clip(label, 22))}</text>`);
    out.push(`<text x="${LABEL_X}" y="${y + 39}" font-size="13" fill="#757575">${esc(clip(detail, 30))}</text>`);
    out.push(`<rect x="${BAR_X}" y="${y + 15}" width="${BAR_W}" height="18" rx="3" fill="#e0e0e0"/>`);
    const ratio = mp.ratio ?? 0;
    const w = Math.round(Math.min(1, Math.max(0, ratio)) * BAR_W * 10) / 10;
    if (w > 0) out.push(`<rect x="${BAR_X}" y="${y + 15}" width="${w}" height="18" rx="3" fill="${COLOR[mp.pace]}"/>`);
    const pct = mp.ratio !== null ? formatPercent(mp.ratio) : mp.pace === 'behind' ? TEXT.missing : '—';
    const pctColor = mp.pace === 'behind' || mp.pace === 'over' ? COLOR[mp.pace] : '#212121';
    out.push(`<text x="${BAR_X + BAR_W + 12}" y="${y + 30}" font-size="15" fill="${pctColor}">${esc(pct)}</text>`);
  });

  // where the calendar says everything should be: one line at the share of the year elapsed
  const x = Math.round((BAR_X + progress.yearElapsed * BAR_W) * 10) / 10;
  const bottom = TOP + Math.max(1, metrics.length) * ROW_H;
  out.push(`<line x1="${x}" y1="${TOP - 6}" x2="${x}" y2="${bottom + 4}" stroke="#1565c0" stroke-width="2" stroke-dasharray="6 4"/>`);
  out.push(`<text x="${x}" y="${bottom + 24}" font-size="14" fill="#1565c0" text-anchor="middle">${esc(TEXT.timeLine(formatPercent(progress.yearElapsed)))}</text>`);
  out.push('</svg>');
  return out.join('\n');
}

/** One horizontal bar per numeric target (完成 ÷ 指标值) against the calendar, as a PNG. */
export async function renderProgressChart(ctx: ChartContext): Promise<Buffer> {
  const svg = progressChartSvg(ctx);
  const resvg = new Resvg(svg, {
    font: { fontFiles: [chartFontFile()], loadSystemFonts: false, defaultFontFamily: FAMILY },
    // twice the layout size: sharp on a phone screen, still ~100 KB
    fitTo: { mode: 'zoom', value: 2 },
    background: '#ffffff',
  });
  return resvg.render().asPng();
}

/** Renders and saves the chart as progress-YYYY-MM-DD.png in dir; returns it as an image attachment. */
export async function saveProgressChart(dir: string, ctx: ChartContext): Promise<{ path: string; name: string; kind: 'image' }> {
  const png = await renderProgressChart(ctx);
  const day = asOfDay(ctx.plan, ctx.now);
  await mkdir(dir, { recursive: true });
  const file = path.resolve(dir, `progress-${day}.png`);
  await writeFile(file, png);
  return { path: file, name: `绩效进度-${day}.png`, kind: 'image' };
}
