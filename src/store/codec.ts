import { z } from 'zod';
import type { ProgressRecord, StateFile, YearFile } from './schema.js';
import { ProgressRecordSchema, STATE_FILE_VERSION, StateFileSchema, YEAR_FILE_VERSION, YearFileSchema } from './schema.js';
import { issuesError, parseJsonFile, StoreLoadError, StoreWriteError, formatPath } from './load-error.js';
import { migrate, stateFileMigrations, yearFileMigrations } from './migrations.js';
import { freezeRecord, seqOf } from './records.js';

const zh = z.locales.zhCN().localeError;

/** The rules beyond the zod schema that keep ids unique; null when all hold. */
function yearInvariant(f: YearFile, expectYear: number | null): { place: string; problem: string } | null {
  if (expectYear !== null && f.planYear !== expectYear) {
    return { place: 'planYear', problem: `文件名是 ${expectYear} 年，内容却是 ${f.planYear} 年` };
  }
  const seen = new Map<string, number>();
  let maxSeq = 0;
  for (let i = 0; i < f.records.length; i++) {
    const r = f.records[i]!;
    if (r.planYear !== f.planYear) return { place: `records[${i}].planYear（记录 ${r.id}）`, problem: `是 ${r.planYear}，与文件的 planYear ${f.planYear} 不符` };
    if (!r.id.startsWith(`R${f.planYear}-`)) return { place: `records[${i}].id`, problem: `${r.id} 不是 ${f.planYear} 年的编号` };
    const dup = seen.get(r.id);
    if (dup !== undefined) return { place: `records[${i}].id`, problem: `编号 ${r.id} 与 records[${dup}] 重复` };
    seen.set(r.id, i);
    maxSeq = Math.max(maxSeq, seqOf(r.id));
  }
  if (f.nextSeq <= maxSeq) {
    return { place: 'nextSeq', problem: `是 ${f.nextSeq}，必须大于已用的最大序号 ${maxSeq}，否则新记录会重号` };
  }
  return null;
}

/**
 * The first field of `raw` that validation dropped (zod leaves out fields it does not know),
 * as a path; null when nothing was dropped. Such a file is refused: saving it would lose the
 * field (a newer program's data, or someone's note added by hand).
 */
export function droppedField(raw: unknown, parsed: unknown, at: (string | number)[] = []): (string | number)[] | null {
  if (Array.isArray(raw) && Array.isArray(parsed)) {
    for (let i = 0; i < raw.length; i++) {
      const d = droppedField(raw[i], parsed[i], [...at, i]);
      if (d) return d;
    }
    return null;
  }
  if (raw === null || typeof raw !== 'object' || parsed === null || typeof parsed !== 'object') return null;
  for (const k of Object.keys(raw)) {
    if (!Object.hasOwn(parsed, k)) return [...at, k];
    const d = droppedField((raw as Record<string, unknown>)[k], (parsed as Record<string, unknown>)[k], [...at, k]);
    if (d) return d;
  }
  return null;
}

function refuseUnknown(file: string, raw: unknown, parsed: unknown): void {
  const d = droppedField(raw, parsed);
  if (!d) return;
  throw new StoreLoadError(
    file,
    formatPath(d),
    `是本程序不认识的字段（可能是更新版本的绩效助手写的，或手工加的）；为免保存时把它丢掉，文件没有载入`,
    '处理办法：升级绩效助手；或确认这个字段不需要后用文本编辑器删掉它；然后重新启动。',
  );
}

/**
 * Text of records-YYYY.json → a valid, current-version YearFile with frozen records, or a
 * StoreLoadError. The whole file is checked with zod and the id rules on every load.
 */
export function decodeYearFile(file: string, text: string, expectYear: number | null): { data: YearFile; from: number } {
  const raw = parseJsonFile(file, text);
  const { data, from } = migrate(file, raw, YEAR_FILE_VERSION, yearFileMigrations);
  const r = YearFileSchema.safeParse(data, { error: zh });
  if (!r.success) {
    throw issuesError(file, data, r.error.issues, from < YEAR_FILE_VERSION ? `（从第 ${from} 版迁移后）` : '');
  }
  refuseUnknown(file, data, r.data);
  const bad = yearInvariant(r.data, expectYear);
  if (bad) throw new StoreLoadError(file, bad.place, bad.problem);
  for (const rec of r.data.records) freezeRecord(rec);
  return { data: r.data, from };
}

// ---- encoding ------------------------------------------------------------------------
// A year file has one record per line:
//   {
//     "schemaVersion": 2,
//     "planYear": 2021,
//     "nextSeq": 43,
//     "records": [
//       {"id":"R2021-0001",…},
//       {"id":"R2021-0002",…}
//     ]
//   }
// so `grep R2021-0042` shows a whole record, a load error's line number points at one
// record, and a person can still fix a record by hand. (Fully pretty-printed files were
// 50% bigger, and every byte is written and fsynced on each save.)
// Records are immutable (frozen), so each one's UTF-8 bytes are computed once and kept:
// a save hands the cached buffers to writev (no join, no copy) instead of running
// JSON.stringify over the whole file and encoding it (~40 + 20 ms for 10k, measured;
// even Buffer.concat of the cached parts took ~7 ms).

