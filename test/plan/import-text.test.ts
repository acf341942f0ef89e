import { describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { importPlanText } from '../../src/plan/import-text.js';
import { parsePlanJson, PlanLoadError } from '../../src/plan/load.js';
import { PlanSchema, type Plan } from '../../src/plan/schema.js';
import { runCli } from '../cli/run.js';

const seed = readFileSync('test/fixtures/plan-2021.txt', 'utf8');
const bundled = JSON.parse(readFileSync('data/plans/2021.json', 'utf8')) as Plan;
const { plan, unplaced } = importPlanText(seed);
/** The plan without its milestone → indicator links (the importer suggests them; a person reviews them). */
const unlinked = (p: Plan) => ({ ...p, milestones: p.milestones.map((m) => ({ ...m, indicators: [] })) });
const metric = (id: string) => plan.indicators.flatMap((i) => i.metrics).find((m) => m.id === id);

describe('the 2021 plan as data', () => {
  it('importing the seed table reproduces data/plans/2021.json exactly, placing every line (links apart: a person reviews those)', () => {
    expect(unplaced).toEqual([]);
    // which indicators a milestone advances is the importer's suggestion; the bundled file holds the
    // reviewed table (test/plan/milestone-links.test.ts)
    expect(unlinked(plan)).toEqual(unlinked(bundled));
    expect(PlanSchema.safeParse(bundled).success).toBe(true);
  });

  it('keeps the header: department, head and phone, and the funding block in 万元', () => {
    expect(plan.department).toBe('北京市西城区科学技术协会');
    expect(plan.head).toEqual({ name: '张玮', phone: '83976271' });
    expect(plan.funding).toMatchObject({ total: 540.41, basic: 94.41, project: 446 });
    expect(plan.functions).toHaveLength(11);
    expect(plan.goals.map((g) => g.id)).toEqual(Array.from({ length: 9 }, (_, i) => `goal-${i + 1}`));
  });

  it('has every indicator under its stable id', () => {
    const ids = plan.indicators.map((i) => i.id);
    const expected = [
      ...Array.from({ length: 13 }, (_, i) => `quantity-${i + 1}`),
      ...Array.from({ length: 13 }, (_, i) => `quality-${i + 1}`),
      'cost-1',
      ...Array.from({ length: 7 }, (_, i) => `benefit-${i + 1}`),
      'satisfaction-1',
    ];
    expect(ids).toEqual(expected);
  });

  it('has one milestone per numbered 进度 item, each due on its quarter’s last day', () => {
    const byQuarter = (q: string) => plan.milestones.filter((m) => m.quarter === q);
    expect(byQuarter('q1')).toHaveLength(5);
    expect(byQuarter('q2')).toHaveLength(9);
    expect(byQuarter('q3')).toHaveLength(4);
    expect(byQuarter('q4')).toHaveLength(8);
    expect(byQuarter('annual')).toHaveLength(1);
    expect(new Set(byQuarter('q2').map((m) => m.due))).toEqual(new Set(['2021-06-30']));
    expect(byQuarter('annual')[0]!.due).toBe('2021-12-31');
  });

  it('reads every numeric target with comparator, value and unit', () => {
    expect(metric('quantity-1.m1')).toMatchObject({ counts: '受益人数', comparator: '≥', value: 2000, unit: '人次' });
    expect(plan.indicators.find((i) => i.id === 'quantity-5')!.metrics.map((m) => [m.comparator, m.value, m.unit])).toEqual([
      ['≥', 1, '场'],
      ['≥', 1, '次'],
      ['≥', 1000, '人次'],
    ]);
    expect(plan.indicators.find((i) => i.id === 'quantity-8')!.metrics.map((m) => [m.value, m.unit])).toEqual([
      [6, '期'],
      [100, '期'],
    ]);
    expect(metric('quantity-11.m1')).toMatchObject({ comparator: 'range', value: 1, max: 2, unit: '次' });
    expect(metric('quantity-12.m1')).toMatchObject({ comparator: '≈', value: 10, unit: '个' });
    expect(metric('quantity-12.m2')).toMatchObject({ comparator: '≥', value: 20000, unit: '人次' });
    expect(metric('cost-1.m1')).toMatchObject({ comparator: '≤', value: 240, unit: '万元' });
    expect(metric('satisfaction-1.m1')).toMatchObject({ comparator: '≥', value: 80, unit: '%' });
  });

  it('marks indicators without a number as qualitative', () => {
    const q3 = plan.indicators.find((i) => i.id === 'quantity-3')!;
    expect(q3.qualitative).toBe(true);
    expect(q3.metrics).toEqual([]);
  });

  it('reports text it cannot place with its line number instead of dropping it', () => {
    const lines = seed.split('\n');
    const at = lines.findIndex((l) => l.includes('数量指标'));
    lines.splice(at, 0, '这一行是乱入的说明文字，不属于任何栏目');
    const r = importPlanText(lines.join('\n'));
    expect(r.unplaced.length).toBeGreaterThan(0);
    expect(r.unplaced.map((u) => u.text).join('')).toContain('乱入');
    expect(r.unplaced[0]!.line).toBeGreaterThan(0);
  });
});

describe('the importer never folds stray text into the plan', () => {
  const withLine = (before: (l: string) => boolean, extra: string) => {
    const lines = seed.split('\n');
    const at = lines.findIndex(before);
    lines.splice(at, 0, extra);
    return { text: lines.join('\n'), line: at + 1 };
  };

  it('a stray line before a quarter’s numbered items is reported, and the nine Q2 items stay nine', () => {
    const { text, line } = withLine((l) => l.startsWith('1.举办区科技工作者日'), '（此处为说明文字）');
    const r = importPlanText(text);
    expect(r.plan.milestones.filter((m) => m.quarter === 'q2')).toHaveLength(9);
    expect(r.unplaced).toEqual([expect.objectContaining({ line, text: '（此处为说明文字）' })]);
  });

  it('words in a money cell are not read as an amount', () => {
    const { text } = withLine((l) => /职能概述/.test(l), 'XYZ 无法归类的一行 123');
    const r = importPlanText(text);
    expect(r.plan.funding.other).toBeNull();
    expect(r.unplaced.map((u) => u.text)).toContain('XYZ 无法归类的一行 123');
  });

  it('a line after an indicator’s finished sentence is reported, not appended to it', () => {
    const r = importPlanText(`${seed.trimEnd()}\n填表人：张三\n`);
    expect(r.plan.indicators.at(-1)!.text).toBe(bundled.indicators.at(-1)!.text);
    expect(r.unplaced.map((u) => u.text)).toContain('填表人：张三');
  });
});

describe('npm run import-plan', () => {
  it('writes the plan JSON from the seed and says what it read', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'jx-import-'));
    try {
      const out = path.join(dir, '2021.json');
      const r = runCli('src/cli/import-plan.ts', ['test/fixtures/plan-2021.txt', '--out', out]);
      expect(r.code).toBe(0);
      expect(r.stdout).toContain('35 个指标');
      expect(unlinked(JSON.parse(readFileSync(out, 'utf8')))).toEqual(unlinked(bundled));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('loading a plan file', () => {
  it('a wrong value names the file, the place in it and the problem', () => {
    const broken = structuredClone(bundled) as unknown as { indicators: { metrics: { unit: unknown }[] }[] };
    broken.indicators[0]!.metrics[0]!.unit = 42;
    try {
      parsePlanJson(JSON.stringify(broken), 'plans/2021.json');
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(PlanLoadError);
      expect((e as Error).message).toContain('plans/2021.json');
      expect((e as Error).message).toContain('indicators[0].metrics[0].unit');
    }
  });

  it('malformed JSON names the file and the line', () => {
    expect(() => parsePlanJson('{\n "year": 2021,\n oops\n}', 'plans/2021.json')).toThrow(/plans\/2021\.json.*(第\s*3\s*行|line 3)/s);
  });

  it('a duplicated id is refused', () => {
    const dup = structuredClone(bundled);
    dup.milestones[1]!.id = dup.milestones[0]!.id;
    expect(() => parsePlanJson(JSON.stringify(dup), 'x.json')).toThrow(/重复的 id/);
  });
});

describe('milestones linked to the indicators they advance', () => {
  const ms = (id: string) => bundled.milestones.find((m) => m.id === id)!.indicators;
  it('links the 学术月 and 科技节 milestones to both their quantity and their quality indicators', () => {
    expect(ms('schedule-q4.5')).toEqual(['quantity-2', 'quality-3']);
    expect(ms('schedule-q4.3')).toEqual(['quantity-3', 'quality-4']);
  });

  it('does not pull in a quality indicator that only shares generic words', () => {
    expect(ms('schedule-q2.1')).toEqual(['quantity-1']);
    expect(ms('schedule-q4.2')).toEqual(['quantity-9']);
  });
});
