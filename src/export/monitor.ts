import type ExcelJS from 'exceljs';
import type { Indicator, Plan } from '../plan/schema.js';
import type { ProgressRecord } from '../store/schema.js';
import { shanghaiDay, shanghaiParts } from '../core/time.js';
import type { MetricFigure, MilestoneFact } from './approved.js';
import { fmt, metricFigure, metricRate, milestoneFacts, QUARTERS, quarterActual, quarterTarget, quarterText, level3Text, supportingRecords, targetText, workDone } from './approved.js';
import type { EvidenceLine } from './evidence.js';
import { fundingEvidence, metricEvidence, milestoneEvidence, qualitativeEvidence } from './evidence.js';
import { FormSheet, ref, writeFormHead, writeFundingRows, writeGoals, writeSignatures, type Formula } from './form.js';
import type { Funding, FundingCell } from './money.js';
import { computeFunding, costLine } from './money.js';
import type { FormSettings, Signatures } from './settings.js';
import { DEFAULT_MONITOR_THROUGH, signaturesOf } from './settings.js';
import { T } from './text.js';

/** What the 监控表 reads: the plan, the records, the export instant, and optionally the cut-off month. */
export interface MonitorInput {
  plan: Plan;
  records: readonly ProgressRecord[];
  now: Date;
  /** 1–12: the form covers 1 to this month; default: settings.monitorThrough, else 7 */
  through?: number;
  settings?: FormSettings;
}

export type RowStatus = 'met' | 'on-track' | 'behind' | 'not-started' | 'unknown';

export interface MonitorRow {
  /** indicator id, or schedule-q1 … schedule-annual */
  key: string;
  level1: string;
  level2: string;
  level3: string;
  target: string;
  actual: string;
  projection: string;
  status: RowStatus;
  likely: string | null;
  /** the 成本指标 row: its figures follow the 执行数 of this budget line by formula */
  costOf?: 'basic' | 'project';
  costCeiling?: number;
}

export interface MonitorModel {
  plan: Plan;
  through: number;
  cutoff: string;
  /** 1–7月 */
  months: string;
  funding: Funding;
  rows: MonitorRow[];
  evidence: EvidenceLine[];
  signatures: Signatures;
  filedOn: string;
  now: Date;
}

const pad = (n: number) => String(n).padStart(2, '0');
export function monthEnd(year: number, month: number): string {
  return `${year}-${pad(month)}-${pad(new Date(Date.UTC(year, month, 0)).getUTCDate())}`;
}

export function monthsLabel(through: number): string {
  return through === 1 ? '1月' : `1–${through}月`;
}

/**
 * The month the 监控表 runs to. Asked for explicitly, that month. Otherwise the configured month
 * (7 by default: bureaus collect January–July in August), but never a month not yet over.
 */
export function monitorThrough(plan: Plan, now: Date, asked?: number, configured?: number): number {
  if (asked !== undefined) return asked;
  const want = configured ?? DEFAULT_MONITOR_THROUGH;
  const { year, month } = shanghaiParts(now);
  if (year > plan.year) return want;
  if (year < plan.year) return 1;
  const today = shanghaiDay(now);
  const lastDone = today === monthEnd(year, month) ? month : month - 1;
  return Math.max(1, Math.min(want, lastDone));
}

// 时效指标 sit with the other 产出 rows; a 二级 the bureau's list lacks comes last, under its own name
const ORDER = ['quantity', 'quality', 'timeliness', 'schedule', 'cost', 'benefit', 'satisfaction', 'other'] as const;

