import type { Proposal } from '../dialog/schema.js';
import { proposalKey } from '../dialog/schema.js';
import type { JobRun, ProgressRecord, RecordFields } from './schema.js';
import { amendedRecord, buildRecord, RecordError, withdrawnRecord } from './records.js';
import type { ChangeContext, NewRecord, RecordStore } from './types.js';

/** A RecordStore kept in memory: for tests and for `--data` less experiments. */
export class MemoryStore implements RecordStore {
  private years = new Map<number, { nextSeq: number; records: ProgressRecord[] }>();
  private pendingMap = new Map<string, Proposal>();
  private runs: JobRun[] = [];
  private rev = 0;

  records(year: number): readonly ProgressRecord[] {
    return this.years.get(year)?.records ?? [];
  }

  revision(): number {
    return this.rev;
  }

  private year(y: number) {
    let f = this.years.get(y);
    if (!f) this.years.set(y, (f = { nextSeq: 1, records: [] }));
    return f;
  }

  async addRecord(input: NewRecord): Promise<ProgressRecord> {
    const f = this.year(input.planYear);
    const rec = buildRecord(input, f.nextSeq++);
    f.records.push(rec);
    this.rev++;
    return rec;
  }

  private replace(year: number, id: string, fn: (r: ProgressRecord) => ProgressRecord): ProgressRecord {
    const f = this.year(year);
    const idx = f.records.findIndex((r) => r.id === id);
    if (idx < 0) throw new RecordError(`没有记录 ${id}`, 'not-found');
    const next = fn(f.records[idx]!);
    f.records[idx] = next;
    this.rev++;
    return next;
  }

  async amendRecord(year: number, id: string, change: Partial<RecordFields>, ctx: ChangeContext): Promise<ProgressRecord> {
    return this.replace(year, id, (r) => amendedRecord(r, change, ctx));
  }

  async withdrawRecord(year: number, id: string, ctx: ChangeContext): Promise<ProgressRecord> {
    return this.replace(year, id, (r) => withdrawnRecord(r, ctx));
  }

  pending(): readonly Proposal[] {
    return [...this.pendingMap.values()];
  }

  async putPending(p: Proposal): Promise<void> {
    this.pendingMap.set(proposalKey(p.chat.id, p.author.id), p);
  }

  async deletePending(chatId: string, authorId: string): Promise<void> {
    this.pendingMap.delete(proposalKey(chatId, authorId));
  }

  jobRuns(): readonly JobRun[] {
    return this.runs;
  }

  async addJobRun(run: JobRun): Promise<void> {
    this.runs.push(run);
  }

  async close(): Promise<void> {}
}
