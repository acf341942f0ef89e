import { z } from 'zod';
import type { ProgressRecord, YearFile } from './schema.js';
import { STATE_FILE_VERSION, YEAR_FILE_VERSION } from './schema.js';
import { issuesError, StoreLoadError } from './load-error.js';
import { seqOf } from './records.js';

/**
 * Data files carry a schemaVersion. A file older than the program is brought up to date
 * on load, one step at a time (v1 → v2 → …); the caller keeps a copy of the original in
 * backups/ before writing the result. A file newer than the program is refused, never
 * downgraded.
 */
export interface Migration {
  /** The version this step reads; it produces version from + 1 */
  from: number;
  /** What a valid file of version `from` looks like (checked before the step runs) */
  schema: z.ZodType;
  up(data: never): unknown;
}

const zh = z.locales.zhCN().localeError;

// ---- year file v1: the 2021 prototype ------------------------------------------------
// One WeChat group, one number per report, a single milestone, Beijing wall-clock times
// without an offset, withdrawal as a flag, and no history of changes.

const LocalTime = z.string().regex(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/, '应为 "YYYY-MM-DD HH:mm:ss"（北京时间）');

export const RecordV1Schema = z.object({
  id: z.string().regex(/^R\d{4}-\d{4,}$/, '应为 R年份-序号，如 R2021-0001'),
  reporterId: z.string().min(1),
  reporterName: z.string(),
  groupId: z.string().min(1),
  groupName: z.string().nullable(),
  milestoneId: z.string().nullable(),
  indicatorIds: z.array(z.string()).optional(),
  amount: z.number().finite().nullable(),
  unit: z.string().nullable(),
  date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, '应为 YYYY-MM-DD'),
  messageId: z.string(),
  text: z.string(),
  createdAt: LocalTime,
  withdrawn: z.boolean(),
  withdrawnAt: LocalTime.nullable().optional(),
});
export type RecordV1 = z.infer<typeof RecordV1Schema>;

export const YearFileV1Schema = z.object({
  schemaVersion: z.literal(1),
  year: z.number().int(),
  /** The last sequence number handed out (v2 keeps the next one instead) */
  lastSeq: z.number().int().nonnegative(),
  records: z.array(RecordV1Schema),
});
export type YearFileV1 = z.infer<typeof YearFileV1Schema>;

const isoFromLocal = (t: string) => `${t.replace(' ', 'T')}+08:00`;

export function recordV1toV2(r: RecordV1, planYear: number): ProgressRecord {
  const reporter = { id: r.reporterId, name: r.reporterName };
  const at = isoFromLocal(r.createdAt);
  const rec: ProgressRecord = {
    id: r.id,
    planYear,
    milestoneIds: r.milestoneId ? [r.milestoneId] : [],
    indicatorIds: r.indicatorIds ?? [],
    amounts: r.amount === null ? [] : [{ metricId: null, value: r.amount, unit: r.unit ?? '' }],
    activityDate: r.date,
    reporter,
    chat: { id: r.groupId, name: r.groupName, kind: r.groupId.endsWith('@chatroom') ? 'room' : 'private' },
    source: { messageId: r.messageId, text: r.text },
    createdAt: at,
    confirmedAt: at,
    status: r.withdrawn ? 'withdrawn' : 'active',
    history: [{ at, by: reporter, action: 'create', messageId: r.messageId, text: r.text, before: null }],
  };
  if (r.withdrawn) {
    // v1 only let authors withdraw their own reports, and kept no message for it
    rec.history.push({
      at: r.withdrawnAt ? isoFromLocal(r.withdrawnAt) : at,
      by: reporter,
      action: 'withdraw',
      messageId: '',
      text: '（由第 1 版数据迁移：原记录已撤销）',
      before: null,
    });
  }
  return rec;
}

export function yearV1toV2(f: YearFileV1): YearFile {
  const maxSeq = f.records.reduce((m, r) => Math.max(m, seqOf(r.id)), 0);
  return {
    schemaVersion: 2,
    planYear: f.year,
    nextSeq: Math.max(f.lastSeq, maxSeq) + 1,
    records: f.records.map((r) => recordV1toV2(r, f.year)),
  };
}

export const yearFileMigrations: readonly Migration[] = [{ from: 1, schema: YearFileV1Schema, up: yearV1toV2 as (d: never) => unknown }];
export const stateFileMigrations: readonly Migration[] = [];

/**
 * Brings parsed JSON up to `current` through `chain`. Returns the data (not yet validated
 * against the current schema) and the version the file had. Throws StoreLoadError for a
 * missing, unknown or newer version, or an old file that is not valid in its own version.
 */
export function migrate(file: string, raw: unknown, current: number, chain: readonly Migration[]): { data: unknown; from: number } {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    throw new StoreLoadError(file, '文件顶层', '应是一个 JSON 对象 {…}');
  }
  const v = (raw as { schemaVersion?: unknown }).schemaVersion;
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 1) {
    throw new StoreLoadError(file, 'schemaVersion', `缺少或不是正整数（现在是 ${JSON.stringify(v) ?? '缺少'}），无法判断文件格式`);
  }
  if (v > current) {
    throw new StoreLoadError(
      file,
      'schemaVersion',
      `文件格式版本是 ${v}，本程序只认识到版本 ${current}`,
      '这个文件是更新版本的绩效助手写的。处理办法：升级绩效助手后再启动；不要改动版本号，也不要用旧程序打开它。',
    );
  }
  let data: unknown = raw;
  for (let ver = v; ver < current; ver++) {
    const step = chain.find((m) => m.from === ver);
    if (!step) throw new StoreLoadError(file, 'schemaVersion', `版本 ${ver} 的文件无法升级到版本 ${current}（没有对应的迁移步骤）`);
    const r = step.schema.safeParse(data, { error: zh });
    if (!r.success) throw issuesError(file, data, r.error.issues, `（按第 ${ver} 版格式检查）`);
    data = step.up(r.data as never);
  }
  return { data, from: v };
}

export { STATE_FILE_VERSION, YEAR_FILE_VERSION };
