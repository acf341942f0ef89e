import { z } from 'zod';
import { ProposalSchema } from '../dialog/schema.js';

const Iso = z.string().regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/, 'ISO 8601 时间');
const Day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'YYYY-MM-DD 日期');

export const PersonSchema = z.object({ id: z.string().min(1), name: z.string() });
export const ChatSchema = z.object({ id: z.string().min(1), name: z.string().nullable(), kind: z.enum(['room', 'private', 'console']) });

export const RecordAmountSchema = z.object({
  /** The plan metric this amount counts toward (quantity-1.m1); null when it fits none */
  metricId: z.string().nullable(),
  value: z.number().finite(),
  unit: z.string(),
  /** 'set': a level to date that replaces what was counted before; 'add': an increment; missing = the metric decides (counts add, running figures such as money spent are levels) */
  mode: z.enum(['add', 'set']).optional(),
});
export type RecordAmount = z.infer<typeof RecordAmountSchema>;

/** The fields of a record that can change after saving. */
export const RecordFieldsSchema = z.object({
  milestoneIds: z.array(z.string()),
  indicatorIds: z.array(z.string()),
  amounts: z.array(RecordAmountSchema),
  activityDate: Day,
});
export type RecordFields = z.infer<typeof RecordFieldsSchema>;

export const HistoryEntrySchema = z.object({
  at: Iso,
  by: PersonSchema,
  action: z.enum(['create', 'amend', 'withdraw']),
  /** The message that made the change, as evidence */
  messageId: z.string(),
  text: z.string(),
  /** The values before the change (amend) */
  before: RecordFieldsSchema.partial().nullable(),
});
export type HistoryEntry = z.infer<typeof HistoryEntrySchema>;

export const ProgressRecordSchema = RecordFieldsSchema.extend({
  /** R2021-0001: year and a sequence number, never reused */
  id: z.string().regex(/^R\d{4}-\d{4,}$/),
  planYear: z.number().int(),
  reporter: PersonSchema,
  chat: ChatSchema,
  source: z.object({ messageId: z.string(), text: z.string() }),
  createdAt: Iso,
  confirmedAt: Iso,
  status: z.enum(['active', 'withdrawn']),
  history: z.array(HistoryEntrySchema).min(1),
  /**
   * Where the record came from (the proposal's id): saving the same source again returns this
   * record instead of a second one, whatever crashed in between (issue 14).
   */
  sourceKey: z.string().optional(),
});
export type ProgressRecord = z.infer<typeof ProgressRecordSchema>;

export const YEAR_FILE_VERSION = 2;
export const YearFileSchema = z.object({
  schemaVersion: z.literal(YEAR_FILE_VERSION),
  planYear: z.number().int(),
  nextSeq: z.number().int().positive(),
  records: z.array(ProgressRecordSchema),
});
export type YearFile = z.infer<typeof YearFileSchema>;

export const JobKind = z.enum(['weekly', 'quarterly', 'reminder']);
export type JobKind = z.infer<typeof JobKind>;

export const JobRunSchema = z.object({
  job: z.string().min(1),
  /** The period the run covers (2021-W40, 2021-Q3, 2021-Q3-d10): one post per job and period */
  period: z.string().min(1),
  dueAt: Iso,
  ranAt: Iso,
  /**
   * 'sending' is recorded before the post goes out and followed by its outcome; a 'sending'
   * with no outcome after it means the process stopped mid-send ('interrupted' once noticed):
   * it may have gone out, so it is never sent again.
   */
  status: z.enum(['posted', 'missed', 'failed', 'sending', 'interrupted']),
  note: z.string().nullable(),
});
export type JobRun = z.infer<typeof JobRunSchema>;

export const STATE_FILE_VERSION = 1;
export const StateFileSchema = z.object({
  schemaVersion: z.literal(STATE_FILE_VERSION),
  pending: z.array(ProposalSchema),
  jobRuns: z.array(JobRunSchema),
});
export type StateFile = z.infer<typeof StateFileSchema>;
