import { createHash } from 'node:crypto';
import type { Proposal } from './schema.js';

/**
 * A proposal's stable id (issue 14): the saved record carries it as its sourceKey, so a
 * second 确认 of the same proposal (a crash between saving the record and dropping the
 * proposal, a state.json restored from before the save, a re-delivered message) finds the
 * record instead of saving it again. Derived from chat, author and the report's message id,
 * so a proposal from an older state file (no id) gets the same id it would have had.
 */
export function proposalId(p: Pick<Proposal, 'id' | 'chat' | 'author' | 'source'>): string {
  if (p.id) return p.id;
  const h = createHash('sha256').update(`${p.chat.id}\u0000${p.author.id}\u0000${p.source.messageId}`).digest('hex');
  return `P${h.slice(0, 20)}`;
}

/** The proposal with its id filled in (kept through adjustments, which copy the proposal). */
export function withProposalId<P extends Proposal>(p: P): P {
  return p.id ? p : { ...p, id: proposalId(p) };
}

/** The reply to a 确认 of something already saved. */
export function alreadySavedText(summary: string): string {
  return `已保存过 ${summary}，没有重复保存。`;
}
