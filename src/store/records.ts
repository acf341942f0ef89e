import type { ProgressRecord, RecordFields } from './schema.js';
import type { ChangeContext, NewRecord } from './types.js';
import { isoShanghai } from '../core/time.js';
import type { Proposal } from '../dialog/schema.js';
import { proposalKey } from '../dialog/schema.js';


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
    ...(input.sourceKey ? { sourceKey: input.sourceKey } : {}),
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

/** Did the message of `ctx` already make this change (issue 14: a change is applied once per message)? */
function doneBy(rec: ProgressRecord, action: 'amend' | 'withdraw', ctx: ChangeContext): boolean {
  return ctx.message.id !== '' && rec.history.some((h) => h.action === action && h.messageId === ctx.message.id && h.by.id === ctx.by.id);
}

/** Pure: the record after an amendment, with the old values kept in its history. */
export function amendedRecord(rec: ProgressRecord, change: Partial<RecordFields>, ctx: ChangeContext): ProgressRecord {
  // the same message confirmed again (a crash before its proposal was dropped): already done
  if (doneBy(rec, 'amend', ctx)) return rec;
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
  if (doneBy(rec, 'withdraw', ctx)) return rec;
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

/** The sequence number of an id (R2021-0012 → 12); NaN when malformed. */
export function seqOf(id: string): number {
  const m = /^R\d{4}-(\d{4,})$/.exec(id);
  return m ? Number(m[1]) : NaN;
}

/** Freezes a record and everything in it, so a record can never change behind the store's back. */
export function freezeRecord(rec: ProgressRecord): ProgressRecord {
  deepFreeze(rec);
  return rec;
}

function deepFreeze(v: unknown): void {
  if (v === null || typeof v !== 'object' || Object.isFrozen(v)) return;
  Object.freeze(v);
  for (const x of Object.values(v)) deepFreeze(x);
}

/** The part of a year's data that record mutations touch (a YearFile has these and more). */
export interface YearRecords {
  nextSeq: number;
  records: ProgressRecord[];
}

/**
 * Pure: the year with a new record appended and its sequence number used. The input is not
 * touched (new array, new object), so callers can keep the old value as a rollback point.
 * Shared by MemoryStore and LowdbStore so both behave the same.
 */
export function appendRecord<F extends YearRecords>(year: F, input: NewRecord): { year: F; record: ProgressRecord } {
  // confirming the same draft twice (a crash between saving and dropping the proposal, a re-delivered 确认) saves once
  const saved = input.sourceKey ? year.records.find((r) => r.sourceKey === input.sourceKey) : undefined;
  if (saved) return { year, record: saved };
  const record = freezeRecord(buildRecord(input, year.nextSeq));
  return { year: { ...year, nextSeq: year.nextSeq + 1, records: [...year.records, record] }, record };
}

/** The record (active or withdrawn) saved from `sourceKey`, if any. */
export function recordFromSource(records: readonly ProgressRecord[], sourceKey: string | undefined): ProgressRecord | null {
  if (!sourceKey) return null;
  for (let i = records.length - 1; i >= 0; i--) if (records[i]!.sourceKey === sourceKey) return records[i]!;
  return null;
}

/** Pure: the year with record `id` replaced by fn(record); RecordError 'not-found' when absent. */
export function replaceRecord<F extends YearRecords>(
  year: F,
  id: string,
  fn: (r: ProgressRecord) => ProgressRecord,
): { year: F; record: ProgressRecord } {
  const idx = year.records.findIndex((r) => r.id === id);
  if (idx < 0) throw new RecordError(`没有记录 ${id}`, 'not-found');
  const same = fn(year.records[idx]!);
  if (same === year.records[idx]) return { year, record: same }; // nothing to change: the year stays the same object
  // cloned so the caller's `change` arrays are not frozen (or shared) along with the record
  const record = freezeRecord(structuredClone(same));
  const records = [...year.records];
  records[idx] = record;
  return { year: { ...year, records }, record };
}

/** Pure: the pending list with p put in (replacing, in place, the one of the same chat + author). */
export function withPending(list: readonly Proposal[], p: Proposal): Proposal[] {
  const key = proposalKey(p.chat.id, p.author.id);
  const idx = list.findIndex((x) => proposalKey(x.chat.id, x.author.id) === key);
  if (idx < 0) return [...list, p];
  const next = [...list];
  next[idx] = p;
  return next;
}

/** Pure: the pending list without the proposal of that chat + author. */
export function withoutPending(list: readonly Proposal[], chatId: string, authorId: string): Proposal[] {
  const key = proposalKey(chatId, authorId);
  return list.filter((x) => proposalKey(x.chat.id, x.author.id) !== key);
}
