import type { ProgressRecord, RecordFields } from './schema.js';
import type { ChangeContext, NewRecord } from './types.js';
import { isoShanghai } from '../core/time.js';


export function recordId(year: number, seq: number): string {
  return `R${year}-${String(seq).padStart(4, '0')}`;
}

/** Pure: builds the record a confirmed proposal becomes. */
export function buildRecord(input: NewRecord, seq: number): ProgressRecord {
  const at = isoShanghai(input.at);
  return {
    id: recordId(input.planYear, seq),
    planYear: input.planYear,
    milestoneIds: [...input.milestoneIds],
    indicatorIds: [...input.indicatorIds],
    amounts: input.amounts.map((a) => ({ ...a })),
    activityDate: input.activityDate,
    reporter: { ...input.reporter },
    chat: { ...input.chat },
    source: { ...input.source },
    createdAt: at,
    confirmedAt: at,
    status: 'active',
    history: [{ at, by: { ...input.reporter }, action: 'create', messageId: input.source.messageId, text: input.source.text, before: null }],
  };
}

export class RecordError extends Error {
  constructor(
    message: string,
    readonly code: 'not-found' | 'withdrawn',
  ) {
    super(message);
  }
}

/** Pure: the record after an amendment, with the old values kept in its history. */
export function amendedRecord(rec: ProgressRecord, change: Partial<RecordFields>, ctx: ChangeContext): ProgressRecord {
  if (rec.status === 'withdrawn') throw new RecordError(`记录 ${rec.id} 已撤销，不能再修改`, 'withdrawn');
  const before: Partial<RecordFields> = {};
  const next: ProgressRecord = { ...rec };
  for (const key of ['milestoneIds', 'indicatorIds', 'amounts', 'activityDate'] as const) {
    if (change[key] === undefined) continue;
    (before as Record<string, unknown>)[key] = rec[key];
    (next as Record<string, unknown>)[key] = change[key];
  }
  next.history = [
    ...rec.history,
    { at: isoShanghai(ctx.at), by: { ...ctx.by }, action: 'amend', messageId: ctx.message.id, text: ctx.message.text, before },
  ];
  return next;
}

/** Pure: the record withdrawn. Nothing is deleted; it simply stops counting. */
export function withdrawnRecord(rec: ProgressRecord, ctx: ChangeContext): ProgressRecord {
  if (rec.status === 'withdrawn') throw new RecordError(`记录 ${rec.id} 已经撤销过了`, 'withdrawn');
  return {
    ...rec,
    status: 'withdrawn',
    history: [
      ...rec.history,
      { at: isoShanghai(ctx.at), by: { ...ctx.by }, action: 'withdraw', messageId: ctx.message.id, text: ctx.message.text, before: null },
    ],
  };
}
