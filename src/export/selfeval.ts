import type ExcelJS from 'exceljs';
import type { Metric, Plan } from '../plan/schema.js';
import type { ProgressRecord } from '../store/schema.js';
import { shanghaiDay } from '../core/time.js';
import type { MetricFigure, MilestoneFact } from './approved.js';
import { fmt, largestRemainder, metricFigure, metricRate, milestoneFacts, QUARTER_LABEL, QUARTERS, quarterActual, quarterTarget, quarterText, level3Text, supportingRecords, targetText, workDone } from './approved.js';
import { asOfDay } from './common.js';
import type { EvidenceLine } from './evidence.js';
import { fundingEvidence, metricEvidence, milestoneEvidence, qualitativeEvidence, writeEvidenceSheet } from './evidence.js';
import { FormSheet, ref, writeFormHead, writeFundingRows, writeGoals, writeSignatures, type Formula } from './form.js';
import type { Funding, FundingCell } from './money.js';
import { computeFunding, costLine } from './money.js';
import type { FormSettings, Signatures } from './settings.js';
import { signaturesOf } from './settings.js';
import { T } from './text.js';
import type { SelfEvalWeights } from './weights.js';
import { blockOf, DEFAULT_WEIGHTS, itemWeights } from './weights.js';

export type Grade = '优' | '良' | '中' | '差';

/** 优 ≥ 90, 良 80–90, 中 60–80, 差 < 60 */
export function gradeOf(total: number): Grade {
  return total >= 90 ? '优' : total >= 80 ? '良' : total >= 60 ? '中' : '差';
}

export interface SelfEvalInput {
  plan: Plan;
  records: readonly ProgressRecord[];
  now: Date;
  weights?: SelfEvalWeights;
  settings?: FormSettings;
}

export type RowKind = 'metric' | 'cost' | 'schedule' | 'qualitative';

export interface SelfEvalRow {
  /** indicator id, or schedule-q1 … schedule-annual */
  key: string;
  kind: RowKind;
  level1: string;
  level2: string;
  level3: string;
  target: string;
  actual: string;
  /** whole points */
  weight: number;
  /** null: to be graded by people (定性) or no figures */
  score: number | null;
  metrics: MetricFigure[];
  facts: MilestoneFact[];
  /** The shortfall against the target, as the start of 偏差原因分析 (the reasons are for people) */
  deviation: string;
  costOf?: 'basic' | 'project';
}

export interface SelfEvalModel {
  plan: Plan;
  cutoff: string;
  weights: SelfEvalWeights;
  funding: Funding;
  budget: { weight: number; rate: number | null; score: number | null };
  rows: SelfEvalRow[];
  evidence: EvidenceLine[];
  signatures: Signatures;
  filedOn: string;
  now: Date;
  /** null while any score is empty */
  total: number | null;
  grade: Grade | null;
}

// 时效指标 sit with the other 产出 rows; a 二级 the bureau's list lacks comes last, under its own name
const ORDER = ['quantity', 'quality', 'timeliness', 'schedule', 'cost', 'benefit', 'satisfaction', 'other'] as const;
const r2 = (n: number) => Math.round(n * 100) / 100;

/**
 * 分值 per row: fixed ones as configured, the rest of each block split equally, then rounded to
 * whole points that add up exactly to the block's weight. "schedule" weighs the 进度 rows together.
 */
function rowWeights(plan: Plan, w: SelfEvalWeights, keys: readonly string[]): Map<string, number> {
  const itemIds = [...new Set(keys.map((k) => (k.startsWith('schedule-') ? 'schedule' : k)))];
  itemWeights(plan, w, itemIds); // refuses weights that do not fit the plan, saying what to change
  const out = new Map<string, number>();
  const schedule = keys.filter((k) => k.startsWith('schedule-'));
  for (const block of ['output', 'benefit', 'satisfaction'] as const) {
    const ids = keys.filter((k) => blockOf(k.startsWith('schedule-') ? 'schedule' : k) === block);
    if (!ids.length) continue;
    const fixed = (k: string) => (k.startsWith('schedule-') ? (w.items.schedule !== undefined ? w.items.schedule / schedule.length : undefined) : w.items[k]);
    const fixedSum = ids.reduce((s, k) => s + (fixed(k) ?? 0), 0);
    const rest = ids.filter((k) => fixed(k) === undefined);
    const raw = ids.map((k) => fixed(k) ?? Math.max(0, w[block] - fixedSum) / rest.length);
    largestRemainder(raw, w[block]).forEach((p, i) => out.set(ids[i]!, p));
  }
  return out;
}

