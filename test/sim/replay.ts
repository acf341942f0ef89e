import { readFileSync } from 'node:fs';
import { createBot } from '../../src/bot.js';
import { MemoryStore } from '../../src/store/memory-store.js';
import { loadPlans } from '../../src/plan/load.js';
import { parseShanghai, shanghaiDay, isoShanghai } from '../../src/core/time.js';
import { computeProgress } from '../../src/progress/progress.js';
import { recordsAsTheyStood } from '../../src/progress/as-of.js';
import type { InboundMessage } from '../../src/core/types.js';

export interface YearScript {
  people: { id: string; name: string }[];
  steps: { n: number; at: string; author: string; text: string; then: string[]; kind?: string; intent?: string }[];
  checkpoints: { at: string; metrics: Record<string, number | null>; milestonesDone: string[]; milestonesOpen?: string[] }[];
}

export const year: YearScript = JSON.parse(readFileSync('test/fixtures/office-year.json', 'utf8'));

export function loadYear(file: string): YearScript {
  return JSON.parse(readFileSync(file, 'utf8'));
}

/**
 * Replays the scripted year through the bot's own entry point, as the office would have
 * typed it: each step's message at its time, then its follow-ups (确认 / 取消) a minute apart.
 * Returns the store and every exchange, for the test to compare with the ledger.
 */
export async function replayYear(atCheckpoint?: (at: string, store: MemoryStore, now: Date) => void, script: YearScript = year) {
  const year = script;
  const plans = loadPlans('data/plans');
  const store = new MemoryStore();
  let now = parseShanghai(year.steps[0]!.at.slice(0, 16))!;
  const bot = createBot({ plans, store, clock: () => now, roles: { admins: ['wx_zhangwei'], leaders: [] } });
  const room = { id: 'kexie@chatroom', name: '区科协工作群', kind: 'room' as const };
  const people = new Map(year.people.map((p) => [p.id, p]));
  const log: { n: number; said: string; reply: string }[] = [];
  let seq = 0;
  const pending = [...year.checkpoints];
  for (const step of year.steps) {
    // a checkpoint passes before the first step after it: what a digest or form would have seen then
    while (pending[0] && Date.parse(pending[0].at) < Date.parse(step.at)) {
      const cp = pending.shift()!;
      atCheckpoint?.(cp.at, store, new Date(Date.parse(cp.at)));
    }
    now = new Date(Date.parse(step.at));
    for (const [i, said] of [step.text, ...step.then].entries()) {
      if (i > 0) now = new Date(now.getTime() + 60_000);
      const msg: InboundMessage = { id: `y${++seq}`, text: said, chat: room, sender: people.get(step.author)!, at: now };
      const reply = (await bot.handle(msg)).map((r) => r.text).join('\n');
      log.push({ n: step.n, said, reply });
    }
  }
  for (const cp of pending) atCheckpoint?.(cp.at, store, new Date(Date.parse(cp.at)));
  const progressAt = (at: string) => {
    const t = new Date(Date.parse(at));
    return computeProgress(plans.get(2021)!, recordsAsTheyStood(store.records(2021), isoShanghai(t), shanghaiDay(t)), t);
  };
  return { store, log, progressAt };
}