const recordBytes = new WeakMap<ProgressRecord, Buffer>();
const SEP = Buffer.from(',\n    ');

function bytesOf(r: ProgressRecord): Buffer {
  let b = recordBytes.get(r);
  if (b === undefined) {
    b = Buffer.from(JSON.stringify(r), 'utf8');
    if (Object.isFrozen(r)) recordBytes.set(r, b);
  }
  return b;
}

/** Fills the cache (at open), so that the first save costs what later ones cost. */
export function warmYearFile(f: YearFile): void {
  for (const r of f.records) bytesOf(r);
}

/** The file's bytes as a list of buffers (see yearFileBytes for one Buffer). */
export function encodeYearFile(f: YearFile): Buffer[] {
  const head = `{\n  "schemaVersion": ${JSON.stringify(f.schemaVersion)},\n  "planYear": ${JSON.stringify(f.planYear)},\n  "nextSeq": ${JSON.stringify(f.nextSeq)},\n  "records": `;
  if (f.records.length === 0) return [Buffer.from(`${head}[]\n}\n`)];
  const parts: Buffer[] = [Buffer.from(`${head}[\n    `)];
  for (let i = 0; i < f.records.length; i++) {
    if (i > 0) parts.push(SEP);
    parts.push(bytesOf(f.records[i]!));
  }
  parts.push(Buffer.from('\n  ]\n}\n'));
  return parts;
}

export function yearFileBytes(f: YearFile): Buffer {
  return Buffer.concat(encodeYearFile(f));
}

// ---- validation before a write -------------------------------------------------------
// What is checked before each write of a year file: the top level (version, year,
// nextSeq) and, with zod, only the records that changed, plus the id rules for them.
// Why not the whole file: zod over 10k records with history takes 75–110 ms on this
// 2-core machine (measured; the bench prints it), twice the whole 50 ms p99 budget for
// one save, while one record takes ~0.05 ms. It is also unnecessary: every record in memory either passed the full
// check at load or passed this check when it was written, and records are frozen, so
// nothing else can have changed. The invariant therefore holds for the whole file by
// induction. (The state file is small and is validated whole before every write.)

const TopLevelSchema = YearFileSchema.pick({ schemaVersion: true, planYear: true, nextSeq: true });

export function checkYearChange(file: string, prev: YearFile, next: YearFile, changed: readonly ProgressRecord[]): void {
  const fail = (place: string, problem: string): never => {
    throw new StoreWriteError(`记录不合规，未保存（${file} 的 ${place}：${problem}）`, 'invalid');
  };
  const top = TopLevelSchema.safeParse(next, { error: zh });
  if (!top.success) fail(formatPath(top.error.issues[0]!.path), top.error.issues[0]!.message);
  if (next.planYear !== prev.planYear) fail('planYear', '不能改变');
  if (next.nextSeq < prev.nextSeq) fail('nextSeq', '不能变小');
  const added = next.records.length - prev.records.length;
  if (added < 0) fail('records', '记录不能删除');
  for (const rec of changed) {
    const r = ProgressRecordSchema.safeParse(rec, { error: zh });
    if (!r.success) fail(`记录 ${rec.id} 的 ${formatPath(r.error.issues[0]!.path)}`, r.error.issues[0]!.message);
    if (rec.planYear !== next.planYear || !rec.id.startsWith(`R${next.planYear}-`)) fail(`记录 ${rec.id}`, `不属于 ${next.planYear} 年`);
    if (seqOf(rec.id) >= next.nextSeq) fail(`记录 ${rec.id}`, `序号不小于 nextSeq ${next.nextSeq}`);
  }
  // a new record must carry a fresh id (appended at the end)
  for (let i = prev.records.length; i < next.records.length; i++) {
    if (seqOf(next.records[i]!.id) < prev.nextSeq) fail(`记录 ${next.records[i]!.id}`, '编号已经用过');
  }
}

// ---- state file ----------------------------------------------------------------------

export function decodeStateFile(file: string, text: string): { data: StateFile; from: number } {
  const raw = parseJsonFile(file, text);
  const { data, from } = migrate(file, raw, STATE_FILE_VERSION, stateFileMigrations);
  const r = StateFileSchema.safeParse(data, { error: zh });
  if (!r.success) throw issuesError(file, data, r.error.issues);
  refuseUnknown(file, data, r.data);
  return { data: r.data, from };
}

export function encodeStateFile(s: StateFile): string {
  return `${JSON.stringify(s, null, 2)}\n`;
}

export function checkStateFile(file: string, s: StateFile): void {
  const r = StateFileSchema.safeParse(s, { error: zh });
  if (!r.success) {
    const iss = r.error.issues[0]!;
    throw new StoreWriteError(`状态不合规，未保存（${file} 的 ${formatPath(iss.path)}：${iss.message}）`, 'invalid');
  }
}