/** The monitoring form's content, pure. */
export function buildMonitor(input: MonitorInput): MonitorModel {
  const { plan, records } = input;
  const settings = input.settings ?? {};
  const through = monitorThrough(plan, input.now, input.through, settings.monitorThrough);
  const cutoff = monthEnd(plan.year, through);
  const share = through / 12;
  const funding = computeFunding(plan, records, cutoff, settings);
  const months = monthsLabel(through);
  const facts = milestoneFacts(plan, records, cutoff);

  const rows: MonitorRow[] = [];
  const evidence: EvidenceLine[] = [...fundingEvidence(funding, months)];
  for (const group of ORDER) {
    if (group === 'schedule') {
      for (const q of QUARTERS) {
        const qf = facts.filter((f) => f.milestone.quarter === q);
        if (!qf.length) continue;
        rows.push(scheduleRow(q, qf, cutoff));
        evidence.push(...milestoneEvidence(qf, cutoff));
      }
      continue;
    }
    for (const ind of plan.indicators.filter((i) => i.category === group)) {
      if (ind.category === 'cost' && ind.metrics.some((m) => m.unit === '万元')) {
        const m = ind.metrics.find((x) => x.unit === '万元')!;
        const line = costLine(ind);
        const cell = funding.lines[line];
        rows.push({
          key: ind.id,
          level1: ind.level1,
          level2: ind.level2,
          level3: level3Text(ind),
          target: `${T.form.lines[line]}${m.comparator}${fmt(m.value)}${m.unit}`,
          actual: cell?.executed == null ? '' : `${fmt(cell.executed)}万元`,
          projection: '',
          status: cell?.executed == null ? 'unknown' : cell.executed > m.value ? 'behind' : 'on-track',
          likely: null,
          costOf: line,
          costCeiling: m.value,
        });
        continue;
      }
      if (ind.qualitative || !ind.metrics.length) {
        rows.push(qualitativeRow(plan, ind, records, cutoff));
        evidence.push(...qualitativeEvidence(plan, ind, records, cutoff));
        continue;
      }
      const figs = ind.metrics.map((m) => metricFigure(plan, ind, m, records, cutoff));
      rows.push(quantitativeRow(plan, ind, figs, cutoff, share));
      evidence.push(...metricEvidence(figs, records));
    }
  }
  const filedOn = shanghaiDay(input.now);
  return { plan, through, cutoff, months, funding, rows, evidence, signatures: signaturesOf(plan, settings), filedOn, now: input.now };
}

/** The share of an indicator's target due by the cut-off: by its linked quarterly milestones, else by months. */
function expectedShare(plan: Plan, ind: Indicator, cutoff: string, share: number): number {
  const linked = plan.milestones.filter((m) => m.quarter !== 'annual' && m.indicators.includes(ind.id));
  if (!linked.length) return share;
  return linked.filter((m) => m.due <= cutoff).length / linked.length;
}

function quantitativeRow(plan: Plan, ind: Indicator, figs: MetricFigure[], cutoff: string, share: number): MonitorRow {
  const expected = expectedShare(plan, ind, cutoff, share);
  const actual: string[] = [];
  const projection: string[] = [];
  const states: RowStatus[] = [];
  for (const f of figs) {
    const m = f.metric;
    const label = figs.length > 1 ? m.counts : '';
    const a = f.actual;
    actual.push(a === null ? `${label}${T.rows.noData}` : `${label}${fmt(a)}${m.unit}`);
    if (a === null && m.aggregate === 'latest') {
      // 满意度 and other levels are measured once, usually at year end
      projection.push(`${label}${T.rows.measureLater}`);
      states.push('not-started');
      continue;
    }
    if (a === null) {
      projection.push(`${label}${expected > 0 ? T.rows.needsPace : T.rows.laterInYear}`);
      states.push(expected > 0 ? 'behind' : 'not-started');
      continue;
    }
    const rate = metricRate(m, a);
    if (m.comparator === '≤') {
      projection.push(`${label}${a > m.value ? T.rows.overCeiling : T.rows.withinCeiling}`);
      states.push(a > m.value ? 'behind' : 'on-track');
    } else if (rate >= 1) {
      projection.push(`${label}${T.rows.reached}`);
      states.push('met');
    } else if (m.aggregate === 'latest') {
      projection.push(`${label}${T.rows.belowLevel}`);
      states.push('behind');
    } else if (expected <= 0 || a >= m.value * expected * 0.8) {
      projection.push(`${label}${T.rows.willComplete}`);
      states.push('on-track');
    } else {
      projection.push(`${label}${T.rows.behindBy(fmt(Math.round(a / Math.max(expected, share))), m.unit)}`);
      states.push('behind');
    }
  }
  const status: RowStatus = states.includes('behind') ? 'behind' : states.every((s) => s === 'met') ? 'met' : states.every((s) => s === 'not-started') ? 'not-started' : 'on-track';
  return {
    key: ind.id,
    level1: ind.level1,
    level2: ind.level2,
    level3: level3Text(ind),
    target: targetText(ind),
    actual: figs.every((f) => f.actual === null) ? T.rows.noData : actual.join('；'),
    projection: collapse(projection, figs.map((f) => (figs.length > 1 ? f.metric.counts : ''))),
    status,
    likely: status === 'met' || status === 'on-track' ? T.monitor.likelihoodChoices[0] : null,
  };
}

/** "大赛按计划在下半年开展；培训按计划在下半年开展" says it once: "按计划在下半年开展". */
function collapse(texts: string[], labels: string[]): string {
  const bare = texts.map((t, k) => t.slice(labels[k]!.length));
  return bare.every((b) => b === bare[0]) ? bare[0]! : texts.join('；');
}