export function buildSelfEval(input: SelfEvalInput): SelfEvalModel {
  const { plan, records } = input;
  const weights = input.weights ?? DEFAULT_WEIGHTS;
  const settings = input.settings ?? {};
  const cutoff = asOfDay(plan, input.now);
  const funding = computeFunding(plan, records, cutoff, settings);
  const facts = milestoneFacts(plan, records, cutoff);

  const rows: Omit<SelfEvalRow, 'weight' | 'score' | 'deviation'>[] = [];
  const evidence: EvidenceLine[] = [...fundingEvidence(funding, '全年')];
  for (const group of ORDER) {
    if (group === 'schedule') {
      for (const q of QUARTERS) {
        const qf = facts.filter((f) => f.milestone.quarter === q);
        if (!qf.length) continue;
        rows.push({ key: `schedule-${q}`, kind: 'schedule', level1: T.rows.output, level2: T.rows.schedule, level3: quarterText(qf.map((f) => f.milestone)), target: quarterTarget(qf.map((f) => f.milestone)), actual: quarterActual(qf, cutoff), metrics: [], facts: qf });
        evidence.push(...milestoneEvidence(qf, cutoff));
      }
      continue;
    }
    for (const ind of plan.indicators.filter((i) => i.category === group)) {
      const base = { key: ind.id, level1: ind.level1, level2: ind.level2, level3: level3Text(ind), target: targetText(ind), facts: [] as MilestoneFact[] };
      const money = ind.category === 'cost' ? ind.metrics.find((m) => m.unit === '万元') : undefined;
      if (money) {
        const line = costLine(ind);
        const c = funding.lines[line];
        const fig: MetricFigure = { metric: money, indicator: ind, actual: c?.executed ?? null, evidence: [] };
        rows.push({ ...base, kind: 'cost', target: `${T.form.lines[line]}${money.comparator}${fmt(money.value)}${money.unit}`, actual: c?.executed == null ? '' : `${fmt(c.executed)}万元`, metrics: [fig], costOf: line });
        continue;
      }
      if (ind.qualitative || !ind.metrics.length) {
        const recs = supportingRecords(plan, records, ind, cutoff);
        rows.push({ ...base, kind: 'qualitative', actual: workDone(plan, recs), metrics: [] });
        evidence.push(...qualitativeEvidence(plan, ind, records, cutoff));
        continue;
      }
      const figs = ind.metrics.map((m) => metricFigure(plan, ind, m, records, cutoff));
      rows.push({ ...base, kind: 'metric', actual: figs.map((f) => `${figs.length > 1 ? f.metric.counts : ''}${f.actual === null ? T.rows.noData : `${fmt(f.actual)}${f.metric.unit}`}`).join('；'), metrics: figs });
      evidence.push(...metricEvidence(figs, records));
    }
  }

  const w = rowWeights(plan, weights, rows.map((r) => r.key));
  const scored: SelfEvalRow[] = rows.map((r) => {
    const weight = w.get(r.key) ?? 0;
    let score: number | null = null;
    if (r.kind === 'metric' || r.kind === 'cost') {
      if (r.metrics.length && r.metrics.every((f) => f.actual !== null)) score = r2((weight * r.metrics.reduce((s, f) => s + metricRate(f.metric, f.actual!), 0)) / r.metrics.length);
    } else if (r.kind === 'schedule') score = r2((weight * r.facts.filter((f) => f.onTime).length) / r.facts.length);
    return { ...r, weight, score, deviation: shortfall(r.metrics) };
  });

  const t = funding.total;
  const rate = t.executed === null || !t.adjusted ? null : t.executed / t.adjusted;
  const budget = { weight: weights.budget, rate, score: rate === null ? null : r2(Math.min(rate, 1) * weights.budget) };
  const complete = budget.score !== null && scored.every((r) => r.score !== null);
  const total = complete ? r2(budget.score! + scored.reduce((s, r) => s + r.score!, 0)) : null;
  return {
    plan,
    cutoff,
    weights,
    funding,
    budget,
    rows: scored,
    evidence,
    signatures: signaturesOf(plan, settings),
    filedOn: shanghaiDay(input.now),
    now: input.now,
    total,
    grade: total === null ? null : gradeOf(total),
  };
}

