import type ExcelJS from 'exceljs';
import type { Indicator, Plan } from '../plan/schema.js';
import type { MetricProgress, MilestoneStatus, Progress } from '../progress/progress.js';
import { computeProgress, formatNumber, formatPercent, formatTarget } from '../progress/progress.js';
import { formatMonthDay } from '../core/time.js';
import { quarterName } from '../plan/labels.js';
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
  monthsLabel,
  recordsAsOf,
  round2,
  spendingMetric,
  writeNotes,
  writeRow,
  writeTitle,
} from './common.js';
import { T } from './text.js';

export type RowStatus = 'met' | 'on-track' | 'behind' | 'not-started' | 'unknown';

export interface FundingLine {
  label: string;
  budget: number;
  /** 1–N月执行数; null when nobody reported spending (or for the lines spending is not broken down to) */
  executed: number | null;
  /** executed ÷ budget */
  rate: number | null;
  /** executed ÷ share of the year elapsed */
  projected: number | null;
  /** (rate ÷ time share) → red / yellow / green */
  warning: string | null;
  note: string;
}

export interface MonitorRow {
  /** Indicator or milestone id */
  id: string;
  level1: string;
  level2: string;
  level3: string;
  target: string;
  actual: string;
  projection: string;
  status: RowStatus;
  /** Prefilled 完成目标可能性 where the figures leave no doubt; null for people to choose */
  likely: string | null;
  remark: string;
}

export interface MonitorModel {
  plan: Plan;
  asOf: string;
  months: string;
  yearElapsed: number;
  funding: FundingLine[];
  rows: MonitorRow[];
  progress: Progress;
}

const GROUP_ORDER = ['quantity', 'quality', 'timeliness', 'schedule', 'cost', 'benefit', 'satisfaction', 'other'] as const;

function warningOf(rate: number, share: number): string {
  const r = share > 0 ? rate / share : 1;
  return r < 0.6 ? T.monitor.warning.red : r < 0.8 ? T.monitor.warning.yellow : T.monitor.warning.green;
}

function buildFunding(plan: Plan, progress: Progress): FundingLine[] {
  const spend = spendingMetric(plan);
  const mp = spend ? progress.metrics.find((m) => m.metric.id === spend.id) : undefined;
  const executed = mp?.actual ?? null;
  const f = plan.funding;
  const share = progress.yearElapsed;
  const total: FundingLine = {
    label: '资金总额',
    budget: f.total,
    executed,
    rate: executed === null || !f.total ? null : executed / f.total,
    projected: executed === null || share <= 0 ? null : round2(executed / share),
    warning: executed === null || !f.total ? null : warningOf(executed / f.total, share),
    note: executed === null ? T.monitor.noSpending : `${T.monitor.spendingNote(spend!.id)}：${mp!.evidence.map((e) => formatEvidence(e, '万元')).join('；')}`,
  };
  const lines = [total];
  const parts: [string, number | null][] = [
    ['其中：基本支出', f.basic],
    ['项目支出', f.project],
    ['其他', f.other],
  ];
  for (const [label, budget] of parts)
    if (budget !== null) lines.push({ label, budget, executed: null, rate: null, projected: null, warning: null, note: '' });
  return lines;
}

export function metricActual(mp: MetricProgress): string {
  const m = mp.metric;
  if (mp.actual === null) return `${m.counts} 暂无上报`;
  const pct = m.comparator === '≤' ? '' : `（${formatPercent(mp.ratio)}）`;
  return `${m.counts} ${formatNumber(mp.actual)}${m.unit}${pct}`;
}

/** 全年预计完成情况 of one metric, projected from the pace the calendar asks for; `doubtful` when the projection misses the target. */
function metricProjection(mp: MetricProgress, yearElapsed: number): { text: string; doubtful: boolean } {
  const m = mp.metric;
  const a = mp.actual;
  const say = (text: string, doubtful = false) => ({ text: `${m.counts}：${text}`, doubtful });
  if (a === null) return say(mp.expected > 0 ? '暂无上报，进度滞后' : '尚未到计划时间', mp.expected > 0);
  if (m.comparator === '≤') {
    if (a > m.value) return say('已超出指标值', true);
    if (m.aggregate === 'latest' && yearElapsed > 0) {
      const p = round2(a / yearElapsed);
      return p <= m.value ? say(`预计全年约${formatNumber(p)}${m.unit}，不超过指标值`) : say(`预计全年约${formatNumber(p)}${m.unit}，可能超出指标值`, true);
    }
    return say('预计不超过指标值');
  }
  if (m.aggregate === 'latest') return a >= m.value ? say(`预计${formatNumber(a)}${m.unit}，可以达成`) : say(`预计${formatNumber(a)}${m.unit}，低于指标值`, true);
  if (a >= m.value) return say('已完成');
  if (mp.expected <= 0) return say('进度超前，预计可以完成');
  const p = round2(a / mp.expected);
  return p >= m.value
    ? say(`预计可以完成（约${formatNumber(p)}${m.unit}）`)
    : say(`预计完成约${formatNumber(p)}${m.unit}（${formatPercent(p / m.value)}），存在差距`, true);
}

