import { loadPlans } from '../../src/plan/load.js';
import type { Plan } from '../../src/plan/schema.js';
import type { InboundMessage, Person, ChatRef } from '../../src/core/types.js';
import { createBot, type BotDeps } from '../../src/bot.js';
import { MemoryStore } from '../../src/store/memory-store.js';
import type { RecordStore } from '../../src/store/types.js';
import { parseShanghai } from '../../src/core/time.js';

export const plans: Map<number, Plan> = loadPlans('data/plans');
export const plan2021 = plans.get(2021)!;

export const alice: Person = { id: 'wxid_alice', name: '王丽' };
export const bob: Person = { id: 'wxid_bob', name: '李强' };
export const admin: Person = { id: 'wxid_admin', name: '赵主任' };
export const room: ChatRef = { id: 'room1@chatroom', name: '科协工作群', kind: 'room' };

/** A clock the test moves by hand, starting at a Shanghai wall-clock time. */
export function manualClock(start: string) {
  let now = parseShanghai(start)!;
  const clock = () => now;
  return Object.assign(clock, {
    set(t: string) {
      now = parseShanghai(t)!;
    },
    advanceMinutes(m: number) {
      now = new Date(now.getTime() + m * 60_000);
    },
  });
}

/** A bot over a memory store on the real 2021 plan, and a `say` that talks to it. */
export function harness(start = '2021-05-10T10:00', over: Partial<BotDeps> & { store?: RecordStore } = {}) {
  const clock = manualClock(start);
  const store = over.store ?? new MemoryStore();
  const bot = createBot({ plans, store, clock, roles: { admins: [admin.id], leaders: [] }, ...over });
  let seq = 0;
  async function say(who: Person, text: string, chat: ChatRef = room): Promise<string> {
    const msg: InboundMessage = { id: `m${++seq}`, text, chat, sender: who, at: clock() };
    const replies = await bot.handle(msg);
    return replies.map((r) => r.text).join('\n');
  }
  return { clock, store, bot, say, records: () => store.records(2021) };
}
