import type ExcelJS from 'exceljs';
import type { Metric, Plan } from '../plan/schema.js';
import type { MetricProgress, Progress } from '../progress/progress.js';
import { computeProgress, formatNumber, formatTarget } from '../progress/progress.js';
import { formatFullDay } from '../core/time.js';
import type { ExportData } from './common.js';
import {
  addSheet,
  asOfDay,
  asOfInstant,
  fitHeight,
  formatEvidence,
  GROUP_FILL,
  indicatorEvidence,
  listValidation,
  MARK_FILL,
  mergeRuns,
  recordsAsOf,
  spendingMetric,
  writeNotes,
  writeRow,
  writeTitle,
  font,
} from './common.js';
import { metricActual } from './monitor.js';
import { T } from './text.js';
import type { SelfEvalWeights } from './weights.js';
import { DEFAULT_WEIGHTS, itemWeights } from './weights.js';

export type Grade = '优' | '良' | '中' | '差';

/** 优 ≥ 90, 良 80–90, 中 60–80, 差 < 60 */
export function gradeOf(total: number): Grade {
  return total >= 90 ? '优' : total >= 80 ? '良' : total >= 60 ? '中' : '差';
}

/**
 * The share of a metric's weight earned (0…1), by the ratio rules:
 * ≥ / ≈ / =: min(完成值 ÷ 指标值, 1); ≤: full when within, else 指标值 ÷ 完成值;
 * range: full from the lower bound up (above the upper bound is flagged, not docked), below it 完成值 ÷ 下限.
 */
export function metricFraction(m: Metric, actual: number): { fraction: number; note: string | null } {
  if (m.comparator === '≤') return { fraction: actual <= m.value ? 1 : m.value / actual, note: null };
  if (m.comparator === 'range') {
    if (actual < m.value) return { fraction: m.value > 0 ? actual / m.value : 1, note: null };
    return { fraction: 1, note: m.max !== null && actual > m.max ? T.selfeval.aboveRange : null };
  }
  return { fraction: m.value > 0 ? Math.min(Math.max(actual, 0) / m.value, 1) : 1, note: null };
}

export interface SelfEvalItem {
  /** Indicator id, or "schedule" for the 进度指标 as one item */
  id: string;
  level1: string;
  level2: string;
  level3: string;
  target: string;
  actual: string;
  weight: number;
  /** null: for people to grade (定性, or no figures reported) */
  score: number | null;
  qualitative: boolean;
  note: string;
  evidence: string;
}

export interface SelfEvalModel {
  plan: Plan;
  asOf: string;
  weights: SelfEvalWeights;
  budget: { budget: number; executed: number | null; rate: number | null; weight: number; score: number | null; note: string };
  items: SelfEvalItem[];
  /** Points of the items (and budget row) already scored */
  gradedWeight: number;
  total: number;
  /** Points still to be graded by people */
  pending: number;
  grade: Grade;
  progress: Progress;
}

const GROUP_ORDER = ['quantity', 'quality', 'timeliness', 'schedule', 'cost', 'benefit', 'satisfaction', 'other'] as const;

