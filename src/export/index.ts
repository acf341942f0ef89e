import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import ExcelJS from 'exceljs';
import type { Plan } from '../plan/schema.js';
import type { ProgressRecord } from '../store/schema.js';
import { buildMonitor, summarizeMonitor, writeMonitorSheet } from './monitor.js';
import { buildSelfEval, summarizeSelfEval, writeSelfEvalSheets } from './selfeval.js';
import { summarizeRecords, writeRecordsSheets } from './records.js';
import type { SelfEvalWeights } from './weights.js';
import type { FormSettings } from './settings.js';
import { writeEvidenceSheet } from './evidence.js';
import { T } from './text.js';

export type ExportKind = 'monitor' | 'selfeval' | 'records';
export const EXPORT_KINDS: readonly ExportKind[] = ['monitor', 'selfeval', 'records'];

export interface ExportOptions {
  plan: Plan;
  records: readonly ProgressRecord[];
  /** The cut-off (监控截止日 / 自评数据日); also the workbook's creation stamp, so output is reproducible */
  now: Date;
  /** Self-evaluation weights; default 预算执行率 10, 产出 50, 效益 30, 满意度 10 */
  weights?: SelfEvalWeights;
  /** 监控表: cover 1 to this month (1–12); default: form settings, else 7 (never a month not yet over) */
  through?: number;
  /** Who signs, phone, budget by funding source (EXPORT_FORM_FILE) */
  settings?: FormSettings;
  outFile: string;
}

export interface ExportResult {
  path: string;
  /** One Chinese line for the chat reply */
  summary: string;
}

/** Suggested file name, e.g. 2021年绩效监控表（1-7月）.xlsx, 2021年绩效自评表（01-15）.xlsx */
export function exportFileName(kind: ExportKind, year: number, day: string, through?: number): string {
  const what = { monitor: '绩效监控表', selfeval: '绩效自评表', records: '上报记录' }[kind];
  const when = kind === 'monitor' && through ? (through === 1 ? '1月' : `1-${through}月`) : day.slice(5);
  return `${year}年${what}（${when}）.xlsx`;
}

/**
 * Drafts one of the official forms from the plan and the records as a real .xlsx.
 * Throws WeightsError when the weights do not fit the plan; the file is written only on success.
 */
export async function exportWorkbook(kind: ExportKind, opts: ExportOptions): Promise<ExportResult> {
  const wb = new ExcelJS.Workbook();
  wb.creator = '绩效助手';
  wb.created = opts.now;
  wb.modified = opts.now;
  // cached results are written, and every formula is recalculated when the file is opened
  wb.calcProperties.fullCalcOnLoad = true;
  const data = { plan: opts.plan, records: opts.records, now: opts.now };
  let summary: string;
  if (kind === 'monitor') {
    const model = buildMonitor({ ...data, through: opts.through, settings: opts.settings });
    writeMonitorSheet(wb, model);
    writeEvidenceSheet(wb, T.monitor.sheet, opts.plan, model.cutoff, opts.now, model.evidence);
    summary = summarizeMonitor(model);
  } else if (kind === 'selfeval') {
    const model = buildSelfEval({ ...data, weights: opts.weights, settings: opts.settings });
    writeSelfEvalSheets(wb, model);
    summary = summarizeSelfEval(model);
  } else {
    const { records, changes } = writeRecordsSheets(wb, data);
    summary = summarizeRecords(opts.plan, records, changes);
  }
  const file = path.resolve(opts.outFile);
  await mkdir(path.dirname(file), { recursive: true });
  await wb.xlsx.writeFile(file);
  return { path: file, summary };
}

export { buildMonitor, monitorThrough } from './monitor.js';
export { buildSelfEval, gradeOf } from './selfeval.js';
export { FormSettingsError, loadFormSettingsFile, parseFormSettings } from './settings.js';
export type { FormSettings } from './settings.js';
export { DEFAULT_WEIGHTS, loadWeightsFile, parseWeights, SelfEvalWeightsSchema, WeightsError } from './weights.js';
export type { SelfEvalWeights } from './weights.js';
