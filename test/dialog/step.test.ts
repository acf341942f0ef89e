import { describe, expect, it } from 'vitest';
import { stepPending, type StepContext } from '../../src/dialog/step.js';
import { newProposal, withDrafts, draftsOf } from '../../src/dialog/proposal.js';
import { understand } from '../../src/understand/index.js';
import { computeProgress } from '../../src/progress/progress.js';
import { parseShanghai } from '../../src/core/time.js';
import { alice, plan2021, room } from '../bot/helpers.js';
import type { Proposal } from '../../src/dialog/schema.js';

/** The dialog is a pure step: (what waits, the author's message, context) → what happens. */
const now = parseShanghai('2021-05-31T10:00')!;
const ctx: StepContext = { plan: plan2021, records: [], progress: computeProgress(plan2021, [], now), at: now, now, ttlMinutes: 30 };

function proposalOf(text: string): Proposal {
  const u = understand(text, { plan: plan2021, now });
  return newProposal({ u, msg: { id: 'm1', text, chat: room, sender: alice, at: now }, plan: plan2021, records: [], now })!;
}

function twoDrafts(): Proposal {
  const a = proposalOf('科技工作者日主场活动办完了');
  return withDrafts(a, [...draftsOf(a), ...draftsOf(proposalOf('科普资源对接会开完了'))]);
}

describe('stepPending: what an answer does to what waits', () => {
  it('确认 saves every draft; 取消 drops them', () => {
    expect(stepPending(twoDrafts(), '确认', ctx)).toEqual({ type: 'save', drafts: [0, 1] });
    expect(stepPending(twoDrafts(), '取消', ctx)).toMatchObject({ type: 'drop' });
  });

  it('确认2 saves only the second; 去掉1 leaves the second waiting; 确认7 is out of range', () => {
    expect(stepPending(twoDrafts(), '确认2', ctx)).toEqual({ type: 'save', drafts: [1] });
    const dropped = stepPending(twoDrafts(), '去掉1', ctx);
    expect(dropped.type).toBe('update');
    if (dropped.type === 'update') expect(draftsOf(dropped.next).map((d) => d.candidates[d.chosen]!.milestoneId)).toEqual(['schedule-q2.9']);
    expect(stepPending(twoDrafts(), '确认7', ctx)).toMatchObject({ type: 'reply' });
  });

  it('a number picks one of the readings offered; 确认 while a choice is owed asks for the number', () => {
    const p = proposalOf('科普活动结束了，来了500人');
    expect(p.candidates.length).toBeGreaterThan(1);
    expect(stepPending({ ...p, stage: 'choose' }, '确认', ctx)).toMatchObject({ type: 'reply' });
    const picked = stepPending(p, '2', ctx);
    expect(picked.type).toBe('update');
    if (picked.type === 'update') expect(picked.next.chosen).toBe(1);
  });

  it('another report is its own draft; a change word changes the one waiting', () => {
    const p = proposalOf('昨天科技工作者日主场活动办完了，约2100人次');
    expect(stepPending(p, '科普资源对接会今天也开了', ctx)).toEqual({ type: 'another-report' });
    const changed = stepPending(p, '改成1800人次', ctx);
    expect(changed.type).toBe('update');
    if (changed.type === 'update') expect(changed.next.amounts[0]!.value).toBe(1800);
  });

  it('asked 新增还是累计, the answer sets the figure’s mode; 确认 first asks again', () => {
    const base = proposalOf('公众号共发布科普信息12期');
    const p: Proposal = { ...base, ask: 'mode', amounts: base.amounts.map((a) => ({ ...a, unsure: true })) };
    const total = stepPending(p, '累计', ctx);
    expect(total.type).toBe('update');
    if (total.type === 'update') expect(total.next.amounts[0]).toMatchObject({ mode: 'set' });
    expect(stepPending(p, '确认', ctx)).toMatchObject({ type: 'reply' });
  });

  it('a correction waiting is carried out on 确认, left as it was on 取消, and anything else is read anew', () => {
    const c: Proposal = { ...proposalOf('昨天科技工作者日主场活动办完了'), stage: 'correct', correction: { action: 'withdraw', recordId: 'R2021-0001', change: {} } };
    expect(stepPending(c, '确认', ctx)).toEqual({ type: 'apply-correction' });
    expect(stepPending(c, '取消', ctx)).toMatchObject({ type: 'drop' });
    expect(stepPending(c, '这个季度要做什么', ctx)).toEqual({ type: 'pass' });
  });
});
