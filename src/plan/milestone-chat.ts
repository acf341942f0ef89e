import type { InboundMessage, OutboundMessage, Roles } from '../core/types.js';
import { hasRole } from '../core/types.js';
import { isoShanghai } from '../core/time.js';
import type { Plan } from './schema.js';
import { applyEdit, parseMilestoneCommand, prepareEdit, type MilestoneEdit } from './milestone-edit.js';
import { milestoneLabel } from './labels.js';
import { MT } from './milestone-text.js';

const CONFIRM = /^(?:确认|确定|确认保存|保存|对|是|是的|好|好的|行|可以|ok|yes)[!！。.~～]*$/i;
const CANCEL = /^(?:取消|算了|不用了|不要了|放弃)[了吧!！。.~～]*$/;

interface Pending {
  edit: Omit<MilestoneEdit, 'at'>;
  year: number;
  expiresAt: number;
}

export interface MilestoneChatDeps {
  /** The plans the bot answers from: a confirmed edit replaces its year's plan here */
  plans: Map<number, Plan>;
  roles: Roles;
  /** Keeps a confirmed edit (the overlay file); throws when it cannot */
  saveEdit: (year: number, edit: MilestoneEdit) => Promise<void> | void;
  /** Record ids that name a milestone (a milestone with evidence is not removed) */
  recordsOf: (year: number, milestoneId: string) => string[];
  ttlMinutes: number;
}

export interface MilestoneChat {
  /** The reply when the message is a milestone command or the answer to one; null otherwise. */
  handle(msg: InboundMessage, text: string, plan: Plan, now: Date): Promise<OutboundMessage[] | null>;
}

/**
 * Admins set, change and remove milestones and their owners in the chat. The bot restates the
 * change and acts only on 确认 from the same admin in the same chat; the edit is kept with who,
 * when and which message. Waiting edits live in memory: a restart drops them (nothing is saved
 * unconfirmed).
 */
export function createMilestoneChat(deps: MilestoneChatDeps): MilestoneChat {
  const pending = new Map<string, Pending>();
  const reply = (t: string): OutboundMessage[] => [{ text: t }];
  return {
    async handle(msg, text, plan, now) {
      const key = `${msg.chat.id}\u0000${msg.sender.id}`;
      const waiting = pending.get(key);
      if (waiting && waiting.expiresAt < now.getTime()) {
        pending.delete(key);
        if (CONFIRM.test(text) || CANCEL.test(text)) return reply(MT.expired(deps.ttlMinutes));
      } else if (waiting) {
        if (CANCEL.test(text)) {
          pending.delete(key);
          return reply(MT.cancelled);
        }
        if (CONFIRM.test(text)) {
          pending.delete(key);
          const base = deps.plans.get(waiting.year);
          if (!base) return reply(MT.saveFailed(`没有${waiting.year}年的计划`));
          const edit: MilestoneEdit = { ...waiting.edit, at: isoShanghai(now) };
          let next: Plan;
          try {
            next = applyEdit(base, edit);
          } catch (e) {
            return reply(MT.invalid((e as Error).message));
          }
          try {
            await deps.saveEdit(waiting.year, edit);
          } catch (e) {
            return reply(MT.saveFailed((e as Error).message));
          }
          deps.plans.set(waiting.year, next);
          const label = milestoneLabel(edit.action === 'remove' ? edit.milestone : next.milestones.find((m) => m.id === edit.milestone.id)!);
          return reply(edit.action === 'remove' ? MT.removed(label) : MT.saved(label));
        }
      }
      const cmd = parseMilestoneCommand(text);
      if (!cmd) return null;
      if (!hasRole(deps.roles.admins, msg.sender)) return reply(MT.adminsOnly);
      const prepared = prepareEdit(plan, cmd, (id) => deps.recordsOf(plan.year, id));
      if (!prepared.ok) return reply(prepared.reply);
      const replaced = pending.has(key) ? `${MT.replaced}\n` : '';
      pending.set(key, {
        year: plan.year,
        expiresAt: now.getTime() + deps.ttlMinutes * 60_000,
        edit: {
          action: prepared.action,
          milestone: prepared.milestone,
          by: { id: msg.sender.id, name: msg.sender.name },
          message: { id: msg.id, text: msg.text },
        },
      });
      return reply(replaced + prepared.restatement);
    },
  };
}
