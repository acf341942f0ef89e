import { mkdtempSync, readFileSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createBot } from '../../src/bot.js';
import type { ChatRef, InboundMessage, Person } from '../../src/core/types.js';
import { MemoryStore } from '../../src/store/memory-store.js';
import { importPlanFile } from '../../src/plan/import.js';
import { loadPlans } from '../../src/plan/load.js';
import { createMilestoneChat } from '../../src/plan/milestone-chat.js';
import { appendOverlayEdit, overlayPath } from '../../src/plan/milestone-file.js';
import { parseMilestoneCommand, prepareEdit } from '../../src/plan/milestone-edit.js';
import { plan2021 } from '../bot/helpers.js';
import { manualClock } from '../bot/helpers.js';
import { composeDigest } from '../../src/digest/compose.js';
import { DEFAULT_SCHEDULE } from '../../src/schedule/config.js';
import { parseShanghai } from '../../src/core/time.js';

const admin: Person = { id: 'wxid_admin', name: '赵主任' };
const staff: Person = { id: 'wxid_staff', name: '王丽' };
const room: ChatRef = { id: 'room1@chatroom', name: '科技局工作群', kind: 'room' };
const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));

/** The 2022 table of 桃源县科学技术局 (column layout, no 进度 block) imported into a fresh plans folder. */
async function importedBot(start: string) {
  const dir = mkdtempSync(path.join(tmpdir(), 'jx-ms-'));
  dirs.push(dir);
  const file = '/work/shared/plans-real/04-taoyuan-kejiju-2022-whole.txt';
  const o = await importPlanFile(file, readFileSync(file));
  if (o.kind !== 'plan') throw new Error('import failed');
  writeFileSync(path.join(dir, '2022.json'), JSON.stringify(o.plan, null, 2));
  const plans = loadPlans(dir);
  const store = new MemoryStore();
  const clock = manualClock(start);
  const roles = { admins: [admin.id], leaders: [] };
  const milestones = createMilestoneChat({
    plans,
    roles,
    saveEdit: (year, edit) => appendOverlayEdit(dir, year, edit),
    recordsOf: (year, id) => store.records(year).filter((r) => r.milestoneIds.includes(id)).map((r) => r.id),
    ttlMinutes: 30,
  });
  const bot = createBot({ plans, store, clock, roles, milestones });
  let seq = 0;
  const say = async (who: Person, text: string) => {
    const msg: InboundMessage = { id: `m${++seq}`, text, chat: room, sender: who, at: clock() };
    return (await bot.handle(msg)).map((r) => r.text).join('\n');
  };
  return { dir, plans, store, clock, say };
}

describe('reading milestone commands', () => {
  it.each([
    ['设置进度：科普日主场活动 第三季度 负责人王丽', { kind: 'set', name: '科普日主场活动', when: '第三季度', owners: ['王丽'] }],
    ['设置进度 科技活动周 5月底前 负责人：王丽、李强', { kind: 'set', name: '科技活动周', when: '5月底前', owners: ['王丽', '李强'] }],
    ['删除进度 科技活动周', { kind: 'remove', name: '科技活动周' }],
    ['把科技活动周的负责人改成李强', { kind: 'owners', name: '科技活动周', owners: ['李强'] }],
    ['设置进度：三季度第1项 负责人张三', { kind: 'set', name: '三季度第1项', when: null, owners: ['张三'] }],
    ['设置进度：三季度第一项 第四季度', { kind: 'set', name: '三季度第一项', when: '第四季度', owners: null }],
  ])('%s', (text, want) => {
    expect(parseMilestoneCommand(text)).toEqual(want);
  });
  it('on the 2021 plan: 三季度第1项 is that milestone; a new name near an existing one is added with the near one named', () => {
    const byPlace = prepareEdit(plan2021, parseMilestoneCommand('设置进度：三季度第一项 第四季度 负责人王丽')!, () => []);
    expect(byPlace).toMatchObject({ ok: true, action: 'set', milestone: { id: 'schedule-q3.1', quarter: 'q4', due: '2021-12-31', owners: ['王丽'] } });
    const added = prepareEdit(plan2021, parseMilestoneCommand('设置进度：科普日主场活动 第三季度 负责人王丽')!, () => []);
    expect(added.ok && added.restatement).toContain('要新增进度节点');
    expect(added.ok && added.restatement).toContain('已有相近的：三季度第1项');
    expect(prepareEdit(plan2021, parseMilestoneCommand('删除进度 三季度第1项')!, () => ['R2021-0007'])).toMatchObject({ ok: false, reply: expect.stringContaining('不能删除') });
  });

  it('leaves other messages alone', () => {
    expect(parseMilestoneCommand('科技活动周办完了，约300人次')).toBeNull();
    expect(parseMilestoneCommand('这个季度要做什么')).toBeNull();
  });
});