/** The self-evaluation's content and scores, pure. */
export function buildSelfEval(data: ExportData & { weights?: SelfEvalWeights }): SelfEvalModel {
  const { plan } = data;
  const weights = data.weights ?? DEFAULT_WEIGHTS;
  const asOf = asOfDay(plan, data.now);
  const records = recordsAsOf(plan, data.records, asOf);
  const progress = computeProgress(plan, records, asOfInstant(asOf));
  const evidence = indicatorEvidence(plan, records);

  const itemIds: string[] = [];
  for (const g of GROUP_ORDER) {
    if (g === 'schedule') {
      if (plan.milestones.length) itemIds.push('schedule');
    } else itemIds.push(...plan.indicators.filter((i) => i.category === g).map((i) => i.id));
  }
  const w = itemWeights(plan, weights, itemIds);

  const items: SelfEvalItem[] = itemIds.map((id) => {
    const weight = w.get(id)!;
    if (id === 'schedule') {
      const n = progress.milestones.length;
      const done = progress.milestones.filter((s) => s.done);
      const missing = progress.milestones.filter((s) => !s.done).map((s) => s.milestone.id);
      return {
        id,
        level1: '产出指标',
        level2: T.selfeval.schedule,
        level3: T.selfeval.scheduleText(n),
        target: T.selfeval.scheduleTarget(n),
        actual: T.selfeval.scheduleActual(done.length, n),
        weight,
        score: (done.length / n) * weight,
        qualitative: false,
        note: missing.length ? `未见完成记录：${missing.join('、')}` : '',
        evidence: done.map((s) => `${s.milestone.id}：${s.evidence.map((e) => formatEvidence(e)).join('；')}`).join('\n'),
      };
    }
    const ind = plan.indicators.find((i) => i.id === id)!;
    const base = { id, level1: ind.level1, level2: ind.level2, level3: `指标${ind.number}：${ind.text}`, weight, qualitative: ind.qualitative };
    if (ind.qualitative) {
      return { ...base, target: '定性', actual: '', score: null, note: T.selfeval.gradeManually, evidence: (evidence.get(id) ?? []).join('；') };
    }
    const mps = progress.metrics.filter((m) => m.indicator.id === id);
    const missing = mps.some((m) => m.actual === null);
    const parts = mps.map((m) => (m.actual === null ? null : metricFraction(m.metric, m.actual)));
    const fraction = missing ? null : parts.reduce((s, p) => s + p!.fraction, 0) / parts.length;
    const notes = [missing ? T.selfeval.noData : '', ...parts.map((p) => p?.note ?? '')].filter(Boolean);
    return {
      ...base,
      target: mps.map((m) => `${m.metric.counts} ${formatTarget(m.metric)}`).join('\n'),
      actual: mps.map(metricActual).join('\n'),
      score: fraction === null ? null : fraction * weight,
      note: [...new Set(notes)].join('；'),
      evidence: evidenceText(mps),
    };
  });

  const spend = spendingMetric(plan);
  const mp = spend ? progress.metrics.find((m) => m.metric.id === spend.id) : undefined;
  const executed = mp?.actual ?? null;
  const rate = executed === null || !plan.funding.total ? null : executed / plan.funding.total;
  const budget = {
    budget: plan.funding.total,
    executed,
    rate,
    weight: weights.budget,
    score: rate === null ? null : Math.min(rate, 1) * weights.budget,
    note: executed === null ? T.monitor.noSpending : `${T.monitor.spendingNote(spend!.id)}：${mp!.evidence.map((e) => formatEvidence(e, '万元')).join('；')}`,
  };

  const scored = items.filter((i) => i.score !== null);
  const gradedWeight = scored.reduce((s, i) => s + i.weight, 0) + (budget.score === null ? 0 : budget.weight);
  const total = scored.reduce((s, i) => s + i.score!, 0) + (budget.score ?? 0);
  const all = items.reduce((s, i) => s + i.weight, 0) + budget.weight;
  return { plan, asOf, weights, budget, items, gradedWeight, total, pending: all - gradedWeight, grade: gradeOf(total), progress };
}

function evidenceText(mps: MetricProgress[]): string {
  return mps
    .filter((m) => m.evidence.length)
    .map((m) => `${m.metric.counts}：${m.evidence.map((e) => formatEvidence(e, m.metric.unit)).join('；')}`)
    .join('\n');
}

// ---- the sheets ---------------------------------------------------------------------

/** 一级 二级 三级 指标值 实际 分值 得分 评价 偏差原因 依据 编号 */
const WIDTHS = [10, 12, 40, 22, 24, 8, 8, 10, 30, 36, 14];
const COLS = WIDTHS.length;
const F = 6; // 分值
const G = 7; // 得分

const r2 = (n: number) => Math.round(n * 100) / 100;

