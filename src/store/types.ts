import type { ChatRef, Person } from '../core/types.js';
import type { Proposal } from '../dialog/schema.js';
import type { JobRun, ProgressRecord, RecordFields } from './schema.js';

export interface NewRecord extends RecordFields {
  planYear: number;
  reporter: Person;
  chat: ChatRef;
  source: { messageId: string; text: string };
  /** When the author confirmed (also createdAt of the first history entry) */
  at: Date;
  /** The proposal and draft it came from: a second save of the same key adds nothing */
  sourceKey?: string;
}

export interface ChangeContext {
  by: Person;
  message: { id: string; text: string };
  at: Date;
}

/**
 * What the bot needs from storage. Every mutating call resolves only once the change
 * is on disk (atomic write + fsync), so "已保存" is never said too early.
 * Reads are synchronous views of the in-memory copy.
 */
export interface RecordStore {
  /** All records of a plan year, withdrawn ones included, oldest first. */
  records(year: number): readonly ProgressRecord[];
  /** Increases with every change of any year's records (lets callers cache derived views). */
  revision(): number;
  /** Same as addRecordOnce(input).record. */
  addRecord(input: NewRecord): Promise<ProgressRecord>;
  /**
   * Saves the record unless one with the same sourceKey (active or withdrawn) already exists
   * in that year; then it returns that one and `created: false`, and writes nothing.
   */
  addRecordOnce(input: NewRecord): Promise<{ record: ProgressRecord; created: boolean }>;
  amendRecord(year: number, id: string, change: Partial<RecordFields>, ctx: ChangeContext): Promise<ProgressRecord>;
  withdrawRecord(year: number, id: string, ctx: ChangeContext): Promise<ProgressRecord>;

  /** Pending proposals (dialog state), keyed by chat + author. */
  pending(): readonly Proposal[];
  putPending(p: Proposal): Promise<void>;
  deletePending(chatId: string, authorId: string): Promise<void>;

  /** Scheduler bookkeeping: one run per job and period. */
  jobRuns(): readonly JobRun[];
  addJobRun(run: JobRun): Promise<void>;

  close(): Promise<void>;
}