/** "受益人数完成12000人次，低于指标值20000人次" for each figure that misses its target. */
function shortfall(figs: readonly MetricFigure[]): string {
  const out: string[] = [];
  for (const f of figs) {
    if (f.actual === null || metricRate(f.metric, f.actual) >= 1) continue;
    const m = f.metric;
    out.push(T.rows.shortfall(m.counts, fmt(f.actual), m.unit, m.comparator === '≤', fmt(m.value)));
  }
  return out.join('；');
}

// ---- the sheets ---------------------------------------------------------------------

/** 一级 二级 三级 指标值 实际 分值 得分 偏差原因 — sized to A4 landscape at 100 % */
const WIDTHS = [7.5, 7.5, 22, 16, 16, 5.5, 6.5, 9, 9, 8];
const SCORE = 7;
const WEIGHT = 6;

export function writeSelfEvalSheets(wb: ExcelJS.Workbook, model: SelfEvalModel): ExcelJS.Worksheet {
  const { plan, funding: f } = model;
  const s = new FormSheet(wb, T.selfeval.sheet, WIDTHS);
  let r = writeFormHead(s, T.selfeval.title(plan.year), T.selfeval.period(plan.year), model.signatures.unit);

  // funding block: label A:C | 年初 D | 全年（调整）E | 全年执行数 F:G | 分值 H | 执行率 I | 得分 J
  s.row(r, [T.form.fundingCorner, ...T.selfeval.fundingHead], [3, 1, 1, 2, 1, 1, 1], { bold: true, align: 'center' });
  r++;
  const X = 6; // 执行数
  const fundingRow = (row: number, c: FundingCell, exec: ExcelJS.CellValue | Formula) => {
    s.cell(row, 4, c.budget, { numFmt: '#,##0.00', align: 'right' });
    s.cell(row, 5, c.adjusted, { numFmt: '#,##0.00', align: 'right' });
    s.cell(row, X, exec, { to: 7, numFmt: '#,##0.00', align: 'right' });
    const E = ref(X, row);
    const D = ref(5, row);
    const rate = c.executed === null || !c.adjusted ? '' : c.executed / c.adjusted;
    s.cell(row, 8, '', {});
    s.cell(row, 9, { formula: `IF(OR(${E}="",N(${D})=0),"",${E}/${D})`, result: rate }, { numFmt: '0.00%', align: 'right' });
    s.cell(row, 10, '', {});
  };
  const budgetRow = r;
  const funded = writeFundingRows(s, r, f, X, fundingRow, (row) => {
    s.cell(row, 8, model.budget.weight, { align: 'center' });
    const RATE = ref(9, row);
    s.cell(row, 10, { formula: `IF(${RATE}="","",ROUND(MIN(${RATE},1)*${ref(8, row)},2))`, result: model.budget.score ?? '' }, { numFmt: '0.00', align: 'center' });
  });
  r = funded.next;
  const lineRows = funded.lineRows;

  r = writeGoals(s, r, plan, { label: 2, expected: 3 });

  // the scoring sheet comes first so the form's formulas can point at its cells
  const calc = writeCalcSheet(wb, model, lineRows, X);

  const head = r;
  s.row(r, [...T.selfeval.indicatorHead], [1, 1, 1, 1, 1, 1, 1, 3], { bold: true, align: 'center' });
  r++;
  const first = r;
  for (const row of model.rows) {
    let actual: ExcelJS.CellValue | Formula = row.actual;
    if (row.kind === 'cost' && row.costOf && lineRows[row.costOf]) {
      const E = ref(X, lineRows[row.costOf]!);
      actual = { formula: `IF(${E}="","",ROUND(${E},2)&"万元")`, result: row.actual };
    }
    s.row(r, [row.level1, row.level2, row.level3, row.target, actual, row.weight, undefined, row.deviation], [1, 1, 1, 1, 1, 1, 1, 3]);
    s.ws.getCell(r, WEIGHT).alignment = { horizontal: 'center', vertical: 'middle' };
    const W = ref(WEIGHT, r);
    const scoreCell = s.ws.getCell(r, SCORE);
    scoreCell.alignment = { horizontal: 'center', vertical: 'middle' };
    scoreCell.numFmt = '0.00';
    const refs = calc.cells.get(row.key);
    if (refs && row.kind !== 'qualitative') {
      const list = refs.map((c) => `'${T.selfeval.calcSheet}'!${c}`);
      const formula =
        row.kind === 'schedule'
          ? `ROUND(${W}*SUM(${list.join(',')})/${list.length},2)`
          : `IF(COUNT(${list.join(',')})<${list.length},"",ROUND(${W}*AVERAGE(${list.join(',')}),2))`;
      scoreCell.value = { formula, result: row.score ?? '' };
    }
    r++;
  }
  const last = r - 1;
  
  // totals: 待评 while any score is empty, so no grade is given over part of the points
  const scores = `${ref(SCORE, first)}:${ref(SCORE, last)}`;
  const budgetScore = ref(10, budgetRow);
  const totalRow = r;
  const pending = T.form.pending;
  const allWeight = model.budget.weight + model.rows.reduce((a, x) => a + x.weight, 0);
  s.cell(r, 1, T.selfeval.total, { to: 5, bold: true, align: 'center' });
  s.cell(r, WEIGHT, { formula: `${ref(8, budgetRow)}+SUM(${ref(WEIGHT, first)}:${ref(WEIGHT, last)})`, result: allWeight }, { align: 'center', bold: true });
  s.cell(r, SCORE, { formula: `IF(COUNTBLANK(${scores})+COUNTBLANK(${budgetScore})>0,"${pending}",ROUND(${budgetScore}+SUM(${scores}),2))`, result: model.total ?? pending }, { align: 'center', bold: true, numFmt: '0.00' });
  s.cell(r, 8, '', { to: 10 });
  r++;
  const tot = ref(SCORE, totalRow);
  s.cell(r, 1, T.selfeval.grade, { to: 5, bold: true, align: 'center' });
  s.cell(r, WEIGHT, { formula: `IF(ISNUMBER(${tot}),IF(${tot}>=90,"优",IF(${tot}>=80,"良",IF(${tot}>=60,"中","差"))),"${pending}")`, result: model.grade ?? pending }, { to: SCORE, align: 'center', bold: true });
  s.cell(r, 8, '', { to: 10 });
  r++;
  s.ws.pageSetup.printTitlesRow = `${head}:${head}`;
  writeSignatures(s, r + 1, model.signatures, model.filedOn);
  s.finish();
  wb.calcProperties.fullCalcOnLoad = true;
  // the scoring sheet after the form, the evidence last
  moveAfter(wb, calc.ws, s.ws);
  writeEvidenceSheet(wb, T.selfeval.sheet, plan, model.cutoff, model.now, model.evidence);
  return s.ws;
}

