import { promises as fsp } from 'node:fs';
import path from 'node:path';
import { Low } from 'lowdb';
import type { Proposal } from '../dialog/schema.js';
import { shanghaiDay } from '../core/time.js';
import type { JobRun, ProgressRecord, RecordFields, StateFile, YearFile } from './schema.js';
import { JobRunSchema, STATE_FILE_VERSION, YEAR_FILE_VERSION } from './schema.js';
import { amendedRecord, appendRecord, recordFromSource, RecordError, replaceRecord, withdrawnRecord, withoutPending, withPending } from './records.js';
import type { ChangeContext, NewRecord, RecordStore } from './types.js';
import { DurableFile, nodeFs, TEMP_FILE, writeFileDurably, type DurableFs, type FileContent } from './durable-file.js';
import { checkStateFile, checkYearChange, decodeStateFile, decodeYearFile, encodeStateFile, encodeYearFile, warmYearFile } from './codec.js';
import { StoreLoadError, StoreWriteError } from './load-error.js';

export { StoreLoadError, StoreWriteError } from './load-error.js';

export interface OpenStoreOptions {
  /** Only used to tell when a Shanghai calendar day begins (daily backup). Default: real time. */
  clock?: () => Date;
  /** How many daily backup folders to keep (default 30). */
  backups?: number;
  /** One line per notable event: migration, backup, pruning, clean-up. Default: silent. */
  log?: (line: string) => void;
  /** Problems the operator must see (a failed backup); default: `log`. */
  warn?: (line: string) => void;
  /** File-system calls of the durable writes; tests inject failures here. */
  fs?: DurableFs;
  /**
   * For readers beside a running bot (npm run digest / export): nothing is written, created
   * or removed: no clean-up of temp files (they may be the bot's writes in progress), no
   * backup, no migration on disk (an old file is migrated in memory only). Every mutating
   * call rejects.
   */
  readOnly?: boolean;
}

const YEAR_FILE = /^records-(\d{4})\.json$/;
const DAY_DIR = /^\d{4}-\d{2}-\d{2}$/;
const STATE = 'state.json';
/** Every job run also goes here, one JSON line each, append-only: restoring state.json cannot forget a post. */
export const JOB_RUN_LOG = 'job-runs.jsonl';
/** backups/latest/: each data file as after its last successful save (a rolling copy). */
export const LATEST_DIR = 'latest';
/** backups/latest/ is written this long after a save (a burst of saves makes one copy). */
const ROLLING_DELAY_MS = 1000;
/** A failed backup is tried again on the first write after this long. */
const BACKUP_RETRY_MS = 10 * 60_000;

/** One data file: lowdb instance, what is on disk (view), and its write queue. */
interface Slot<T> {
  file: string;
  db: Low<T>;
  /** The committed content: what the last successful write put on disk (or what was loaded). */
  view: T;
  /** Settles after the last queued operation; never rejects. */
  tail: Promise<void>;
  /** Set while decoding when the file had an older schemaVersion: the original text. */
  migrated: { from: number; text: string } | null;
  encode: (d: T) => FileContent;
}

async function readSlot<T>(slot: Slot<T>): Promise<void> {
  try {
    await slot.db.read();
  } catch (e) {
    if (e instanceof StoreLoadError) throw e;
    const code = (e as NodeJS.ErrnoException).code ?? (e as Error).message;
    throw new StoreLoadError(slot.file, '整个文件', `无法读取（${code}）`, '处理办法：检查文件权限、磁盘和路径后重新启动。');
  }
  slot.view = slot.db.data;
}

/**
 * Opens (creating if needed) the data directory and loads every records-YYYY.json and
 * state.json in it. Rejects with StoreLoadError when a file cannot be used; nothing is
 * written in that case.
 */
export async function openStore(dir: string, opts: OpenStoreOptions = {}): Promise<LowdbStore> {
  const store = new LowdbStore(path.resolve(dir), opts);
  await store.load();
  return store;
}