function combine(paces: MetricProgress['pace'][]): RowStatus {
  if (paces.some((p) => p === 'behind' || p === 'over')) return 'behind';
  if (paces.every((p) => p === 'met')) return 'met';
  if (paces.every((p) => p === 'no-data')) return 'not-started';
  return 'on-track';
}

function milestoneLine(s: MilestoneStatus): string {
  const m = s.milestone;
  const q = quarterName(m.quarter);
  const state = s.done ? '已完成' : s.evidence.length ? '进行中' : s.overdue ? '逾期未完成' : '未到期';
  return `${q}：${m.text.replace(/[。；;]$/, '')}（${state}）`;
}

function indicatorRow(ind: Indicator, progress: Progress, data: { asOf: string; evidenceByIndicator: Map<string, string[]> }): MonitorRow {
  const base = { id: ind.id, level1: ind.level1, level2: ind.level2, level3: `指标${ind.number}：${ind.text}` };
  if (!ind.qualitative) {
    const mps = progress.metrics.filter((m) => m.indicator.id === ind.id);
    const status = combine(mps.map((m) => m.pace));
    const remark = mps
      .filter((m) => m.evidence.length)
      .map((m) => `${m.metric.counts}：${m.evidence.map((e) => formatEvidence(e, m.metric.unit)).join('；')}`)
      .join('\n');
    const projections = mps.map((m) => metricProjection(m, progress.yearElapsed));
    // 确定能 only when the figures leave no doubt; a projected miss is left for people to judge
    const certain = (status === 'met' || status === 'on-track') && !projections.some((p) => p.doubtful);
    return {
      ...base,
      target: mps.map((m) => `${m.metric.counts} ${formatTarget(m.metric)}`).join('\n'),
      actual: mps.map(metricActual).join('\n'),
      projection: projections.map((p) => p.text).join('\n'),
      status,
      likely: certain ? T.monitor.likelihoodChoices[0] : null,
      remark,
    };
  }
  // 定性指标: the status of the milestones that advance it, and any record that names it
  const linked = progress.milestones.filter((s) => s.milestone.indicators.includes(ind.id));
  const done = linked.filter((s) => s.done);
  const overdue = linked.filter((s) => s.overdue);
  const evidence = data.evidenceByIndicator.get(ind.id) ?? [];
  let status: RowStatus;
  let projection: string;
  if (overdue.length) {
    status = 'behind';
    projection = `有${overdue.length}个相关进度节点逾期未完成`;
  } else if (linked.length && done.length === linked.length) {
    status = 'met';
    projection = '相关工作已全部完成';
  } else if (done.length || evidence.length) {
    status = 'on-track';
    projection = linked.length ? `相关进度节点已完成${done.length}/${linked.length}，按计划推进` : '已有工作上报，按计划推进';
  } else if (linked.length) {
    status = 'not-started';
    projection = '相关进度节点尚未到期';
  } else {
    status = 'unknown';
    projection = '';
  }
  return {
    ...base,
    target: '定性指标（达成/部分达成/未达成）',
    actual: linked.length ? linked.map(milestoneLine).join('\n') : evidence.length ? '已有工作上报（见备注）' : '',
    projection,
    status,
    likely: status === 'met' || status === 'on-track' ? T.monitor.likelihoodChoices[0] : null,
    remark: evidence.join('；'),
  };
}

function milestoneRow(s: MilestoneStatus): MonitorRow {
  const m = s.milestone;
  const q = { q1: '第一季度', q2: '第二季度', q3: '第三季度', q4: '第四季度', annual: '全年' }[m.quarter];
  const status: RowStatus = s.done ? 'met' : s.overdue ? 'behind' : 'not-started';
  return {
    id: m.id,
    level1: '产出指标',
    level2: T.monitor.schedule,
    level3: `${q}${m.number}：${m.text}`,
    target: T.monitor.milestoneTarget(formatMonthDay(m.due)),
    actual: s.done ? '已完成' : s.overdue ? '逾期未完成' : '未完成',
    projection: s.done ? '已完成' : s.overdue ? '逾期，需尽快完成' : `计划${formatMonthDay(m.due)}前完成`,
    status,
    likely: s.done ? T.monitor.likelihoodChoices[0] : null,
    remark: s.evidence.map((e) => formatEvidence(e)).join('；'),
  };
}

/** The monitoring form's content, pure: what each cell says as of the cut-off day. */
export function buildMonitor(data: ExportData): MonitorModel {
  const { plan } = data;
  const asOf = asOfDay(plan, data.now);
  const records = recordsAsOf(plan, data.records, asOf);
  const progress = computeProgress(plan, records, asOfInstant(asOf));

  const evidenceByIndicator = indicatorEvidence(plan, records);

  const rows: MonitorRow[] = [];
  for (const group of GROUP_ORDER) {
    if (group === 'schedule') rows.push(...progress.milestones.map(milestoneRow));
    else for (const ind of plan.indicators.filter((i) => i.category === group)) rows.push(indicatorRow(ind, progress, { asOf, evidenceByIndicator }));
  }
  return { plan, asOf, months: monthsLabel(asOf), yearElapsed: progress.yearElapsed, funding: buildFunding(plan, progress), rows, progress };
}