function qualitativeRow(plan: Plan, ind: Indicator, records: readonly ProgressRecord[], cutoff: string): MonitorRow {
  const recs = supportingRecords(plan, records, ind, cutoff);
  return {
    key: ind.id,
    level1: ind.level1,
    level2: ind.level2,
    level3: level3Text(ind),
    target: targetText(ind),
    actual: workDone(plan, recs),
    projection: '',
    status: recs.length ? 'on-track' : 'unknown',
    likely: null,
  };
}

function scheduleRow(q: (typeof QUARTERS)[number], facts: MilestoneFact[], cutoff: string): MonitorRow {
  const allDone = facts.every((f) => f.onTime);
  const overdue = facts.some((f) => !f.doneOn && f.milestone.due <= cutoff);
  const late = facts.some((f) => f.doneOn && !f.onTime);
  const notDue = facts.every((f) => f.milestone.due > cutoff && !f.doneOn);
  const P = T.rows.quarter.projection;
  return {
    key: `schedule-${q}`,
    level1: T.rows.output,
    level2: T.rows.schedule,
    level3: quarterText(facts.map((f) => f.milestone)),
    target: quarterTarget(facts.map((f) => f.milestone)),
    actual: quarterActual(facts, cutoff),
    projection: allDone ? P.allOnTime : overdue ? P.overdue : late ? P.late : notDue ? P.notDue : P.partly,
    status: allDone ? 'met' : overdue ? 'behind' : notDue ? 'not-started' : 'on-track',
    likely: allDone || (!overdue && !late) ? T.monitor.likelihoodChoices[0] : null,
  };
}

// ---- the sheet ----------------------------------------------------------------------

/** 一级 二级 三级 指标值 实际 预计 | 经费 制度 人员 硬件 其他 说明 | 可能性 备注 — sized to A4 landscape at 100 % */
const WIDTHS = [7.5, 7.5, 19, 12.5, 13, 12, 3.8, 3.8, 3.8, 3.8, 3.8, 8, 6.5, 4.5];