/**
 * RecordStore on JSON files through lowdb: one file per plan year plus state.json.
 *
 * - Reads are synchronous and see only committed data (on disk).
 * - Each file has a promise queue; a mutation runs when its turn comes: it computes the next
 *   content from the committed one (so sequence numbers are handed out in queue order),
 *   validates it, writes it durably, and only then makes it visible. A failed write leaves
 *   the committed content as it was (memory rolls back to what is on disk) and rejects with
 *   StoreWriteError.
 *   Caveat: if the directory fsync fails after the rename, the new file may already be
 *   visible on disk while memory rolls back; the next successful write replaces it.
 */
export class LowdbStore implements RecordStore {
  private years = new Map<number, Slot<YearFile>>();
  private state!: Slot<StateFile>;
  private rev = 0;
  private closing = false;
  private readonly clock: () => Date;
  private readonly keep: number;
  private readonly log: (line: string) => void;
  private readonly warn: (line: string) => void;
  private readonly fs: DurableFs;
  private readonly readOnly: boolean;
  private backedUpDay: string | null = null;
  private backupRun: Promise<void> | null = null;
  /** After a failed daily backup: when to try again (ms) */
  private backupRetryAt = 0;
  private rollingDirty = new Set<Slot<unknown>>();
  private rollingRun: Promise<void> | null = null;
  private rollingFailed = false;
  private rollingWake: (() => void) | null = null;
  /** Job runs read from job-runs.jsonl (see jobRuns) */
  private loggedRuns: JobRun[] = [];
  private runsCache: { state: readonly JobRun[]; logged: number; union: readonly JobRun[] } | null = null;

  constructor(
    readonly dir: string,
    opts: OpenStoreOptions,
  ) {
    this.clock = opts.clock ?? (() => new Date());
    this.keep = Math.max(1, opts.backups ?? 30);
    this.log = opts.log ?? (() => {});
    this.warn = opts.warn ?? this.log;
    this.fs = opts.fs ?? nodeFs;
    this.readOnly = opts.readOnly ?? false;
  }

  private get backupsDir(): string {
    return path.join(this.dir, 'backups');
  }

  // ---- opening ---------------------------------------------------------------------

  /** @internal called by openStore */
  async load(): Promise<void> {
    if (!this.readOnly) {
      await fsp.mkdir(this.dir, { recursive: true });
      await this.removeLeftovers();
    }
    const names = await fsp.readdir(this.dir);
    // Decode everything first: if any file is refused, nothing at all is written.
    for (const name of names.sort()) {
      const m = YEAR_FILE.exec(name);
      if (!m) continue;
      const year = Number(m[1]);
      const slot = this.yearSlot(year);
      await readSlot(slot);
    }
    this.state = this.makeStateSlot();
    await readSlot(this.state);
    this.loggedRuns = await this.readJobRunLog();

    for (const slot of [...this.years.values(), this.state] as Slot<unknown>[]) {
      if (slot.migrated && !this.readOnly) await this.finishMigration(slot);
    }
    for (const slot of this.years.values()) warmYearFile(slot.view);
    if (!this.readOnly) await this.refreshStaleLatest();
  }

  /**
   * A crash in the second between a save and its copy leaves backups/latest/ behind the data; the
   * data just loaded is validated, so the copy is brought up to date now rather than at the next
   * save of that file (which may be days away, and a restore in between would lose records).
   */
  private async refreshStaleLatest(): Promise<void> {
    const dir = path.join(this.backupsDir, LATEST_DIR);
    for (const slot of [...this.years.values(), this.state] as Slot<unknown>[]) {
      const copy = await fsp.readFile(path.join(dir, path.basename(slot.file))).catch(() => null);
      if (!copy) continue;
      const c = slot.encode(slot.view);
      const data = typeof c === 'string' ? Buffer.from(c) : c instanceof Uint8Array ? Buffer.from(c) : Buffer.concat(c as Uint8Array[]);
      if (!copy.equals(data)) this.rollingDirty.add(slot);
    }
    if (this.rollingDirty.size) {
      this.log(`${dir} 比数据文件旧（上次保存后还没来得及备份），已按刚读入的数据更新`);
      this.rollingRun ??= this.copyLatest().finally(() => (this.rollingRun = null));
    }
  }