// ---- the sheet ----------------------------------------------------------------------

/** 一级 二级 三级 指标值 实际 预计 | 5 ticks + 说明 | 可能性 | 备注 | 编号 */
const WIDTHS = [10, 12, 40, 22, 24, 26, 6, 6, 6, 6, 6, 24, 10, 36, 14];
const COLS = WIDTHS.length;

export function writeMonitorSheet(wb: ExcelJS.Workbook, model: MonitorModel): ExcelJS.Worksheet {
  const { plan } = model;
  const ws = addSheet(wb, T.monitor.sheet, WIDTHS);
  let r = writeTitle(ws, T.monitor.title(plan.year), T.monitor.info(plan.department, formatMonthDay(model.asOf), model.months), COLS);

  // funding block: label | 年初预算数 | 执行数 | 执行率 | 全年预计 | 预警 | 说明 (说明 spans the rest)
  const fundHead: string[] = [...T.monitor.fundingHead];
  fundHead[2] = `${model.months}执行数`;
  writeRow(ws, r, [fundHead[0], fundHead[1], fundHead[2], fundHead[3], fundHead[4], fundHead[5], ...Array(COLS - 6).fill('')], { head: true });
  ws.getCell(r, 7).value = fundHead[6]!;
  ws.mergeCells(r, 7, r, COLS);
  r++;
  for (const line of model.funding) {
    const row = writeRow(ws, r, [line.label, line.budget, line.executed ?? '', line.rate ?? '', line.projected ?? '', line.warning ?? '', line.note, ...Array(COLS - 7).fill('')]);
    row.getCell(2).numFmt = '#,##0.00';
    row.getCell(3).numFmt = '#,##0.00';
    row.getCell(4).numFmt = '0.00%';
    row.getCell(5).numFmt = '#,##0.00';
    ws.mergeCells(r, 7, r, COLS);
    fitHeight(row, [...WIDTHS.slice(0, 6), WIDTHS.slice(6).reduce((a, b) => a + b, 0)]);
    r++;
  }
  r++;

  // indicator table, two header rows: the 偏差原因分析 group over its ticks
  const head1 = r;
  const h = T.monitor.indicatorHead;
  writeRow(ws, r, [...h, T.monitor.deviation, '', '', '', '', '', T.monitor.likelihood, T.monitor.remark, T.monitor.id], { head: true });
  writeRow(ws, r + 1, [...h.map(() => ''), ...T.monitor.deviationTicks, '', '', ''], { head: true });
  ws.getCell(head1, 5).value = `${model.months}实际完成值`;
  for (let c = 1; c <= COLS; c++) if (c < 7 || c > 12) ws.mergeCells(r, c, r + 1, c);
  ws.mergeCells(r, 7, r, 12);
  ws.getRow(r + 1).height = 30;
  r += 2;
  const first = r;
  for (const row of model.rows) {
    const behind = row.status === 'behind';
    const ticks = ['', '', '', '', '', behind ? T.monitor.pleaseFill : ''];
    const x = writeRow(ws, r, [row.level1, row.level2, row.level3, row.target, row.actual, row.projection, ...ticks, row.likely ?? '', row.remark, row.id]);
    if (behind) for (let c = 6; c <= 13; c++) x.getCell(c).fill = MARK_FILL;
    for (let c = 7; c <= 11; c++) {
      x.getCell(c).alignment = { horizontal: 'center', vertical: 'middle' };
      x.getCell(c).dataValidation = listValidation(['√']);
    }
    x.getCell(13).dataValidation = listValidation(T.monitor.likelihoodChoices);
    x.getCell(1).fill = GROUP_FILL;
    x.getCell(2).fill = GROUP_FILL;
    fitHeight(x, WIDTHS);
    r++;
  }
  mergeRuns(ws, 1, first, r - 1);
  mergeRuns(ws, 2, first, r - 1);
  ws.views = [{ state: 'frozen', xSplit: 0, ySplit: first - 1, topLeftCell: `A${first}`, activeCell: `A${first}` }];
  ws.pageSetup.printTitlesRow = `${head1}:${head1 + 1}`;
  writeNotes(ws, r + 1, T.monitor.notes, COLS);
  return ws;
}

export function summarizeMonitor(model: MonitorModel): string {
  const count = (s: RowStatus) => model.rows.filter((r) => r.status === s).length;
  const counts = `其中已完成${count('met')}项、正常${count('on-track')}项、滞后${count('behind')}项（已标黄，待填写原因）`;
  const total = model.funding[0]!;
  const exec = total.rate === null ? '；尚无经费支出上报' : `；经费执行率${formatPercent(total.rate)}`;
  return T.monitor.summary(formatMonthDay(model.asOf), model.plan.indicators.length, model.plan.milestones.length, counts, exec);
}
