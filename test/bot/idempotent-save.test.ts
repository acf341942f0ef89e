import { copyFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { alice, harness } from './helpers.js';
import { openStore } from '../../src/store/lowdb-store.js';
import { MemoryStore } from '../../src/store/memory-store.js';
import type { RecordStore } from '../../src/store/types.js';
import { tempDir } from '../store/helpers.js';

const REPORT = '昨天科技工作者日主场活动办完了，约2100人次';

/** The store as it is after a crash between the two writes of a save: deletePending never lands. */
function crashingBeforeDroppingProposal(store: RecordStore): RecordStore {
  return new Proxy(store, {
    get(target, prop, receiver) {
      if (prop === 'deletePending') return async () => Promise.reject(Object.assign(new Error('killed before state.json was written'), { code: 'EIO' }));
      const v = Reflect.get(target, prop, receiver);
      return typeof v === 'function' ? v.bind(target) : v;
    },
  });
}

describe('saving is idempotent: a proposal confirmed twice is one record (issue 14)', () => {
  it('fault: the record is written but dropping the proposal fails → the next 确认 answers 已保存过 and adds nothing', async () => {
    const dir = tempDir();
    const store = await openStore(dir);
    const h = harness('2021-05-31T10:00', { store: crashingBeforeDroppingProposal(store) });
    await h.say(alice, REPORT);
    expect(await h.say(alice, '确认')).toContain('已保存 R2021-0001');
    expect(store.pending()).toHaveLength(1); // the crash window: record on disk, proposal still waiting
    await store.close();

    // restart on the same folder
    const reopened = await openStore(dir);
    expect(reopened.pending()).toHaveLength(1);
    const h2 = harness('2021-05-31T10:01', { store: reopened });
    const reply = await h2.say(alice, '确认');
    expect(reply).toContain('已保存过 R2021-0001');
    expect(reopened.records(2021)).toHaveLength(1);
    expect(reopened.pending()).toHaveLength(0); // the stale proposal is dropped
    expect(await h2.say(alice, '确认')).toContain('没有等你确认');
    expect(reopened.records(2021)).toHaveLength(1);
    await reopened.close();
  });

  it('fault: state.json restored from before the save (proposal back, record kept) → 确认 again saves nothing new', async () => {
    const dir = tempDir();
    const store = await openStore(dir);
    const h = harness('2021-05-31T10:00', { store });
    await h.say(alice, REPORT);
    copyFileSync(path.join(dir, 'state.json'), path.join(dir, 'state.before.json'));
    expect(await h.say(alice, '确认')).toContain('已保存 R2021-0001');
    expect(store.pending()).toHaveLength(0);
    await store.close();
    copyFileSync(path.join(dir, 'state.before.json'), path.join(dir, 'state.json'));

    const restored = await openStore(dir);
    const h2 = harness('2021-05-31T10:05', { store: restored });
    expect(await h2.say(alice, '确认')).toContain('已保存过 R2021-0001');
    expect(restored.records(2021).map((r) => r.id)).toEqual(['R2021-0001']);
    await restored.close();
  });

  it('the saved record carries the proposal id it came from, and a withdrawn record still counts as saved', async () => {
    const store = new MemoryStore();
    const h = harness('2021-05-31T10:00', { store: crashingBeforeDroppingProposal(store) });
    await h.say(alice, REPORT);
    const pending = store.pending()[0]!;
    expect(pending.id).toMatch(/^P[0-9a-f]{20}$/);
    await h.say(alice, '确认');
    const [rec] = store.records(2021);
    expect(rec!.sourceKey!.startsWith(`${pending.id}#`)).toBe(true);
    await store.withdrawRecord(2021, rec!.id, { by: alice, message: { id: 'x', text: '撤销' }, at: new Date() });
    expect(await h.say(alice, '确认')).toContain('已保存过 R2021-0001');
    expect(store.records(2021)).toHaveLength(1);
  });

  it('fault: a withdrawal saved but its proposal not dropped → 确认 again changes nothing and says it is done', async () => {
    const store = new MemoryStore();
    const plain = harness('2021-05-31T10:00', { store });
    await plain.say(alice, REPORT);
    await plain.say(alice, '确认');
    const h = harness('2021-05-31T10:05', { store: crashingBeforeDroppingProposal(store) });
    expect(await h.say(alice, '撤销')).toContain('要撤销');
    expect(await h.say(alice, '确认')).toContain('已撤销');
    expect(store.pending()).toHaveLength(1); // the crash window
    const again = await h.say(alice, '确认');
    expect(again).toContain('已撤销');
    expect(again).not.toContain('没改成');
    const [rec] = store.records(2021);
    expect(rec!.status).toBe('withdrawn');
    expect(rec!.history.filter((x) => x.action === 'withdraw')).toHaveLength(1);
  });

  it('fault: an amendment saved but its proposal not dropped → 确认 again does not add a second change to the history', async () => {
    const dir = tempDir();
    const store = await openStore(dir);
    const plain = harness('2021-05-31T10:00', { store });
    await plain.say(alice, REPORT);
    await plain.say(alice, '确认');
    const h = harness('2021-05-31T10:05', { store: crashingBeforeDroppingProposal(store) });
    expect(await h.say(alice, '更正：人数是2300人次')).toContain('2300');
    expect(await h.say(alice, '确认')).toContain('已更正');
    await store.close();
    const reopened = await openStore(dir);
    const h2 = harness('2021-05-31T10:06', { store: reopened });
    expect(await h2.say(alice, '确认')).toContain('已更正');
    const [rec] = reopened.records(2021);
    expect(rec!.amounts[0]!.value).toBe(2300);
    expect(rec!.history.map((x) => x.action)).toEqual(['create', 'amend']);
    expect(reopened.pending()).toHaveLength(0);
    await reopened.close();
  });

  it('two saves of one source at the same instant make one record (the check runs in the write queue)', async () => {
    const store = await openStore(tempDir());
    const input = {
      planYear: 2021,
      milestoneIds: [],
      indicatorIds: ['quantity-1'],
      amounts: [],
      activityDate: '2021-05-30',
      reporter: alice,
      chat: { id: 'room1@chatroom', name: '群', kind: 'room' as const },
      source: { messageId: 'm1', text: REPORT },
      at: new Date('2021-05-31T02:00:00Z'),
      sourceKey: 'P-same',
    };
    const [a, b] = await Promise.all([store.addRecordOnce(input), store.addRecordOnce(input)]);
    expect([a.created, b.created].sort()).toEqual([false, true]);
    expect(a.record.id).toBe(b.record.id);
    expect(store.records(2021)).toHaveLength(1);
    await store.close();
  });
});
