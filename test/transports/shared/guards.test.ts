import { describe, expect, it } from 'vitest';
import { ErrorThrottle, SeenIds, stripKeyword, stripOwnMention } from '../../../src/transports/shared/guards.js';
import { KeyedQueue } from '../../../src/core/keyed-queue.js';

describe('stripKeyword', () => {
  it('removes a leading keyword and the separators after it', () => {
    expect(stripKeyword('#绩效 昨天办了科普讲座', '#绩效')).toBe('昨天办了科普讲座');
    expect(stripKeyword('#绩效：昨天办了科普讲座', '#绩效')).toBe('昨天办了科普讲座');
    expect(stripKeyword('  #绩效,周报', '#绩效')).toBe('周报');
  });

  it('accepts the full-width ＃ typed by Chinese input methods', () => {
    expect(stripKeyword('＃绩效 周报', '#绩效')).toBe('周报');
  });

  it('returns null when the keyword is not at the start', () => {
    expect(stripKeyword('周报 #绩效', '#绩效')).toBeNull();
    expect(stripKeyword('绩效怎么样', '#绩效')).toBeNull();
  });

  it('turns a bare keyword into empty text', () => {
    expect(stripKeyword('#绩效', '#绩效')).toBe('');
  });
});

describe('stripOwnMention', () => {
  it("removes the bot's @name ended by WeChat's U+2005 or a space, keeping other mentions", () => {
    expect(stripOwnMention('@绩效助手\u2005这个季度要做什么', ['绩效助手'])).toBe('这个季度要做什么');
    expect(stripOwnMention('@小助手 帮 @张三 记一下', ['绩效助手', '小助手'])).toBe('帮 @张三 记一下');
    expect(stripOwnMention('说完了@绩效助手', ['绩效助手'])).toBe('说完了');
  });

  it('returns null when none of the names is mentioned', () => {
    expect(stripOwnMention('@张三 你好', ['绩效助手'])).toBeNull();
  });

  it('does not treat a longer name that starts with the bot name as the bot', () => {
    expect(stripOwnMention('@绩效助手二号 你好', ['绩效助手'])).toBeNull();
  });
});

describe('SeenIds', () => {
  it('says an id is new only the first time', () => {
    const seen = new SeenIds(10);
    expect(seen.add('a')).toBe(true);
    expect(seen.add('a')).toBe(false);
  });

  it('forgets the oldest ids beyond its capacity', () => {
    const seen = new SeenIds(2);
    seen.add('a');
    seen.add('b');
    seen.add('c');
    expect(seen.add('a')).toBe(true);
    expect(seen.add('c')).toBe(false);
  });
});

describe('ErrorThrottle', () => {
  it('lets the first error through, then one summary per window with the count suppressed', () => {
    const t = new ErrorThrottle(30_000);
    expect(t.note(0)).toEqual({ kind: 'first' });
    for (let i = 1; i <= 10; i++) expect(t.note(i * 100)).toBeNull();
    expect(t.note(30_000)).toEqual({ kind: 'summary', count: 11, total: 12 });
    expect(t.note(30_001)).toBeNull();
  });

  it('logs the next error in full after a reset', () => {
    const t = new ErrorThrottle(30_000);
    t.note(0);
    t.reset();
    expect(t.note(1)).toEqual({ kind: 'first' });
  });
});

describe('KeyedQueue', () => {
  it('runs tasks of one key in order even when the first is slower, and survives a failing task', async () => {
    const q = new KeyedQueue();
    const order: string[] = [];
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const first = q.run('k', async () => {
      await gate;
      order.push('report');
      throw new Error('handler failed');
    });
    const second = q.run('k', async () => {
      order.push('确认');
    });
    const other = q.run('other', async () => {
      order.push('other chat');
    });
    await other;
    release();
    await Promise.all([first, second]);
    expect(order).toEqual(['other chat', 'report', '确认']);
    await q.idle();
  });
});

