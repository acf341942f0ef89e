import type ExcelJS from 'exceljs';
import { displayName } from '../text/display-name.js';
import type { Indicator, Plan } from '../plan/schema.js';
import type { ProgressRecord } from '../store/schema.js';
import { formatMonthDay, isoShanghai } from '../core/time.js';
import type { Funding, FundingCell, SpendEvidence } from './money.js';
import type { MetricFigure, MilestoneFact } from './approved.js';
import { fmt, QUARTER_LABEL, quarterActual, supportingRecords } from './approved.js';
import { FormSheet } from './form.js';
import { T } from './text.js';

/**
 * The second sheet: every figure and judgement on the fileable form traced to its records
 * (record id, reporter, date, value, how it counts, the words). Kept apart from the form so the
 * form carries nothing a bureau would strike out.
 */
export interface EvidenceLine {
  where: string;
  what: string;
  recordId: string;
  reporter: string;
  date: string;
  value: string;
  how: string;
  text: string;
}

const E = T.evidence;

export function fundingEvidence(f: Funding, months: string): EvidenceLine[] {
  const out: EvidenceLine[] = [];
  const cell = (where: string, c: FundingCell | null) => {
    if (!c) return;
    const what = E.executed(months, c.executed === null ? null : fmt(c.executed), c.basis);
    if (!c.evidence.length) {
      out.push({ where, what, recordId: '', reporter: '', date: '', value: '', how: '', text: '' });
      return;
    }
    for (const e of c.evidence) out.push(spendLine(where, what, e));
  };
  cell(E.fundingWhere(T.form.fundingTotal), f.total);
  for (const s of ['fiscal', 'carryover', 'other'] as const) cell(E.fundingWhere(T.form.sources[s]), f.sources[s]);
  cell(E.fundingWhere(T.form.lines.basic), f.lines.basic);
  cell(E.fundingWhere(T.form.lines.project), f.lines.project);
  for (const n of f.notes) out.push({ where: E.funding, what: n, recordId: '', reporter: '', date: '', value: '', how: '', text: '' });
  return out;
}

function spendLine(where: string, what: string, e: SpendEvidence): EvidenceLine {
  return {
    where,
    what,
    recordId: e.recordId,
    reporter: e.reporter,
    date: e.activityDate,
    value: `${fmt(e.value)}万元`,
    how: `${e.mode === 'set' ? E.set : E.add}，${e.counted ? E.counted : E.absorbed}`,
    text: e.text,
  };
}

export function indicatorWhere(ind: Indicator): string {
  return `${ind.level2}${ind.number}`;
}

export function metricEvidence(figs: readonly MetricFigure[], records: readonly ProgressRecord[]): EvidenceLine[] {
  const byId = new Map(records.map((r) => [r.id, r]));
  const out: EvidenceLine[] = [];
  for (const f of figs) {
    const where = indicatorWhere(f.indicator);
    const what = E.figure(f.metric.counts, f.actual === null ? null : `${fmt(f.actual)}${f.metric.unit}`);
    if (!f.evidence.length) out.push({ where, what, recordId: '', reporter: '', date: '', value: '', how: '', text: '' });
    for (const e of f.evidence)
      out.push({
        where,
        what,
        recordId: e.recordId,
        reporter: e.reporter,
        date: e.activityDate,
        value: `${fmt(e.value)}${f.metric.unit}`,
        how: `${e.mode === 'set' ? E.set : E.add}，${e.counted ? E.counted : E.absorbed}`,
        text: byId.get(e.recordId)?.source.text ?? '',
      });
  }
  return out;
}

export function qualitativeEvidence(plan: Plan, ind: Indicator, records: readonly ProgressRecord[], cutoff: string): EvidenceLine[] {
  const where = indicatorWhere(ind);
  const recs = supportingRecords(plan, records, ind, cutoff);
  if (!recs.length) return [{ where, what: E.qualitativeNone, recordId: '', reporter: '', date: '', value: '', how: '', text: '' }];
  return recs.map((r) => ({ where, what: E.qualitativeWork, recordId: r.id, reporter: displayName(r.reporter.name), date: r.activityDate, value: '', how: '', text: r.source.text }));
}

export function milestoneEvidence(facts: readonly MilestoneFact[], cutoff: string): EvidenceLine[] {
  const out: EvidenceLine[] = [];
  for (const f of facts) {
    const m = f.milestone;
    const where = E.milestoneWhere(QUARTER_LABEL[m.quarter], m.number);
    const state = f.doneOn
      ? f.onTime
        ? E.onTime(formatMonthDay(f.doneOn), formatMonthDay(m.due))
        : E.lateDone(formatMonthDay(f.doneOn), formatMonthDay(m.due))
      : m.due <= cutoff
        ? E.overdue(formatMonthDay(m.due))
        : E.notDue(formatMonthDay(m.due));
    const what = `${m.text.trim()}——${state}`;
    if (!f.evidence.length) out.push({ where, what, recordId: '', reporter: '', date: '', value: '', how: '', text: '' });
    for (const e of f.evidence) out.push({ where, what, recordId: e.recordId, reporter: e.reporter, date: e.activityDate, value: '', how: e.activityDate <= m.due ? E.recordOnTime : E.recordLate, text: e.text });
  }
  return out;
}

export { quarterActual };

/** sized to print on A4 landscape at 100 %, like the forms */
const WIDTHS = [12, 30, 11.5, 6.5, 9.5, 8, 12, 19];

export function writeEvidenceSheet(wb: ExcelJS.Workbook, form: string, plan: Plan, cutoff: string, now: Date, lines: readonly EvidenceLine[]): ExcelJS.Worksheet {
  const s = new FormSheet(wb, E.sheet, WIDTHS);
  s.cell(1, 1, E.title(form), { to: s.cols, bold: true, size: 14, align: 'center', border: false });
  s.minHeight(1, 26);
  s.cell(2, 1, E.info(plan.department, formatMonthDay(cutoff), isoShanghai(now).slice(0, 16).replace('T', ' ')), { to: s.cols, border: false });
  s.row(3, [...E.head], WIDTHS.map(() => 1), { bold: true, align: 'center' });
  let r = 4;
  for (const l of lines) {
    s.row(r, [l.where, l.what, l.recordId, l.reporter, l.date, l.value, l.how, l.text], WIDTHS.map(() => 1));
    r++;
  }
  s.ws.pageSetup.printTitlesRow = '3:3';
  s.ws.views = [{ state: 'frozen', ySplit: 3, xSplit: 0, topLeftCell: 'A4', activeCell: 'A4' }];
  if (r > 4) s.ws.autoFilter = { from: { row: 3, column: 1 }, to: { row: r - 1, column: s.cols } };
  s.finish();
  return s.ws;
}