describe('admins set milestones in the chat for a plan that has none (end to end)', () => {
  it('restates, saves only on 确认 with history in the plan folder, and then answers and takes reports against the plan', async () => {
    const h = await importedBot('2022-04-11T10:00');
    expect(h.plans.get(2022)!.milestones).toEqual([]);

    // a colleague may not change the plan
    expect(await h.say(staff, '设置进度：科技活动周 第二季度 负责人王丽')).toContain('只有管理员');

    const restated = await h.say(admin, '设置进度：科技活动周 第二季度 负责人王丽');
    expect(restated).toContain('要新增进度节点');
    expect(restated).toContain('二季度第1项「科技活动周」');
    expect(restated).toContain('负责人：王丽');
    expect(h.plans.get(2022)!.milestones).toEqual([]); // nothing until 确认
    expect(await h.say(admin, '确认')).toContain('已保存');

    await h.say(admin, '设置进度：科普宣传活动 第三季度');
    await h.say(admin, '确认');
    await h.say(admin, '把科普宣传活动的负责人改成李强');
    expect(await h.say(admin, '确认')).toContain('已保存');
    await h.say(admin, '设置进度：临时调研 第四季度');
    await h.say(admin, '确认');
    expect(await h.say(admin, '删除进度 临时调研')).toContain('要删除进度节点');
    expect(await h.say(admin, '确认')).toContain('已删除');

    // kept with who, when and which message; a fresh load gives the same milestones
    const overlay = JSON.parse(readFileSync(overlayPath(h.dir, 2022), 'utf8'));
    expect(overlay.edits).toHaveLength(5);
    expect(overlay.edits[0]).toMatchObject({ action: 'set', by: { name: '赵主任' }, message: { text: '设置进度：科技活动周 第二季度 负责人王丽' } });
    const reloaded = loadPlans(h.dir).get(2022)!;
    expect(reloaded.milestones).toEqual(h.plans.get(2022)!.milestones);
    expect(reloaded.milestones.map((m) => [m.id, m.due, m.owners ?? []])).toEqual([
      ['schedule-q2.1', '2022-06-30', ['王丽']],
      ['schedule-q3.1', '2022-09-30', ['李强']],
    ]);
    // the imported plan file itself is untouched
    expect(JSON.parse(readFileSync(path.join(h.dir, '2022.json'), 'utf8')).milestones).toEqual([]);

    // the plan answers
    const quarter = await h.say(staff, '这个季度要做什么');
    expect(quarter).toContain('科技活动周');
    const q1 = await h.say(staff, '数量指标1是什么');
    expect(q1).toContain('高新技术企业新增数量');
    expect(q1).toContain('≥6家');
    const byName = await h.say(staff, '培育指导高新技术企业数量是多少');
    expect(byName).toContain('数量指标2');
    expect(byName).toContain('≥10家');

    // and takes a report against its indicators
    const proposal = await h.say(staff, '科技活动周昨天办完了');
    expect(proposal).toContain('科技活动周');
    expect(await h.say(staff, '确认')).toContain('已保存 R2022-0001');
    const rec = h.store.records(2022)[0]!;
    expect(rec.milestoneIds).toEqual(['schedule-q2.1']);
    expect(rec.indicatorIds).toContain('quantity-6');

    const overall = await h.say(staff, '总体进度怎么样');
    expect(overall).toContain('2022年进度（截至4月11日');
    expect(overall).toContain('进度节点：已报1/2项');

    // a milestone with a report on it is not removed
    expect(await h.say(admin, '删除进度 科技活动周')).toContain('不能删除');
  });

  it('the quarter-end reminder names the owners set in the chat, and says how to add milestones when there are none', async () => {
    const h = await importedBot('2022-06-01T10:00');
    const reminder = () =>
      composeDigest({ job: 'reminder', plans: h.plans, records: () => [], config: DEFAULT_SCHEDULE, now: parseShanghai('2022-06-17T09:00')!, period: { period: '2022-Q2-10d', quarter: { year: 2022, q: 2 } } });
    const before = reminder();
    expect(before.ok && before.text).toContain('设置进度');
    await h.say(admin, '设置进度：科技活动周 第二季度 负责人王丽、李强');
    await h.say(admin, '确认');
    const after = reminder();
    expect(after.ok && after.text).toContain('科技活动周');
    expect(after.ok && after.text).toContain('负责人：王丽、李强');
  });

  it('取消 and a wait past the limit change nothing', async () => {
    const h = await importedBot('2022-04-11T10:00');
    await h.say(admin, '设置进度：科技活动周 第二季度');
    expect(await h.say(admin, '取消')).toContain('没有改');
    await h.say(admin, '设置进度：科技活动周 第二季度');
    h.clock.advanceMinutes(31);
    expect(await h.say(admin, '确认')).toContain('作废');
    expect(h.plans.get(2022)!.milestones).toEqual([]);
  });

  it('an overlay file that fails validation stops loading with the file named, and is not overwritten', async () => {
    const h = await importedBot('2022-04-11T10:00');
    writeFileSync(overlayPath(h.dir, 2022), '{"schemaVersion":1,"year":2022,"edits":[{"action":"set"}]}');
    expect(() => loadPlans(h.dir)).toThrow(/2022\.milestones\.json/);
    expect(() => appendOverlayEdit(h.dir, 2022, { action: 'remove', milestone: { id: 'schedule-q1.1', quarter: 'q1', number: 1, text: 'x', due: '2022-03-31', indicators: [] }, by: admin, at: 'x', message: { id: 'm', text: 't' } })).toThrow();
    expect(readFileSync(overlayPath(h.dir, 2022), 'utf8')).toContain('"edits":[{"action":"set"}]');
  });
});

describe('asking about an imported plan by its own 二级 names', () => {
  it('社会效益指标1 and 时效指标1 find the indicator of that 二级, not another 效益 numbered 1', async () => {
    const file = '/work/shared/plans-real/09-jiayuguan-bowuguan-2023-provincial.txt';
    const o = await importPlanFile(file, readFileSync(file), { project: '1' });
    if (o.kind !== 'plan') throw new Error('import failed');
    const plans = new Map([[2023, o.plan]]);
    const clock = manualClock('2023-05-10T10:00');
    const bot = createBot({ plans, store: new MemoryStore(), clock, roles: { admins: [], leaders: [] } });
    const ask = async (text: string) =>
      (await bot.handle({ id: text, text, chat: room, sender: staff, at: clock() })).map((r) => r.text).join('\n');
    const social = await ask('社会效益指标1是什么');
    expect(social).toContain('免费开放接待观众人数');
    expect(social).toContain('=30000人次');
    expect(await ask('经济效益指标1是什么')).toContain('为当地提供就业');
    expect(await ask('时效指标1是什么')).toContain('各项工作完成及时率');
  });
});
