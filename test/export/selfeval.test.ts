import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type ExcelJS from 'exceljs';
import { fromShanghai } from '../../src/core/time.js';
import { buildSelfEval, exportWorkbook, gradeOf, metricFraction, parseWeights, WeightsError } from '../../src/export/index.js';
import { T } from '../../src/export/text.js';
import type { Metric } from '../../src/plan/schema.js';
import { plan2021, readBook, rowByLabel, rowsById, shown, workedRecords } from './fixtures.js';

const plan = plan2021();
const dir = mkdtempSync(path.join(tmpdir(), 'selfeval-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

// Filed in January 2022 for 2021: the data run to 2021-12-31
const NOW = fromShanghai(2022, 1, 15, 10, 0);
const ID = 11;
const WEIGHT = 6;
const SCORE = 7;

/**
 * The worked example by hand, default weights. 产出 50 over 28 items (13 数量 + 13 质量 + 进度 + 成本):
 * quantity-1 2100/≥2000 → full; quantity-2 1/≥2 → ½; quantity-8 (3/6 + 40/100)/2 = 0.45;
 * quality-9 restates quantity-8 → 0.45; cost-1 216.16 ≤ 240 → full; 进度 3 of 27 nodes done
 * (q1.1, q2.1, q4.5; the year-long annual.1 is not done at 3 of 6 期 and 40 of 100 期); 满意度 92% ≥ 80% → 10; 预算执行率 216.16/540.41 × 10.
 */
const unit = 50 / 28;
const budgetScore = (216.16 / 540.41) * 10;
const expected = {
  'quantity-1': unit,
  'quantity-2': 0.5 * unit,
  'quantity-8': 0.45 * unit,
  'quality-9': 0.45 * unit,
  'cost-1': unit,
  schedule: (3 / 27) * unit,
  'satisfaction-1': 10,
};
const total = Object.values(expected).reduce((a, b) => a + b, 0) + budgetScore;
const graded = 10 + 10 + 6 * unit;

describe('绩效自评表 with the default weights', () => {
  let ws: ExcelJS.Worksheet;
  let rows: Map<string, ExcelJS.Row>;
  let summary: string;
  let book: ExcelJS.Workbook;
  beforeAll(async () => {
    const res = await exportWorkbook('selfeval', { plan, records: workedRecords(), now: NOW, outFile: path.join(dir, '自评表.xlsx') });
    summary = res.summary;
    book = await readBook(res.path);
    ws = book.getWorksheet(T.selfeval.sheet)!;
    rows = rowsById(ws, ID);
  });
  const num = (id: string, col: number) => shown(rows.get(id)!.getCell(col)) as number | null;

  it('scores quantitative indicators by the ratio rules, as computed by hand', () => {
    for (const [id, score] of Object.entries(expected)) expect(num(id, SCORE), id).toBeCloseTo(score, 9);
    expect(num('quantity-1', WEIGHT)).toBeCloseTo(unit, 12);
    expect(num('benefit-1', WEIGHT)).toBeCloseTo(30 / 7, 12);
    expect(num('satisfaction-1', WEIGHT)).toBe(10);
  });

  it('scores 预算执行率 as min(执行数 ÷ 预算数, 1) × 10', () => {
    const row = rowByLabel(ws, '资金总额');
    expect(shown(row.getCell(WEIGHT))).toBe(10);
    expect(shown(row.getCell(SCORE))).toBeCloseTo(budgetScore, 9);
  });

  it('leaves 定性指标 for people: no score, a 达成/部分达成/未达成 list, and their evidence', () => {
    expect(num('quantity-6', SCORE)).toBeNull();
    expect(rows.get('quantity-6')!.getCell(8).dataValidation).toMatchObject({ type: 'list', formulae: ['"达成,部分达成,未达成"'] });
    expect(shown(rows.get('quantity-6')!.getCell(10))).toBe('R2021-0008 赵敏 3月20日');
    for (let k = 1; k <= 7; k++) expect(num(`benefit-${k}`, SCORE)).toBeNull();
  });

  it('does not score a target with a figure missing, and says so', () => {
    // quantity-13: 受益人数 3000 reported, 区学协会 never
    expect(num('quantity-13', SCORE)).toBeNull();
    expect(shown(rows.get('quantity-13')!.getCell(9))).toBe(T.selfeval.noData);
  });

  it('totals what is graded so far with live formulas, and states the points still to grade', () => {
    const totalRow = rowByLabel(ws, T.selfeval.total);
    const cell = totalRow.getCell(SCORE);
    expect((cell.value as ExcelJS.CellFormulaValue).formula).toMatch(/^SUM\(G\d+,G\d+:G\d+\)$/);
    expect(shown(cell)).toBeCloseTo(total, 2);
    expect(shown(totalRow.getCell(WEIGHT))).toBe(100);
    expect(shown(rowByLabel(ws, T.selfeval.grade).getCell(SCORE))).toBe(gradeOf(total));
    expect(shown(rowByLabel(ws, T.selfeval.pending).getCell(SCORE))).toBeCloseTo(100 - graded, 2);
    expect(shown(rowByLabel(ws, T.selfeval.best).getCell(SCORE))).toBeCloseTo(total + 100 - graded, 2);
  });

  it('lists every indicator of the plan, the 进度指标 item and the year goals', () => {
    for (const ind of plan.indicators) {
      expect(rows.has(ind.id), ind.id).toBe(true);
      expect(String(shown(rows.get(ind.id)!.getCell(3)))).toContain(ind.name.replace(/…$/, ''));
    }
    expect(rows.has('schedule')).toBe(true);
    let goals = 0;
    ws.eachRow((r) => {
      if (shown(r.getCell(1)) === '年度总体目标' && /^\d+\. /.test(String(shown(r.getCell(2))))) goals++;
    });
    expect(goals).toBe(plan.goals.length);
  });

  it('writes the scoring rules and each weight on a sheet of their own', () => {
    const rules = book.getWorksheet(T.selfeval.rulesSheet)!;
    expect(String(shown(rules.getCell('A2')))).toContain('预算执行率 10 分，产出指标 50 分，效益指标 30 分，满意度指标 10 分');
    const weights = rowsById(rules, 1);
    expect(shown(weights.get('quantity-1')!.getCell(3))).toBeCloseTo(unit, 12);
  });

  it('sums up the graded points, the total, the grade so far and what remains', () => {
    const r = (n: number) => String(Math.round(n * 100) / 100);
    expect(summary).toBe(
      `2021年度绩效自评表草稿已生成：已评${r(graded)}分的指标得${r(total)}分（得分率${Math.round((Number(r(total)) / Number(r(graded))) * 100)}%）；尚有${r(100 - graded)}分待人工评定，评完才定等级，最高可达${r(total + 100 - graded)}分。`,
    );
  });
});

describe('self-evaluation weights', () => {
  it('gives a configured indicator its own weight and splits the rest of the block equally', () => {
    const weights = parseWeights('{"budget":20,"output":40,"benefit":30,"satisfaction":10,"items":{"quantity-1":12,"schedule":0}}');
    const m = buildSelfEval({ plan, records: workedRecords(), now: NOW, weights });
    const item = (id: string) => m.items.find((i) => i.id === id)!;
    expect(item('quantity-1')).toMatchObject({ weight: 12, score: 12 });
    expect(item('schedule').weight).toBe(0);
    expect(item('quantity-2').weight).toBeCloseTo(28 / 26, 12);
    expect(item('quantity-2').score).toBeCloseTo(0.5 * (28 / 26), 12);
    expect(m.budget.score).toBeCloseTo((216.16 / 540.41) * 20, 12);
    expect(m.items.reduce((s, i) => s + i.weight, 0) + m.budget.weight).toBeCloseTo(100, 9);
  });

  it('refuses weights that do not add up to 100, saying which', () => {
    expect(() => parseWeights('{"budget":10,"output":50,"benefit":30,"satisfaction":20}')).toThrow(/应等于 100/);
    expect(() => parseWeights('{"budget":10,"output":50,"benefit":30}')).toThrow(WeightsError);
    expect(() => parseWeights('not json')).toThrow(/不是合法的 JSON/);
  });

  it('refuses an item the plan does not have, or more item weight than its block holds', () => {
    const unknown = parseWeights('{"budget":10,"output":50,"benefit":30,"satisfaction":10,"items":{"quantity-99":5}}');
    expect(() => buildSelfEval({ plan, records: [], now: NOW, weights: unknown })).toThrow(/quantity-99/);
    const over = parseWeights('{"budget":10,"output":50,"benefit":30,"satisfaction":10,"items":{"satisfaction-1":12}}');
    expect(() => buildSelfEval({ plan, records: [], now: NOW, weights: over })).toThrow(/超过了该块/);
  });
});

describe('scoring rules', () => {
  const metric = (comparator: Metric['comparator'], value: number, max: number | null = null): Metric => ({
    id: 'quantity-1.m1',
    counts: '受益人数',
    comparator,
    value,
    max,
    unit: '人次',
    aggregate: 'sum',
    source: '',
    sameAs: null,
  });

  it('scores ≥ targets by 完成值 ÷ 指标值, capped at full', () => {
    expect(metricFraction(metric('≥', 2000), 1500).fraction).toBe(0.75);
    expect(metricFraction(metric('≥', 2000), 2500).fraction).toBe(1);
    expect(metricFraction(metric('≈', 10), 8).fraction).toBe(0.8);
  });

  it('scores ≤ targets full within the ceiling, else 指标值 ÷ 完成值', () => {
    expect(metricFraction(metric('≤', 240), 200).fraction).toBe(1);
    expect(metricFraction(metric('≤', 240), 300).fraction).toBe(0.8);
  });

  it('scores ranges full from the lower bound, flagging a figure above the upper bound', () => {
    expect(metricFraction(metric('range', 2, 4), 1).fraction).toBe(0.5);
    expect(metricFraction(metric('range', 1, 2), 2)).toEqual({ fraction: 1, note: null });
    expect(metricFraction(metric('range', 1, 2), 3)).toEqual({ fraction: 1, note: T.selfeval.aboveRange });
  });

  it('grades 优 from 90, 良 from 80, 中 from 60, else 差', () => {
    expect([90, 89.99, 80, 79.99, 60, 59.99].map(gradeOf)).toEqual(['优', '良', '良', '中', '中', '差']);
  });
});
