import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { InboundMessage } from '../../src/core/types.js';
import { openSeenMessages, SEEN_FILE } from '../../src/store/seen-messages.js';
import { StoreLoadError } from '../../src/store/load-error.js';
import { BOT_NAME, NOW, createOffice, ignored, say, type Office } from '../transports/mock-wechat.js';
import { tempDir } from './helpers.js';

const offices: Office[] = [];
afterEach(async () => {
  for (const o of offices.splice(0)) await o.transport.stop();
});

describe('handled message ids are remembered durably (issue 14)', () => {
  it('fault: WeChat delivers a handled 确认 again after a restart → the new process does not hand it to the bot', async () => {
    const dir = tempDir();
    const handled: InboundMessage[] = [];
    const handler = async (m: InboundMessage) => {
      handled.push(m);
      return [{ text: '已保存 R2021-0001' }];
    };
    const first = await createOffice({ handler, transport: { seenMessages: await openSeenMessages(dir, { clock: () => NOW }) } });
    offices.push(first);
    const id = say(first, first.alice, `@${BOT_NAME}\u2005确认`, first.staffRoom, { mentions: [first.bot] });
    await vi.waitFor(() => expect(handled).toHaveLength(1));
    await vi.waitFor(() => expect(readFileSync(path.join(dir, SEEN_FILE), 'utf8')).toContain(id));
    await first.transport.stop();
    offices.length = 0;

    // a new process: nothing in memory, the same id delivered again
    const second = await createOffice({ handler, transport: { seenMessages: await openSeenMessages(dir, { clock: () => NOW }) } });
    offices.push(second);
    say(second, second.alice, `@${BOT_NAME}\u2005确认`, second.staffRoom, { mentions: [second.bot], id });
    await ignored(second, id, 'duplicate');
    const other = say(second, second.alice, `@${BOT_NAME}\u2005本周进度`, second.staffRoom, { mentions: [second.bot] });
    await vi.waitFor(() => expect(handled.map((m) => m.id)).toEqual([id, other]));
  });

  it('keeps ids by age, not by count: 5,000 ids are all remembered, and ids older than 7 days are dropped', async () => {
    const dir = tempDir();
    let now = new Date('2021-06-01T10:00:00+08:00');
    const seen = await openSeenMessages(dir, { clock: () => now });
    for (let i = 0; i < 5000; i++) void seen.add(`m${i}`);
    await seen.add('last');
    const reopened = await openSeenMessages(dir, { clock: () => now });
    expect(reopened.has('m0')).toBe(true); // the old 2,000-entry window had forgotten this one
    expect(reopened.has('m4999')).toBe(true);
    now = new Date('2021-06-08T11:00:00+08:00');
    await reopened.add('next-week');
    expect(reopened.has('m0')).toBe(false);
    const text = readFileSync(path.join(dir, SEEN_FILE), 'utf8');
    expect(text).not.toContain('"m0"');
    expect(text).toContain('next-week');
  });

  it('fault: a damaged seen-messages.json is refused with a readable message and left as it is', async () => {
    const dir = tempDir();
    writeFileSync(path.join(dir, SEEN_FILE), '{"schemaVersion":1,"ids":{"a":');
    await expect(openSeenMessages(dir)).rejects.toBeInstanceOf(StoreLoadError);
    expect(readFileSync(path.join(dir, SEEN_FILE), 'utf8')).toBe('{"schemaVersion":1,"ids":{"a":');
  });
});
