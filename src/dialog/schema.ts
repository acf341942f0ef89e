import { z } from 'zod';

const Iso = z.string().regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/);
const Day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);
const Person = z.object({ id: z.string().min(1), name: z.string() });
const Chat = z.object({ id: z.string().min(1), name: z.string().nullable(), kind: z.enum(['room', 'private', 'console']) });
/** A figure of a proposal: where it counts, plus what the reader saw next to it (kept so a re-reading after a choice judges it the same way). */
const Amount = z.object({
  metricId: z.string().nullable(),
  value: z.number().finite(),
  unit: z.string(),
  mode: z.enum(['add', 'set']).optional(),
  /** 共45期: could be new or the total so far */
  unsure: z.boolean().optional(),
  noun: z.string().optional(),
  part: z.boolean().optional(),
});
export type ProposalAmount = z.infer<typeof Amount>;

/** One way to read a report: a milestone and/or the indicators it advances. */
export const CandidateSchema = z.object({
  milestoneId: z.string().nullable(),
  indicatorIds: z.array(z.string()),
  score: z.number(),
});
export type Candidate = z.infer<typeof CandidateSchema>;

/**
 * A report waiting for its author's 确认. Keyed by chat and author so that several
 * people reporting at once never see each other's proposals; kept in the state file
 * so that it survives a restart, and dropped unsaved once it expires.
 */
/** One report among several waiting together (a message of several activities, or a second report while one waits). */
export const DraftSchema = z.object({
  source: z.object({ messageId: z.string(), text: z.string() }),
  /** The words about this activity when the message holds several (figures and implied counts are read from them) */
  readText: z.string().optional(),
  stage: z.enum(['confirm', 'choose']),
  candidates: z.array(CandidateSchema),
  chosen: z.number().int().nonnegative(),
  amounts: z.array(Amount),
  activityDate: Day,
  duplicates: z.array(z.string()),
});
export type Draft = z.infer<typeof DraftSchema>;

export const ProposalSchema = z.object({
  /** Stable id: the records it becomes carry it (sourceKey), so confirming twice saves once */
  id: z.string().optional(),
  chat: Chat,
  author: Person,
  planYear: z.number().int(),
  source: z.object({ messageId: z.string(), text: z.string() }),
  createdAt: Iso,
  expiresAt: Iso,
  /**
   * 'confirm': one reading, awaiting 确认; 'choose': several readings, awaiting a number;
   * 'correct': a withdrawal or amendment of a saved record, awaiting 确认
   */
  stage: z.enum(['confirm', 'choose', 'correct']),
  candidates: z.array(CandidateSchema),
  chosen: z.number().int().nonnegative(),
  amounts: z.array(Amount),
  activityDate: Day,
  /** Records by colleagues that look like the same activity */
  duplicates: z.array(z.string()),
  /** The words about this activity when the message holds several */
  readText: z.string().optional(),
  /** Further reports waiting with this one, confirmed together ("确认") or one by one ("确认2") */
  more: z.array(DraftSchema).optional(),
  /**
   * A question the bot asked before this can be saved: 'mode' — is 共45期 new or the total so far;
   * 'amount' — a figure beyond what is plausible (1e99人次) or negative
   */
  ask: z.enum(['mode', 'amount']).optional(),
  /** The author said an unusual figure is right: do not ask again */
  amountsChecked: z.boolean().optional(),
  /** For stage 'correct': what will happen to which saved record */
  correction: z
    .object({
      action: z.enum(['withdraw', 'amend']),
      recordId: z.string(),
      change: z
        .object({
          milestoneIds: z.array(z.string()),
          indicatorIds: z.array(z.string()),
          amounts: z.array(Amount),
          activityDate: Day,
        })
        .partial(),
    })
    .optional(),
});
export type Proposal = z.infer<typeof ProposalSchema>;

export function proposalKey(chatId: string, authorId: string): string {
  return `${chatId}\u0000${authorId}`;
}