function moveAfter(wb: ExcelJS.Workbook, ws: ExcelJS.Worksheet, after: ExcelJS.Worksheet): void {
  // exceljs orders sheets by orderNo when writing
  const sheets = wb.worksheets;
  const order = sheets.filter((x) => x !== ws);
  order.splice(order.indexOf(after) + 1, 0, ws);
  order.forEach((x, k) => ((x as unknown as { orderNo: number }).orderNo = k));
}

function rateFormula(m: Metric, target: string, actual: string): string {
  if (m.comparator === '≤') return `IF(${actual}="","",IF(${actual}<=${target},1,${target}/${actual}))`;
  if (m.comparator === 'range') return `IF(${actual}="","",IF(${actual}>=${target},1,MAX(${actual},0)/${target}))`;
  return `IF(${actual}="","",IF(N(${target})<=0,1,MIN(MAX(${actual},0)/${target},1)))`;
}

/**
 * 评分计算: each metric's 指标值 and 完成值 as numbers with its 得分率, and each milestone's
 * 按期 (1/0). The form's 得分 formulas read these cells, so correcting a figure here rescores.
 */
function writeCalcSheet(wb: ExcelJS.Workbook, model: SelfEvalModel, lineRows: Partial<Record<'basic' | 'project', number>>, execCol: number): { ws: ExcelJS.Worksheet; cells: Map<string, string[]> } {
  const widths = [18, 34, 8, 10, 10, 10];
  const s = new FormSheet(wb, T.selfeval.calcSheet, widths);
  s.cell(1, 1, T.selfeval.calcTitle(model.plan.year), { to: s.cols, bold: true, size: 14, align: 'center', border: false });
  s.minHeight(1, 26);
  let r = 2;
  for (const line of T.selfeval.rules) {
    s.cell(r, 1, line, { to: s.cols, border: false, size: 9 });
    r++;
  }
  r++;
  const cells = new Map<string, string[]>();
  s.row(r, [...T.selfeval.calcMetricHead], widths.map(() => 1), { bold: true, align: 'center' });
  r++;
  const firstMetric = new Map<string, number>();
  for (const row of model.rows) {
    if (row.kind !== 'metric' && row.kind !== 'cost') continue;
    for (const fig of row.metrics) {
      const m = fig.metric;
      const where = `${fig.indicator.level2}${fig.indicator.number}`;
      s.cell(r, 1, where, {});
      s.cell(r, 2, m.counts, {});
      s.cell(r, 3, m.comparator === 'range' ? '区间' : m.comparator, { align: 'center' });
      s.cell(r, 4, m.value, { align: 'right' });
      let actual: ExcelJS.CellValue | Formula = fig.actual;
      if (row.kind === 'cost' && row.costOf && lineRows[row.costOf]) actual = { formula: `'${T.selfeval.sheet}'!${ref(execCol, lineRows[row.costOf]!)}`, result: fig.actual ?? '' };
      else if (m.sameAs && firstMetric.has(m.sameAs)) actual = { formula: `${ref(5, firstMetric.get(m.sameAs)!)}`, result: fig.actual ?? '' };
      s.cell(r, 5, actual, { align: 'right' });
      const rate = fig.actual === null ? '' : metricRate(m, fig.actual);
      s.cell(r, 6, { formula: rateFormula(m, ref(4, r), ref(5, r)), result: rate }, { numFmt: '0.00%', align: 'right' });
      firstMetric.set(m.id, r);
      cells.set(row.key, [...(cells.get(row.key) ?? []), ref(6, r)]);
      r++;
    }
  }
  r++;
  s.row(r, [...T.selfeval.calcMilestoneHead, ''], [1, 1, 1, 1, 2], { bold: true, align: 'center' });
  r++;
  for (const row of model.rows) {
    if (row.kind !== 'schedule') continue;
    const from = r;
    for (const f of row.facts) {
      s.cell(r, 1, QUARTER_LABEL[row.facts[0]!.milestone.quarter], {});
      s.cell(r, 2, `${f.milestone.number}.${f.milestone.text.trim()}`, {});
      s.cell(r, 3, f.milestone.due, { align: 'center' });
      s.cell(r, 4, f.doneOn ?? '', { align: 'center' });
      s.cell(r, 5, f.onTime ? 1 : 0, { to: 6, align: 'center' });
      r++;
    }
    cells.set(row.key, Array.from({ length: r - from }, (_, k) => ref(5, from + k)));
  }
  s.finish();
  return { ws: s.ws, cells };
}

export function summarizeSelfEval(model: SelfEvalModel): string {
  const scored = model.rows.filter((r) => r.score !== null).length;
  return T.selfeval.summary(model.plan.year, scored, model.rows.length, model.total === null ? null : fmt(model.total), model.grade);
}
