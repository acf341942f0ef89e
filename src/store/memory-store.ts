import type { Proposal } from '../dialog/schema.js';
import type { JobRun, ProgressRecord, RecordFields } from './schema.js';
import { amendedRecord, appendRecord, recordFromSource, RecordError, replaceRecord, withdrawnRecord, withoutPending, withPending, type YearRecords } from './records.js';
import type { ChangeContext, NewRecord, RecordStore } from './types.js';

/**
 * A RecordStore kept in memory: for tests and for `--data` less experiments.
 * Mutations go through the same pure functions as LowdbStore (records.ts), so both behave
 * the same: records are frozen, and every read returns a snapshot that later changes
 * do not alter.
 */
export class MemoryStore implements RecordStore {
  private years = new Map<number, YearRecords>();
  private pendingList: Proposal[] = [];
  private runs: JobRun[] = [];
  private rev = 0;

  records(year: number): readonly ProgressRecord[] {
    return this.years.get(year)?.records ?? [];
  }

  revision(): number {
    return this.rev;
  }

  async addRecord(input: NewRecord): Promise<ProgressRecord> {
    const existing = recordFromSource(this.records(input.planYear), input.sourceKey);
    if (existing) return existing;
    const { year, record } = appendRecord(this.years.get(input.planYear) ?? { nextSeq: 1, records: [] }, input);
    this.years.set(input.planYear, year);
    this.rev++;
    return record;
  }

  /** Goes through addRecord, so a test double that overrides addRecord (to fail) fails here too. */
  async addRecordOnce(input: NewRecord): Promise<{ record: ProgressRecord; created: boolean }> {
    const existing = recordFromSource(this.records(input.planYear), input.sourceKey);
    if (existing) return { record: existing, created: false };
    return { record: await this.addRecord(input), created: true };
  }

  private replace(y: number, id: string, fn: (r: ProgressRecord) => ProgressRecord): ProgressRecord {
    const cur = this.years.get(y);
    if (!cur) throw new RecordError(`没有记录 ${id}`, 'not-found');
    const { year, record } = replaceRecord(cur, id, fn);
    if (year === cur) return record;
    this.years.set(y, year);
    this.rev++;
    return record;
  }

  async amendRecord(year: number, id: string, change: Partial<RecordFields>, ctx: ChangeContext): Promise<ProgressRecord> {
    return this.replace(year, id, (r) => amendedRecord(r, change, ctx));
  }

  async withdrawRecord(year: number, id: string, ctx: ChangeContext): Promise<ProgressRecord> {
    return this.replace(year, id, (r) => withdrawnRecord(r, ctx));
  }

  pending(): readonly Proposal[] {
    return this.pendingList;
  }

  async putPending(p: Proposal): Promise<void> {
    this.pendingList = withPending(this.pendingList, p);
  }

  async deletePending(chatId: string, authorId: string): Promise<void> {
    this.pendingList = withoutPending(this.pendingList, chatId, authorId);
  }

  jobRuns(): readonly JobRun[] {
    return this.runs;
  }

  async addJobRun(run: JobRun): Promise<void> {
    this.runs = [...this.runs, run];
  }

  async close(): Promise<void> {}
}

/** A fresh, empty in-memory store. */
export function createMemoryStore(): MemoryStore {
  return new MemoryStore();
}