  private makeSlot<T>(file: string, defaults: T, decode: (text: string) => { data: T; from: number }, encode: (d: T) => FileContent): Slot<T> {
    const slot: Slot<T> = { file, db: null as never, view: defaults, tail: Promise.resolve(), migrated: null, encode };
    const codec = {
      decode: (text: string) => {
        const r = decode(text);
        // an old-version file: keep its original text for the backup made before migrating
        slot.migrated = r.from < this.currentVersion(file) ? { from: r.from, text } : null;
        return r.data;
      },
      encode,
    };
    slot.db = new Low<T>(new DurableFile<T>(file, codec, this.fs), defaults);
    return slot;
  }

  private currentVersion(file: string): number {
    return path.basename(file) === STATE ? STATE_FILE_VERSION : YEAR_FILE_VERSION;
  }

  private yearSlot(year: number): Slot<YearFile> {
    let slot = this.years.get(year);
    if (!slot) {
      const file = path.join(this.dir, `records-${year}.json`);
      slot = this.makeSlot<YearFile>(
        file,
        { schemaVersion: YEAR_FILE_VERSION, planYear: year, nextSeq: 1, records: [] },
        (text) => decodeYearFile(file, text, year),
        encodeYearFile,
      );
      this.years.set(year, slot);
    }
    return slot;
  }

  private makeStateSlot(): Slot<StateFile> {
    const file = path.join(this.dir, STATE);
    return this.makeSlot<StateFile>(
      file,
      { schemaVersion: STATE_FILE_VERSION, pending: [], jobRuns: [] },
      (text) => decodeStateFile(file, text),
      encodeStateFile,
    );
  }

  /** Keeps the old-version original in backups/ (records-2021.v1.json), then writes the migrated file. */
  private async finishMigration(slot: Slot<unknown>): Promise<void> {
    const m = slot.migrated!;
    const base = path.basename(slot.file, '.json');
    await fsp.mkdir(this.backupsDir, { recursive: true });
    let target = path.join(this.backupsDir, `${base}.v${m.from}.json`);
    for (let n = 2; ; n++) {
      const existing = await fsp.readFile(target, 'utf8').catch(() => null);
      if (existing === null) {
        await writeFileDurably(target, m.text, this.fs);
        break;
      }
      if (existing === m.text) break; // an earlier, interrupted migration already kept it
      target = path.join(this.backupsDir, `${base}.v${m.from}.${n}.json`);
    }
    await slot.db.write();
    slot.migrated = null;
    this.log(`已把 ${path.basename(slot.file)} 从第 ${m.from} 版升级到第 ${this.currentVersion(slot.file)} 版；原文件保存在 ${target}`);
  }

  /** Temp files of writes that a crash interrupted, and half-made backup folders. */
  private async removeLeftovers(): Promise<void> {
    for (const d of [this.dir, this.backupsDir, path.join(this.backupsDir, LATEST_DIR)]) {
      const names = await fsp.readdir(d).catch(() => [] as string[]);
      for (const name of names) {
        if (TEMP_FILE.test(name) || /^\.\d{4}-\d{2}-\d{2}\.partial$/.test(name)) {
          await fsp.rm(path.join(d, name), { recursive: true, force: true });
          this.log(`删除了中断写入留下的临时文件 ${path.join(d, name)}`);
        }
      }
    }
  }

  // ---- reads -------------------------------------------------------------------------

  records(year: number): readonly ProgressRecord[] {
    return this.years.get(year)?.view.records ?? [];
  }

  revision(): number {
    return this.rev;
  }

  pending(): readonly Proposal[] {
    return this.state.view.pending;
  }

