import type ExcelJS from 'exceljs';
import type { Plan } from '../plan/schema.js';
import type { HistoryEntry, ProgressRecord, RecordAmount, RecordFields } from '../store/schema.js';
import { isoShanghai } from '../core/time.js';
import { formatNumber } from '../progress/progress.js';
import type { ExportData } from './common.js';
import { addSheet, fitHeight, writeRow, writeTitle } from './common.js';
import { T } from './text.js';

/** "2021-05-30 09:30" in Shanghai, from a stored ISO time. */
export function shanghaiStamp(iso: string): string {
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : isoShanghai(d).slice(0, 16).replace('T', ' ');
}

function amountText(plan: Plan, a: RecordAmount): string {
  const metric = plan.indicators.flatMap((i) => i.metrics).find((m) => m.id === a.metricId);
  return `${a.metricId ?? '（未归入指标）'}${metric ? ` ${metric.counts}` : ''} ${formatNumber(a.value)}${a.unit}`;
}

function fieldsText(plan: Plan, f: Partial<RecordFields> | null): string {
  if (!f) return '';
  const out: string[] = [];
  if (f.activityDate !== undefined) out.push(`活动日期 ${f.activityDate}`);
  if (f.milestoneIds !== undefined) out.push(`进度节点 ${f.milestoneIds.join('、') || '无'}`);
  if (f.indicatorIds !== undefined) out.push(`指标 ${f.indicatorIds.join('、') || '无'}`);
  if (f.amounts !== undefined) out.push(`数量 ${f.amounts.map((a) => amountText(plan, a)).join('、') || '无'}`);
  return out.join('；');
}

const WIDTHS = [14, 8, 12, 10, 18, 40, 22, 22, 30, 17, 17, 8];
const H_WIDTHS = [14, 6, 17, 8, 10, 22, 40, 50];

/** Every record of the plan year (withdrawn ones too) and, on a second sheet, every change to it. */
export function writeRecordsSheets(wb: ExcelJS.Workbook, data: ExportData): { records: ProgressRecord[]; changes: number } {
  const { plan } = data;
  const records = data.records.filter((r) => r.planYear === plan.year).sort((a, b) => a.id.localeCompare(b.id));
  const at = isoShanghai(data.now).slice(0, 16).replace('T', ' ');

  const ws = addSheet(wb, T.records.sheet, WIDTHS);
  let r = writeTitle(ws, T.records.title(plan.year), T.records.info(plan.department, at), WIDTHS.length);
  writeRow(ws, r++, [...T.records.head], { head: true });
  const first = r;
  for (const rec of records) {
    const x = writeRow(ws, r++, [
      rec.id,
      T.records.status[rec.status],
      rec.activityDate,
      rec.reporter.name,
      rec.chat.name ?? rec.chat.id,
      rec.source.text,
      rec.milestoneIds.join('\n'),
      rec.indicatorIds.join('\n'),
      rec.amounts.map((a) => amountText(plan, a)).join('\n'),
      shanghaiStamp(rec.createdAt),
      shanghaiStamp(rec.confirmedAt),
      rec.history.length - 1,
    ]);
    fitHeight(x, WIDTHS);
  }
  ws.views = [{ state: 'frozen', xSplit: 1, ySplit: first - 1, topLeftCell: `B${first}`, activeCell: `B${first}` }];
  if (records.length) ws.autoFilter = { from: { row: first - 1, column: 1 }, to: { row: r - 1, column: WIDTHS.length } };

  const hs = addSheet(wb, T.records.historySheet, H_WIDTHS);
  r = writeTitle(hs, `${T.records.title(plan.year)}：${T.records.historySheet}`, T.records.info(plan.department, at), H_WIDTHS.length);
  writeRow(hs, r++, [...T.records.historyHead], { head: true });
  const hFirst = r;
  let changes = 0;
  for (const rec of records) {
    rec.history.forEach((h: HistoryEntry, k) => {
      if (h.action !== 'create') changes++;
      const x = writeRow(hs, r++, [rec.id, k + 1, shanghaiStamp(h.at), T.records.action[h.action], h.by.name, h.messageId, h.text, fieldsText(plan, h.before)]);
      fitHeight(x, H_WIDTHS);
    });
  }
  hs.views = [{ state: 'frozen', xSplit: 1, ySplit: hFirst - 1, topLeftCell: `B${hFirst}`, activeCell: `B${hFirst}` }];
  if (r > hFirst) hs.autoFilter = { from: { row: hFirst - 1, column: 1 }, to: { row: r - 1, column: H_WIDTHS.length } };
  return { records, changes };
}

export function summarizeRecords(plan: Plan, records: ProgressRecord[], changes: number): string {
  const active = records.filter((r) => r.status === 'active').length;
  return T.records.summary(plan.year, records.length, active, records.length - active, changes);
}
