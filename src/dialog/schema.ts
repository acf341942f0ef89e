import { z } from 'zod';

const Iso = z.string().regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/);
const Day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);
const Person = z.object({ id: z.string().min(1), name: z.string() });
const Chat = z.object({ id: z.string().min(1), name: z.string().nullable(), kind: z.enum(['room', 'private', 'console']) });
const Amount = z.object({ metricId: z.string().nullable(), value: z.number().finite(), unit: z.string() });

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
export const ProposalSchema = z.object({
  /** Stable id, carried into the saved record as its sourceKey (issue 14); older state files lack it */
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