  /**
   * The union of state.json's runs and job-runs.jsonl's, oldest first: a state.json restored
   * from a backup has forgotten the posts since, the append-only log has not.
   */
  jobRuns(): readonly JobRun[] {
    const state = this.state.view.jobRuns;
    const c = this.runsCache;
    if (c && c.state === state && c.logged === this.loggedRuns.length) return c.union;
    const key = (r: JobRun) => `${r.job}|${r.period}|${r.status}|${r.ranAt}`;
    const inState = new Set(state.map(key));
    const extra = this.loggedRuns.filter((r) => !inState.has(key(r)));
    const union = extra.length
      ? [...state, ...extra].map((r, i) => ({ r, i, t: Date.parse(r.ranAt) })).sort((a, b) => a.t - b.t || a.i - b.i).map((x) => x.r)
      : state;
    this.runsCache = { state, logged: this.loggedRuns.length, union };
    return union;
  }

  /** job-runs.jsonl: a torn last line (a crash mid-append) or a damaged line is skipped, never rewritten. */
  private async readJobRunLog(): Promise<JobRun[]> {
    const file = path.join(this.dir, JOB_RUN_LOG);
    const text = await fsp.readFile(file, 'utf8').catch((e: NodeJS.ErrnoException) => {
      if (e.code === 'ENOENT') return '';
      throw new StoreLoadError(file, '整个文件', `无法读取（${e.code ?? e.message}）`, '处理办法：检查文件权限后重新启动。');
    });
    const out: JobRun[] = [];
    let bad = 0;
    for (const line of text.split('\n')) {
      if (!line.trim()) continue;
      try {
        const r = JobRunSchema.safeParse(JSON.parse(line));
        if (r.success) out.push(r.data);
        else bad++;
      } catch {
        bad++;
      }
    }
    if (bad) this.warn(`${file} 有 ${bad} 行无法读取，已跳过（文件保持原样）`);
    return out;
  }

  // ---- writes ------------------------------------------------------------------------

  private enqueue<T, R>(slot: Slot<T>, op: () => Promise<R>): Promise<R> {
    if (this.readOnly) return Promise.reject(new StoreWriteError('数据目录以只读方式打开，不能保存', 'io'));
    if (this.closing) return Promise.reject(new StoreWriteError('存储已关闭，不能再保存', 'io'));
    const run = slot.tail.then(op);
    slot.tail = run.then(
      () => {},
      () => {},
    );
    return run;
  }

  /** Writes `next` durably and makes it the committed content; on failure nothing changes. */
  private async commit<T>(slot: Slot<T>, next: T): Promise<void> {
    await this.dailyBackup();
    slot.db.data = next;
    try {
      await slot.db.write();
    } catch (e) {
      slot.db.data = slot.view;
      const code = (e as NodeJS.ErrnoException).code ?? (e as Error).message;
      throw new StoreWriteError(`保存失败：写入 ${path.basename(slot.file)} 时出错（${code}）`, 'io', { cause: e });
    }
    slot.view = next;
    this.rollingDirty.add(slot as Slot<unknown>);
    this.rollingRun ??= this.copyLatest().finally(() => (this.rollingRun = null));
  }

  /**
   * backups/latest/: each file as after its last save, written from the committed (validated)
   * data, not copied from disk, so damage on disk does not spread to it. Runs within a second
   * after the save has answered; a burst of saves makes one copy per file.
   */
  private async copyLatest(): Promise<void> {
    // a short wait gathers a burst of saves into one copy per file (close() cuts it short)
    await new Promise<void>((resolve) => {
      const t = setTimeout(resolve, ROLLING_DELAY_MS);
      t.unref?.();
      this.rollingWake = () => {
        clearTimeout(t);
        resolve();
      };
    });
    this.rollingWake = null;
    const dir = path.join(this.backupsDir, LATEST_DIR);
    while (this.rollingDirty.size) {
      const slots = [...this.rollingDirty];
      this.rollingDirty.clear();
      for (const slot of slots) {
        try {
          // not recursive: a data folder that has gone away is not made again
          for (const d of [this.backupsDir, dir]) await fsp.mkdir(d).catch((e: NodeJS.ErrnoException) => { if (e.code !== 'EEXIST') throw e; });
          const c = slot.encode(slot.view);
          const data = typeof c === 'string' || c instanceof Uint8Array ? c : Buffer.concat(c as Uint8Array[]);
          await writeFileDurably(path.join(dir, path.basename(slot.file)), data, this.fs);
          if (this.rollingFailed) this.log(`滚动备份 ${dir} 已恢复正常`);
          this.rollingFailed = false;
        } catch (e) {
          if (!this.rollingFailed) this.warn(`滚动备份失败（${(e as Error).message}）：${dir} 里的副本不是最新的；下次保存时再试。数据照常保存`);
          this.rollingFailed = true;
        }
      }
    }
  }