export function writeSelfEvalSheets(wb: ExcelJS.Workbook, model: SelfEvalModel): ExcelJS.Worksheet {
  const { plan } = model;
  const ws = addSheet(wb, T.selfeval.sheet, WIDTHS);
  let r = writeTitle(ws, T.selfeval.title(plan.year), T.selfeval.info(plan.department, formatFullDay(model.asOf)), COLS);

  // funding block, 分值/得分 in the same columns as the indicator table so one formula sums both
  const fh = T.selfeval.fundingHead;
  writeRow(ws, r, [fh[0], fh[1], fh[2], fh[3], '', fh[4], fh[5], fh[6], '', '', ''], { head: true });
  ws.mergeCells(r, 4, r, 5);
  ws.mergeCells(r, 8, r, COLS);
  r++;
  const b = model.budget;
  const budgetRow = r;
  const br = writeRow(ws, r, ['资金总额', b.budget, b.executed ?? '', b.rate ?? '', '', b.weight, b.score === null ? null : b.score, b.note, '', '', '']);
  br.getCell(2).numFmt = '#,##0.00';
  br.getCell(3).numFmt = '#,##0.00';
  br.getCell(4).numFmt = '0.00%';
  br.getCell(F).numFmt = '0.00';
  br.getCell(G).numFmt = '0.00';
  if (b.score === null) br.getCell(G).fill = MARK_FILL;
  ws.mergeCells(r, 4, r, 5);
  ws.mergeCells(r, 8, r, COLS);
  fitHeight(br, [...WIDTHS.slice(0, 7), WIDTHS.slice(7).reduce((a, c) => a + c, 0)]);
  r++;
  const parts: [string, number | null][] = [
    ['其中：基本支出', plan.funding.basic],
    ['项目支出', plan.funding.project],
    ['其他', plan.funding.other],
  ];
  for (const [label, budget] of parts) {
    if (budget === null) continue;
    const x = writeRow(ws, r, [label, budget, '', '', '', '', '', '', '', '', '']);
    x.getCell(2).numFmt = '#,##0.00';
    ws.mergeCells(r, 4, r, 5);
    ws.mergeCells(r, 8, r, COLS);
    r++;
  }
  r++;

  // 年度总体目标: 预期目标 | 实际完成情况 (for people)
  const gh = T.selfeval.goalsHead;
  writeRow(ws, r, [gh[0], gh[1], '', '', '', '', gh[2], '', '', '', ''], { head: true });
  ws.mergeCells(r, 2, r, 6);
  ws.mergeCells(r, 7, r, COLS);
  r++;
  const goalsFrom = r;
  for (const g of plan.goals) {
    const x = writeRow(ws, r, [gh[0], `${g.id.replace('goal-', '')}. ${g.text}`, '', '', '', '', '', '', '', '', '']);
    ws.mergeCells(r, 2, r, 6);
    ws.mergeCells(r, 7, r, COLS);
    fitHeight(x, [WIDTHS[0]!, WIDTHS.slice(1, 6).reduce((a, c) => a + c, 0), WIDTHS.slice(6).reduce((a, c) => a + c, 0)]);
    r++;
  }
  if (plan.goals.length > 1) ws.mergeCells(goalsFrom, 1, r - 1, 1);
  r++;

  // indicators
  const head = r;
  writeRow(ws, r, [...T.selfeval.indicatorHead], { head: true });
  r++;
  const first = r;
  for (const it of model.items) {
    const short = it.score !== null && it.score < it.weight - 1e-9;
    const x = writeRow(ws, r, [it.level1, it.level2, it.level3, it.target, it.actual, it.weight, it.score, '', it.note, it.evidence, it.id]);
    x.getCell(F).numFmt = '0.00';
    x.getCell(G).numFmt = '0.00';
    x.getCell(1).fill = GROUP_FILL;
    x.getCell(2).fill = GROUP_FILL;
    if (it.score === null) x.getCell(G).fill = MARK_FILL;
    if (it.qualitative) {
      x.getCell(8).fill = MARK_FILL;
      x.getCell(8).dataValidation = listValidation(T.selfeval.qualitativeChoices);
    }
    if (it.score === null || short) x.getCell(9).fill = MARK_FILL;
    fitHeight(x, WIDTHS);
    r++;
  }
  const last = r - 1;
  mergeRuns(ws, 1, first, last);
  mergeRuns(ws, 2, first, last);

  // totals: formulas, so the total and grade follow as people fill in the blank 得分 cells
  const allWeight = model.items.reduce((s, i) => s + i.weight, 0) + b.weight;
  const sumScores = `SUM(G${budgetRow},G${first}:G${last})`;
  const graded = `(SUMIFS(F${first}:F${last},G${first}:G${last},"<>")+IF(G${budgetRow}="",0,F${budgetRow}))`;
  const totalRow = r;
  const lines: [string, ExcelJS.CellValue, string][] = [
    [T.selfeval.total, { formula: sumScores, result: r2(model.total) }, T.selfeval.pendingNote],
    [T.selfeval.grade, { formula: `IF(G${totalRow}>=90,"优",IF(G${totalRow}>=80,"良",IF(G${totalRow}>=60,"中","差")))`, result: model.grade }, ''],
    [T.selfeval.pending, { formula: `F${totalRow}-${graded}`, result: r2(model.pending) }, ''],
    [T.selfeval.best, { formula: `G${totalRow}+G${totalRow + 2}`, result: r2(model.total + model.pending) }, ''],
  ];
  lines.forEach(([label, value, note], k) => {
    const x = writeRow(ws, r, [label, '', '', '', '', k === 0 ? { formula: `SUM(F${budgetRow},F${first}:F${last})`, result: r2(allWeight) } : '', value, note, '', '', '']);
    ws.mergeCells(r, 1, r, 5);
    ws.mergeCells(r, 8, r, COLS);
    x.getCell(1).font = font({ bold: true });
    x.getCell(1).alignment = { horizontal: 'right', vertical: 'middle' };
    x.getCell(G).font = font({ bold: true });
    x.getCell(F).numFmt = '0.00';
    x.getCell(G).numFmt = '0.00';
    r++;
  });
  ws.views = [{ state: 'frozen', xSplit: 0, ySplit: first - 1, topLeftCell: `A${first}`, activeCell: `A${first}` }];
  ws.pageSetup.printTitlesRow = `${head}:${head}`;
  wb.calcProperties.fullCalcOnLoad = true;

  writeRulesSheet(wb, model);
  return ws;
}