export function writeMonitorSheet(wb: ExcelJS.Workbook, model: MonitorModel): ExcelJS.Worksheet {
  const { plan, funding: f } = model;
  const s = new FormSheet(wb, T.monitor.sheet, WIDTHS);
  let r = writeFormHead(s, T.monitor.title(plan.year), T.monitor.period(plan.year, model.months), model.signatures.unit);

  // funding block: label A:C | 年初 D | 全年（调整）E | 执行数 F | 执行率 G:H | 全年预计 I:K | 预警 L:N
  const fh = T.monitor.fundingHead(model.months);
  s.row(r, [T.form.fundingCorner, ...fh], [3, 1, 1, 1, 2, 3, 3], { bold: true, align: 'center' });
  r++;
  const N = model.through;
  const X = 6; // 执行数
  const fundingRow = (row: number, c: FundingCell, execValue: ExcelJS.CellValue | Formula) => {
    s.cell(row, 4, c.budget, { numFmt: '#,##0.00', align: 'right' });
    s.cell(row, 5, c.adjusted, { numFmt: '#,##0.00', align: 'right' });
    s.cell(row, X, execValue, { numFmt: '#,##0.00', align: 'right' });
    const E = ref(X, row);
    const D = ref(5, row);
    const rate = c.executed === null || !c.adjusted ? '' : c.executed / c.adjusted;
    s.cell(row, 7, { formula: `IF(OR(${E}="",N(${D})=0),"",${E}/${D})`, result: rate }, { to: 8, numFmt: '0.00%', align: 'right' });
    const proj = c.executed === null ? '' : Math.round(Math.min(c.adjusted || Infinity, (c.executed * 12) / N) * 100) / 100;
    s.cell(row, 9, { formula: `IF(${E}="","",ROUND(IF(N(${D})>0,MIN(${D},${E}*12/${N}),${E}*12/${N}),2))`, result: proj }, { to: 11, numFmt: '#,##0.00', align: 'right' });
    const F = ref(7, row);
    const w = T.monitor.warning;
    const light = rate === '' ? '' : rate / (N / 12) < 0.6 ? w.red : rate / (N / 12) < 0.8 ? w.yellow : w.green;
    s.cell(row, 12, { formula: `IF(${F}="","",IF(${F}/(${N}/12)<0.6,"${w.red}",IF(${F}/(${N}/12)<0.8,"${w.yellow}","${w.green}")))`, result: light }, { to: 14, align: 'center' });
  };
  const funded = writeFundingRows(s, r, f, X, fundingRow);
  r = funded.next;
  const lineRows = funded.lineRows;

  // 年度总体目标
  r = writeGoals(s, r, plan, { label: 2, expected: 4 });

  // indicator table: two header rows, 偏差原因分析 over its ticks
  const head = r;
  const ih = T.monitor.indicatorHead(model.months);
  ih.forEach((h, k) => s.cell(r, k + 1, h, { down: r + 1, bold: true, align: 'center' }));
  s.cell(r, 7, T.monitor.deviation, { to: 12, bold: true, align: 'center' });
  T.monitor.deviationTicks.forEach((t, k) => s.cell(r + 1, 7 + k, t, { bold: true, align: 'center' }));
  s.cell(r, 13, T.monitor.likelihood, { down: r + 1, bold: true, align: 'center' });
  s.cell(r, 14, T.monitor.remark, { down: r + 1, bold: true, align: 'center' });
  s.minHeight(r + 1, 44);
  r += 2;
  for (const row of model.rows) {
    let actual: ExcelJS.CellValue | Formula = row.actual;
    let projection: ExcelJS.CellValue | Formula = row.projection;
    if (row.costOf && lineRows[row.costOf]) {
      const lr = lineRows[row.costOf]!;
      const E = ref(X, lr);
      const G = ref(9, lr);
      const c = f.lines[row.costOf]!;
      const cap = row.costCeiling!;
      actual = { formula: `IF(${E}="","",ROUND(${E},2)&"万元")`, result: c.executed === null ? '' : `${fmt(c.executed)}万元` };
      const p = c.executed === null ? null : Math.round(Math.min(c.adjusted || Infinity, (c.executed * 12) / N) * 100) / 100;
      const cp = T.rows.costProjection;
      projection = {
        formula: `IF(${G}="","",IF(${G}>${cap},"${cp.prefix}"&${G}&"${cp.over}","${cp.prefix}"&${G}&"${cp.within}"))`,
        result: p === null ? '' : `${cp.prefix}${fmt(p)}${p > cap ? cp.over : cp.within}`,
      };
    }
    s.row(r, [row.level1, row.level2, row.level3, row.target, actual, projection, '', '', '', '', '', '', row.likely ?? '', ''], WIDTHS.map(() => 1));
    for (let c = 7; c <= 11; c++) {
      s.ws.getCell(r, c).alignment = { horizontal: 'center', vertical: 'middle' };
      s.ws.getCell(r, c).dataValidation = { type: 'list', allowBlank: true, formulae: ['"√"'] };
    }
    s.ws.getCell(r, 13).dataValidation = { type: 'list', allowBlank: true, formulae: [`"${T.monitor.likelihoodChoices.join(',')}"`] };
    s.ws.getCell(r, 13).alignment = { horizontal: 'center', vertical: 'middle', wrapText: true };
    r++;
  }
    s.ws.pageSetup.printTitlesRow = `${head}:${head + 1}`;
  r = writeSignatures(s, r + 1, model.signatures, model.filedOn);
  s.finish();
  return s.ws;
}

/** 合计's 执行数: the sum of the source rows when they are filled, else the reported total. */
/**
 * 合计's 执行数 as a formula over the source rows in column `c` (budgets in D and E), so a typed
 * source figure recomputes it. It is their sum only when every source with a budget has a figure,
 * as computeFunding decides; otherwise it shows the reported total (or stays empty). When complete
 * source figures disagree with a newer reported total, the total stands as typed (the evidence
 * sheet says so).
 */

export function summarizeMonitor(model: MonitorModel): string {
  const count = (st: RowStatus) => model.rows.filter((r) => r.status === st).length;
  const counts = `其中已完成${count('met')}行、正常${count('on-track')}行、滞后${count('behind')}行`;
  const t = model.funding.total;
  // no total yet, but a budget line reported: say what is there rather than "nothing"
  const known = (['project', 'basic'] as const).map((k) => ({ k, c: model.funding.lines[k] })).filter((x) => x.c && x.c.executed !== null);
  const lines = known.map((x) => `${T.form.lines[x.k]}${fmt(x.c!.executed!)}万元`).join('、');
  const exec =
    t.executed !== null && t.adjusted
      ? `；经费执行${fmt(t.executed)}万元，执行率${Math.round((t.executed / t.adjusted) * 100)}%`
      : known.length
        ? `；已报${lines}，合计待补其余部分（请按财务账填写）`
        : '；尚无经费执行数上报，请按财务账填写';
  return T.monitor.summary(model.months, model.rows.length, counts, exec);
}
