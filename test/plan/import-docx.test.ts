import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { docxToText, htmlToFormText } from '../../src/plan/import-docx.js';
import { importPlanText } from '../../src/plan/import-text.js';
import { buildPlanDocx } from '../fixtures/build-docx.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const fixture = path.join(root, 'test/fixtures/plan-2021.docx');
const seed = readFileSync(path.join(root, 'test/fixtures/plan-2021.txt'), 'utf8');
const plan2021 = JSON.parse(readFileSync(path.join(root, 'data/plans/2021.json'), 'utf8'));

describe('plan import from the Word form', () => {
  it('imports the .docx built from the seed table to exactly the committed 2021 plan, with nothing unplaced', async () => {
    const { plan, unplaced } = importPlanText(await docxToText(fixture));
    const unlinked = (p: typeof plan2021) => ({ ...p, milestones: p.milestones.map((m: object) => ({ ...m, indicators: [] })) });
    expect(unlinked(JSON.parse(JSON.stringify(plan)))).toEqual(unlinked(plan2021));
    expect(unplaced).toEqual([]);
  });

  it('keeps the committed fixture in step with its builder (regenerate: npx tsx test/fixtures/build-docx.ts)', async () => {
    const rebuilt = await buildPlanDocx(seed);
    expect(await docxToText(rebuilt)).toBe(await docxToText(fixture));
  });

  it('reports text in the form that belongs to no field, with its line', async () => {
    // a stray row under the title: 附注 | 本表由办公室填报
    const lines = seed.split('\n');
    const withNote = [lines[0], '\t附注', '\t本表由办公室填报', '', ...lines.slice(1)].join('\n');
    const text = await docxToText(await buildPlanDocx(withNote));
    const { plan, unplaced } = importPlanText(text);
    expect(unplaced.map((u) => [u.text, u.reason])).toEqual([
      ['附注', '不属于表中任何栏目'],
      ['本表由办公室填报', '不属于表中任何栏目'],
    ]);
    expect(text.split('\n')[unplaced[0]!.line - 1]!.trim()).toBe('附注');
    expect(plan.indicators).toHaveLength(plan2021.indicators.length);
  });

  it('lays out cells, paragraphs and soft line breaks as Word’s own text export does', () => {
    const html = '<p>（2021年度）</p><table><tr><td><p>服务对象<br />满意度指标</p></td><td></td><td><p>A &amp; B</p><p>第二段</p></td></tr></table>';
    expect(htmlToFormText(html)).toBe('（2021年度）\n\t服务对象\n满意度指标\n\t\n\tA & B\n第二段\n\n');
  });
});