function writeRulesSheet(wb: ExcelJS.Workbook, model: SelfEvalModel): void {
  const ws = addSheet(wb, T.selfeval.rulesSheet, [16, 70, 12]);
  const w = model.weights;
  const rules = [
    '评分规则（本表由绩效助手按上报记录起草，须经人工核对后使用）',
    `1. 权重：预算执行率 ${w.budget} 分，产出指标 ${w.output} 分，效益指标 ${w.benefit} 分，满意度指标 ${w.satisfaction} 分；各块内未单独配置的指标平分该块剩余分值。进度指标（各季度工作节点）作为产出指标中的一项。`,
    '2. 预算执行率得分 = min(执行数 ÷ 预算数, 1) × 分值；执行数取群里上报的“经费支出”最新累计数（成本指标口径，未必含基本支出），请与财务账核对后修改。',
    '3. 定量指标：“≥”（及“约”“=”）类，完成值 ÷ 指标值 × 分值，最高满分；“≤”类，完成值不超过指标值得满分，否则 指标值 ÷ 完成值 × 分值；区间类，达到下限即满分，低于下限按 完成值 ÷ 下限 计。一个指标含多个指标值时取各项得分率的平均。',
    '4. 进度指标：按期完成的节点数 ÷ 节点总数 × 分值（以群内上报的完成记录为准）。',
    '5. 定性指标：由人工评定，达成 80%–100%、部分达成 60%–80%、未达成 0–60% 的分值；无上报数据的定量指标也须人工核实评分。',
    '6. 总分按已评分部分合计；等级：优 ≥90，良 80–89，中 60–79，差 <60。填入人工评分后总分和等级自动重算。',
    `7. 数据截至 ${formatFullDay(model.asOf)}：只计活动日期在此之前的有效记录，已撤销的记录不计。`,
  ];
  let r = 1;
  for (const line of rules) {
    ws.mergeCells(r, 1, r, 3);
    const c = ws.getCell(r, 1);
    c.value = line;
    c.font = font(r === 1 ? { bold: true, size: 12 } : {});
    c.alignment = { wrapText: true, vertical: 'top' };
    ws.getRow(r).height = r === 1 ? 22 : 32;
    r++;
  }
  r++;
  writeRow(ws, r++, ['编号', '指标', '分值'], { head: true });
  const x = writeRow(ws, r++, ['budget', T.selfeval.budgetRow, model.budget.weight]);
  x.getCell(3).numFmt = '0.00';
  for (const it of model.items) {
    const y = writeRow(ws, r++, [it.id, `${it.level2}：${it.level3}`, it.weight]);
    y.getCell(3).numFmt = '0.00';
  }
  writeNotes(ws, r + 1, ['权重可用 --weights 文件配置，例如 {"budget":10,"output":50,"benefit":30,"satisfaction":10,"items":{"quantity-1":5}}'], 3);
}

export function summarizeSelfEval(model: SelfEvalModel): string {
  return T.selfeval.summary(model.plan.year, formatNumber(r2(model.gradedWeight)), formatNumber(r2(model.total)), model.grade, formatNumber(r2(model.pending)), formatNumber(r2(model.total + model.pending)));
}