  private changeYear(year: number, id: string, fn: (cur: YearFile) => { year: YearFile; record: ProgressRecord }): Promise<ProgressRecord> {
    if (this.readOnly) return Promise.reject(new StoreWriteError('数据目录以只读方式打开，不能保存', 'io'));
    if (this.closing) return Promise.reject(new StoreWriteError('存储已关闭，不能再保存', 'io'));
    const slot = this.years.get(year);
    if (!slot) return Promise.reject(new RecordError(`没有记录 ${id}`, 'not-found'));
    return this.enqueue(slot, async () => {
      const prev = slot.view;
      const { year: next, record } = fn(prev);
      if (next === prev) return record; // already so (the same change confirmed again): nothing written
      checkYearChange(slot.file, prev, next, [record]);
      await this.commit(slot, next);
      this.rev++;
      return record;
    });
  }

  async addRecord(input: NewRecord): Promise<ProgressRecord> {
    return (await this.addRecordOnce(input)).record;
  }

  addRecordOnce(input: NewRecord): Promise<{ record: ProgressRecord; created: boolean }> {
    const y = input.planYear;
    if (!Number.isInteger(y) || y < 1000 || y > 9999) {
      return Promise.reject(new StoreWriteError(`记录不合规，未保存（计划年度 ${y} 不是四位年份）`, 'invalid'));
    }
    if (this.closing || this.readOnly) return Promise.reject(new StoreWriteError(this.readOnly ? '数据目录以只读方式打开，不能保存' : '存储已关闭，不能再保存', 'io'));
    const slot = this.yearSlot(y); // created lazily; the file appears with the first write
    // checked inside the file's queue, so two saves of one source at once still make one record
    return this.enqueue(slot, async () => {
      const existing = recordFromSource(slot.view.records, input.sourceKey);
      if (existing) return { record: existing, created: false };
      const prev = slot.view;
      const { year: next, record } = appendRecord(prev, input);
      checkYearChange(slot.file, prev, next, [record]);
      await this.commit(slot, next);
      this.rev++;
      return { record, created: true };
    });
  }

  amendRecord(year: number, id: string, change: Partial<RecordFields>, ctx: ChangeContext): Promise<ProgressRecord> {
    return this.changeYear(year, id, (cur) => replaceRecord(cur, id, (r) => amendedRecord(r, change, ctx)));
  }

  withdrawRecord(year: number, id: string, ctx: ChangeContext): Promise<ProgressRecord> {
    return this.changeYear(year, id, (cur) => replaceRecord(cur, id, (r) => withdrawnRecord(r, ctx)));
  }

  private changeState(fn: (cur: StateFile) => StateFile): Promise<void> {
    const slot = this.state;
    return this.enqueue(slot, async () => {
      const next = fn(slot.view);
      checkStateFile(slot.file, next);
      await this.commit(slot, next);
    });
  }

  putPending(p: Proposal): Promise<void> {
    return this.changeState((s) => ({ ...s, pending: withPending(s.pending, p) }));
  }

  deletePending(chatId: string, authorId: string): Promise<void> {
    return this.changeState((s) => ({ ...s, pending: withoutPending(s.pending, chatId, authorId) }));
  }

  /** Appended to job-runs.jsonl (fsynced) first, then written into state.json. */
  addJobRun(run: JobRun): Promise<void> {
    if (this.readOnly) return Promise.reject(new StoreWriteError('数据目录以只读方式打开，不能保存', 'io'));
    return this.enqueue(this.state, async () => {
      const next = { ...this.state.view, jobRuns: [...this.state.view.jobRuns, run] };
      checkStateFile(this.state.file, next);
      const file = path.join(this.dir, JOB_RUN_LOG);
      try {
        const fh = await fsp.open(file, 'a', 0o644);
        try {
          await fh.appendFile(`${JSON.stringify(run)}\n`);
          await fh.sync();
        } finally {
          await fh.close();
        }
      } catch (e) {
        const code = (e as NodeJS.ErrnoException).code ?? (e as Error).message;
        throw new StoreWriteError(`保存失败：写入 ${JOB_RUN_LOG} 时出错（${code}）`, 'io', { cause: e });
      }
      await this.commit(this.state, next);
      // only now: a rejected call leaves this process's view unchanged (the line stays in the
      // log and counts after a restart, so at worst a run is seen as done, never done twice)
      this.loggedRuns = [...this.loggedRuns, run];
    });
  }

  /** Waits for every queued write; later writes are refused. */
  async close(): Promise<void> {
    this.closing = true;
    await Promise.all([...[...this.years.values()].map((s) => s.tail), this.state?.tail]);
    await this.backupRun;
    this.rollingWake?.();
    await this.rollingRun;
  }

  // ---- daily backup ------------------------------------------------------------------

  /**
   * Before the first write of each Shanghai calendar day: copies the data files as they
   * are on disk to backups/YYYY-MM-DD/ and keeps only the newest `backups` such folders.
   * A failed backup is logged and does not stop the save (records matter more than copies).
   */
  private async dailyBackup(): Promise<void> {
    const day = shanghaiDay(this.clock());
    while (this.backedUpDay !== day) {
      if (this.clock().getTime() < this.backupRetryAt) return; // failed a moment ago: retried later
      this.backupRun ??= this.backup(day).finally(() => (this.backupRun = null));
      await this.backupRun;
      if (this.backedUpDay !== day) return;
    }
  }

  private async backup(day: string): Promise<void> {
    try {
      const target = path.join(this.backupsDir, day);
      const exists = await fsp.stat(target).then(
        () => true,
        () => false,
      );
      if (!exists) {
        const names = (await fsp.readdir(this.dir)).filter((n) => YEAR_FILE.test(n) || n === STATE).sort();
        if (names.length > 0) {
          await fsp.mkdir(this.backupsDir, { recursive: true });
          // built under a hidden name and renamed, so a folder with a date is always complete
          const partial = path.join(this.backupsDir, `.${day}.partial`);
          await fsp.rm(partial, { recursive: true, force: true });
          await fsp.mkdir(partial);
          for (const n of names) await fsp.copyFile(path.join(this.dir, n), path.join(partial, n));
          await fsp.rename(partial, target);
          this.log(`已备份 ${names.join('、')} 到 ${target}`);
        }
      }
      await this.prune(day);
      this.backedUpDay = day;
      this.backupRetryAt = 0;
    } catch (e) {
      this.backupRetryAt = this.clock().getTime() + BACKUP_RETRY_MS;
      this.warn(`每日备份失败（${(e as Error).message}），${BACKUP_RETRY_MS / 60_000} 分钟后的下一次保存时重试；数据照常保存。请检查 ${this.backupsDir}`);
    }
  }

  /**
   * Keeps the newest `backups` dated folders by the dates in their names. Today's folder and
   * the newest one are never deleted, whatever the clock says (a clock set back would
   * otherwise make today's copy the "oldest").
   */
  private async prune(today: string): Promise<void> {
    const entries = await fsp.readdir(this.backupsDir, { withFileTypes: true }).catch(() => []);
    const days = entries
      .filter((e) => e.isDirectory() && DAY_DIR.test(e.name))
      .map((e) => e.name)
      .sort()
      .reverse();
    const keep = new Set([...days.slice(0, this.keep), today]);
    for (const old of days) {
      if (keep.has(old)) continue;
      await fsp.rm(path.join(this.backupsDir, old), { recursive: true, force: true });
      this.log(`删除了过旧的备份 ${path.join(this.backupsDir, old)}（只保留最近 ${this.keep} 天）`);
    }
  }
}
