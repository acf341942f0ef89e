/**
 * The WeCom transport with the real @wecom/aibot-node-sdk against a fake WeCom server on
 * 127.0.0.1 (fake-wecom.ts): authentication, heartbeats, message callbacks, replies, proactive
 * sends, media upload, reconnection and the fatal cases.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { memoryLog } from '../../../src/core/log.js';
import type { InboundMessage, MessageHandler } from '../../../src/core/types.js';
import { createWecomTransport, WecomStartError, type WecomTransport, type WecomTransportOptions } from '../../../src/transports/wecom/transport.js';
import { openSeenMessagesFile } from '../../../src/transports/shared/seen-messages.js';
import { APOLOGY } from '../../../src/transports/shared/texts.js';
import { BOT_ID, BOT_SECRET, FakeWecom } from './fake-wecom.js';

/** The staff group's chatid and people's userids, shaped like WeCom's */
const STAFF = 'wrkSFfCgAAqVLWHo1ir9Gx4ErYl5jfbg';
const PARENTS = 'wrkSFfCgAAZ8f0p4NjzR3aD1kcyVbE2Q';
const ALICE = 'ZhangSan';
const BOB = 'LiSi';
const LEADER = 'LiuZhuRen';
const ADMIN = 'ZhaoKe';
const STRANGER = 'WaiBuRenYuan';
const NOW = new Date('2021-06-10T10:00:00+08:00');

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

interface Setup {
  fake: FakeWecom;
  transport: WecomTransport;
  log: ReturnType<typeof memoryLog>;
  seen: InboundMessage[];
  now: { value: Date };
  fatal: ReturnType<typeof vi.fn>;
  logins: { reconnect: boolean }[];
}

async function setup(o: { handler?: MessageHandler; transport?: Partial<WecomTransportOptions>; start?: boolean; fake?: FakeWecom } = {}): Promise<Setup> {
  const fake = o.fake ?? (await FakeWecom.start());
  if (!o.fake) cleanups.push(() => fake.close());
  const log = memoryLog();
  const seen: InboundMessage[] = [];
  const now = { value: NOW };
  const fatal = vi.fn();
  const logins: { reconnect: boolean }[] = [];
  const handler: MessageHandler =
    o.handler ??
    (async (m) => {
      seen.push(m);
      return [{ text: `收到：${m.text}` }];
    });
  const transport = createWecomTransport({
    botId: BOT_ID,
    secret: BOT_SECRET,
    wsUrl: fake.url,
    rooms: [STAFF],
    digestRoom: STAFF,
    leaders: [LEADER],
    admins: [ADMIN],
    sendDelayMs: 0,
    loginTimeoutSec: 5,
    sdk: { reconnectInterval: 20, heartbeatInterval: 60_000 },
    log,
    clock: () => now.value,
    onFatal: fatal,
    onLogin: (e) => logins.push(e),
    ...o.transport,
  });
  cleanups.push(() => transport.stop());
  if (o.start !== false) await transport.start(o.handler ? async (m) => (seen.push(m), o.handler!(m)) : handler);
  return { fake, transport, log, seen, now, fatal, logins };
}

function ignoredFor(s: Setup, reason: string): string[] {
  return s.log.lines.filter((l) => l.level === 'debug' && (l.obj as { reason?: string }).reason === reason).map((l) => (l.obj as { id: string }).id);
}

describe('wecom transport: connection', () => {
  it('authenticates with the bot id and secret, keeps the connection alive with heartbeats, and reports online', async () => {
    const s = await setup({ transport: { sdk: { heartbeatInterval: 30, reconnectInterval: 20 } } });

    expect(s.transport.online).toBe(true);
    const subscribe = s.fake.frames.find((f) => f.cmd === 'aibot_subscribe');
    expect(subscribe?.body).toMatchObject({ bot_id: BOT_ID, secret: BOT_SECRET });
    expect(s.logins).toEqual([{ reconnect: false }]);
    await vi.waitFor(() => expect(s.fake.pings).toBeGreaterThanOrEqual(3));
    expect(s.fake.auths).toBe(1); // acknowledged heartbeats: no reconnect
  });

  it('stops start-up at the first refusal of the credentials with one line naming WECOM_BOT_ID and WECOM_BOT_SECRET', async () => {
    const fake = await FakeWecom.start({ botId: BOT_ID, secret: 'the-real-secret' });
    cleanups.push(() => fake.close());
    const s = setup({ fake, start: false });
    const { transport, fatal } = await s;

    const started = transport.start(async () => []);
    await expect(started).rejects.toBeInstanceOf(WecomStartError);
    await expect(started).rejects.toThrow(/WECOM_BOT_SECRET/);
    expect(fatal).toHaveBeenCalledTimes(1);
    expect(String(fatal.mock.calls[0]![0])).toMatch(/errcode 853000.*WECOM_BOT_ID.*WECOM_BOT_SECRET/);
    expect(String(fatal.mock.calls[0]![0])).not.toContain('\n');
    await new Promise((r) => setTimeout(r, 150));
    expect(fake.refusedAuths).toBe(1); // no retry storm
  });

  it('gives up with a line naming WECOM_WS_URL when nothing answers at the address', async () => {
    const fake = await FakeWecom.start();
    const deadUrl = fake.url;
    await fake.close();
    const { transport, fatal } = await setup({ fake, start: false, transport: { wsUrl: deadUrl, loginTimeoutSec: 1 } });

    await expect(transport.start(async () => [])).rejects.toThrow(/WECOM_WS_URL/);
    expect(String(fatal.mock.calls[0]![0])).toContain('ECONNREFUSED');
  });

  it('reconnects after the server drops the connection, logging the loss once, and answers again', async () => {
    const s = await setup();
    s.fake.dropConnection();

    await vi.waitFor(() => expect(s.logins).toEqual([{ reconnect: false }, { reconnect: true }]));
    expect(s.fake.auths).toBe(2);
    expect(s.log.lines.filter((l) => l.msg === '企业微信连接断开，正在自动重连')).toHaveLength(1);
    expect(s.log.lines.some((l) => l.msg === '企业微信已重新连接')).toBe(true);

    s.fake.say(ALICE, '@绩效助手 还在吗', { chatid: STAFF });
    await vi.waitFor(() => expect(s.fake.replyTexts()).toEqual(['收到：还在吗']));
  });

  it('treats a connection whose heartbeats go unanswered as dead, and connects again', async () => {
    const s = await setup({ transport: { sdk: { heartbeatInterval: 30, reconnectInterval: 20 } } });
    s.fake.answerPings = false;
    await vi.waitFor(() => expect(s.logins).toHaveLength(2));
    expect(s.logins[1]).toEqual({ reconnect: true });
    expect(s.fake.auths).toBe(2);
  });

  it('summarises repeated connection errors while the server is away instead of logging each', async () => {
    const s = await setup();
    await s.fake.close();
    await vi.waitFor(() => expect(s.log.lines.filter((l) => l.msg === '企业微信连接出错')).toHaveLength(1));
    await new Promise((r) => setTimeout(r, 300)); // several more refused attempts, same frozen clock
    expect(s.log.lines.filter((l) => l.msg === '企业微信连接出错')).toHaveLength(1);
    expect(s.log.lines.filter((l) => l.msg === '企业微信连接断开，正在自动重连')).toHaveLength(1);

    s.now.value = new Date(NOW.getTime() + 60_000);
    await vi.waitFor(() => expect(s.log.lines.some((l) => l.level === 'warn' && /^又有 \d+ 次企业微信连接错误$/.test(l.msg ?? ''))).toBe(true), { timeout: 5000 });
  });

  it('stops with the credentials line when the secret is reset in the admin console while the bot runs', async () => {
    const s = await setup();
    s.fake.credentials.secret = 'reset-by-the-admin';
    s.fake.dropConnection();

    await vi.waitFor(() => expect(s.fatal).toHaveBeenCalledTimes(1));
    expect(String(s.fatal.mock.calls[0]![0])).toMatch(/errcode 853000.*WECOM_BOT_SECRET/);
    expect(s.fake.refusedAuths).toBe(1);
  });

  it('stops with a readable line when a second connection of the same bot knocks this one out', async () => {
    const s = await setup();
    s.fake.knockOut();

    await vi.waitFor(() => expect(s.fatal).toHaveBeenCalledTimes(1));
    expect(String(s.fatal.mock.calls[0]![0])).toMatch(/挤下线.*WECOM_BOT_ID/);
    expect(s.transport.online).toBe(false);
  });
});

describe('wecom transport: who the bot listens to', () => {
  it('hands an @-message in a listed group to the handler without the mention, and replies with a finished stream', async () => {
    const s = await setup();
    const { msgid, reqId } = s.fake.say(ALICE, '@绩效助手 这个季度要做什么', { chatid: STAFF });

    await vi.waitFor(() => expect(s.fake.replyTexts()).toEqual(['收到：这个季度要做什么']));
    expect(s.seen[0]).toMatchObject({ id: msgid, text: '这个季度要做什么', chat: { id: STAFF, kind: 'room' }, sender: { id: ALICE } });
    const reply = s.fake.replies()[0]!;
    expect(reply.headers.req_id).toBe(reqId);
    expect(reply.body).toMatchObject({ msgtype: 'stream', stream: { finish: true } });
  });

  it('shows the name WECOM_NAMES gives a userid; roles still go by the userid', async () => {
    const s = await setup({ transport: { names: new Map([[ALICE, '张三']]) } });
    s.fake.say(ALICE, '@绩效助手 本周进度', { chatid: STAFF });
    await vi.waitFor(() => expect(s.seen).toHaveLength(1));
    expect(s.seen[0]!.sender).toEqual({ id: ALICE, name: '张三' });
  });

  it('reads a voice message by its transcript and ignores a picture', async () => {
    const s = await setup();
    s.fake.say(BOB, '@绩效助手 本周进度', { chatid: STAFF, msgtype: 'voice' });
    const picture = s.fake.say(BOB, '', { chatid: STAFF, msgtype: 'image' });

    await vi.waitFor(() => expect(ignoredFor(s, 'not-text')).toContain(picture.msgid));
    await vi.waitFor(() => expect(s.seen.map((m) => m.text)).toEqual(['本周进度']));
  });

  it('ignores a group that is not in BOT_ROOMS, whatever it is called', async () => {
    const s = await setup();
    const { msgid } = s.fake.say(STRANGER, '@绩效助手 撤销 R2021-0001', { chatid: PARENTS });

    await vi.waitFor(() => expect(ignoredFor(s, 'room-not-listed')).toContain(msgid));
    expect(s.seen).toHaveLength(0);
    expect(s.fake.replies()).toHaveLength(0);
  });

  it('lets an admin ask "本群id" in a group not listed yet, and nobody else', async () => {
    const s = await setup();
    const other = s.fake.say(BOB, '@绩效助手 本群id', { chatid: PARENTS });
    s.fake.say(ADMIN, '@绩效助手 本群id', { chatid: PARENTS });

    await vi.waitFor(() => expect(s.seen).toHaveLength(1));
    expect(s.seen[0]).toMatchObject({ text: '本群id', chat: { id: PARENTS }, sender: { id: ADMIN } });
    expect(ignoredFor(s, 'room-not-listed')).toContain(other.msgid);
  });

  it('answers privately a member seen in a listed group, an admin and a leader; ignores a stranger unless asking for their id', async () => {
    const s = await setup();
    s.fake.say(ALICE, '@绩效助手 你好', { chatid: STAFF });
    await vi.waitFor(() => expect(s.seen).toHaveLength(1));

    s.fake.say(ALICE, '我的记录');
    s.fake.say(LEADER, '周报');
    const stranger = s.fake.say(STRANGER, '周报');
    s.fake.say(STRANGER, '我的id');

    await vi.waitFor(() => expect(s.seen).toHaveLength(4));
    await vi.waitFor(() => expect(ignoredFor(s, 'stranger')).toContain(stranger.msgid));
    expect(s.seen.slice(1).map((m) => [m.sender.id, m.chat.kind, m.chat.id, m.text])).toEqual([
      [ALICE, 'private', ALICE, '我的记录'],
      [LEADER, 'private', LEADER, '周报'],
      [STRANGER, 'private', STRANGER, '我的id'],
    ]);
  });

  it('answers a message delivered twice only once, also after a restart when the ids are kept in a file', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'wecom-seen-'));
    const file = path.join(dir, 'seen.json');
    const fake = await FakeWecom.start();
    cleanups.push(() => fake.close());

    const first = await setup({ fake, transport: { seen: await openSeenMessagesFile(file, { log: memoryLog() }) } });
    fake.say(ALICE, '@绩效助手 本周进度', { chatid: STAFF, msgid: 'dup-1' });
    fake.say(ALICE, '@绩效助手 本周进度', { chatid: STAFF, msgid: 'dup-1' });
    await vi.waitFor(() => expect(ignoredFor(first, 'duplicate')).toContain('dup-1'));
    await vi.waitFor(() => expect(first.seen).toHaveLength(1));
    await first.transport.stop();
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual({ version: 1, ids: ['dup-1'] });

    const second = await setup({ fake, transport: { seen: await openSeenMessagesFile(file, { log: memoryLog() }) } });
    fake.say(ALICE, '@绩效助手 本周进度', { chatid: STAFF, msgid: 'dup-1' });
    await vi.waitFor(() => expect(ignoredFor(second, 'duplicate')).toContain('dup-1'));
    expect(second.seen).toHaveLength(0);
  });

  it('leaves a seen-ids file it cannot read untouched and goes on de-duplicating in memory', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'wecom-seen-'));
    const file = path.join(dir, 'seen.json');
    writeFileSync(file, '{"version":1,"ids":[');
    const log = memoryLog();
    const seen = await openSeenMessagesFile(file, { log });
    await seen.add('m1');
    expect(seen.has('m1')).toBe(true);
    expect(readFileSync(file, 'utf8')).toBe('{"version":1,"ids":[');
    expect(log.lines.some((l) => l.level === 'warn' && JSON.stringify(l.obj).includes(file))).toBe(true);
  });

  it('skips a message whose create_time is older than maxAgeSec (a backlog after an outage)', async () => {
    const s = await setup({ transport: { maxAgeSec: 120 } });
    const stale = s.fake.say(ALICE, '@绩效助手 上周的汇报', { chatid: STAFF, create_time: NOW.getTime() / 1000 - 121 });
    s.fake.say(ALICE, '@绩效助手 刚发的汇报', { chatid: STAFF, create_time: NOW.getTime() / 1000 - 5 });

    await vi.waitFor(() => expect(s.seen.map((m) => m.text)).toEqual(['刚发的汇报']));
    expect(ignoredFor(s, 'stale')).toContain(stale.msgid);
    expect(s.seen[0]!.at.getTime()).toBe(NOW.getTime() - 5000);
  });
});

describe('wecom transport: replies, pushes and files', () => {
  it('sends the first text as the reply, later texts pushed to the same chat, and a file uploaded and sent as a file', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'wecom-file-'));
    const xlsx = path.join(dir, '2021年绩效监控表.xlsx');
    const content = Buffer.alloc(700 * 1024, 7); // two upload chunks of at most 512 KB
    writeFileSync(xlsx, content);
    const s = await setup({
      handler: async () => [{ text: '已导出监控表' }, { text: '第二段', file: { path: xlsx, name: '2021年绩效监控表.xlsx', kind: 'file' } }],
    });
    s.fake.say(ADMIN, '@绩效助手 导出监控表', { chatid: STAFF });

    await vi.waitFor(() => expect(s.fake.pushed().map((p) => p.msgtype)).toEqual(['markdown', 'file']));
    expect(s.fake.replyTexts()).toEqual(['已导出监控表']);
    const [text, file] = s.fake.pushed();
    expect(text).toMatchObject({ chatid: STAFF, markdown: { content: '第二段' } });
    const media = s.fake.media.get(file!.file!.media_id)!;
    expect(media).toMatchObject({ type: 'file', filename: '2021年绩效监控表.xlsx' });
    expect(media.data.equals(content)).toBe(true);
    const chunks = s.fake.frames.filter((f) => f.cmd === 'aibot_upload_media_chunk').map((f) => f.body!.chunk_index);
    expect(chunks.sort()).toEqual([0, 1]);
  });

  it('answers in a one-to-one chat by pushing files to the sender’s userid', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'wecom-file-'));
    const png = path.join(dir, 'chart.png');
    writeFileSync(png, Buffer.from('\x89PNG\r\n\x1a\n-fake-chart-'));
    const s = await setup({ handler: async () => [{ text: '本周进度图', file: { path: png, name: 'chart.png', kind: 'image' } }] });
    s.fake.say(ADMIN, '周报');

    await vi.waitFor(() => expect(s.fake.pushed()).toHaveLength(1));
    expect(s.fake.pushed()[0]).toMatchObject({ chatid: ADMIN, msgtype: 'image' });
    expect(s.fake.replyTexts()).toEqual(['本周进度图']);
  });

  it('keeps the lines of a plain reply apart in WeCom’s markdown view, and reads a leading #绩效 like the mention', async () => {
    const s = await setup({ handler: async (m) => [{ text: `你问的是：${m.text}\n1. 科普日\n2. 科技工作者日` }] });
    s.fake.say(ALICE, '@绩效助手 你好', { chatid: STAFF }); // a member of the staff group may then write privately
    await vi.waitFor(() => expect(s.fake.replyTexts()).toHaveLength(1));
    s.fake.say(ALICE, '#绩效 这个季度要做什么');

    await vi.waitFor(() => expect(s.fake.replyTexts()).toHaveLength(2));
    expect(s.fake.replyTexts()[1]).toBe('你问的是：这个季度要做什么  \n1. 科普日  \n2. 科技工作者日');
  });

  it('still answers in words when the file cannot be uploaded, and logs the failed send', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'wecom-file-'));
    const tiny = path.join(dir, 'empty.xlsx');
    writeFileSync(tiny, 'PK'); // WeCom refuses files under 5 bytes
    const s = await setup({ handler: async () => [{ text: '已导出', file: { path: tiny, name: 'empty.xlsx', kind: 'file' } }] });
    s.fake.say(ADMIN, '导出监控表');

    await vi.waitFor(() => expect(s.log.lines.some((l) => l.level === 'error' && l.msg === '企业微信发送失败')).toBe(true));
    expect(s.fake.replyTexts()).toEqual(['已导出']);
    expect(s.fake.pushed()).toHaveLength(0);
  });

  it('apologises in the chat when the handler fails', async () => {
    const s = await setup({
      handler: async () => {
        throw new Error('store exploded');
      },
    });
    s.fake.say(ALICE, '@绩效助手 本周进度', { chatid: STAFF });
    await vi.waitFor(() => expect(s.fake.replyTexts()).toEqual([APOLOGY]));
  });

  it('pushes a digest as markdown with bold headings to the digest group and each leader, the chart uploaded once', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'wecom-file-'));
    const png = path.join(dir, 'chart.png');
    writeFileSync(png, Buffer.from('\x89PNG\r\n\x1a\n-weekly-chart-'));
    const s = await setup({ transport: { leaders: [LEADER, '刘主任'] } });

    await s.transport.broadcast([
      { text: '【绩效周报】2021年5月31日（周一）\n一、新报进展（5月24日—5月30日）\n  张三 5月30日 2100人次（R2021-0001）' },
      { text: '本周进度图', file: { path: png, name: 'chart.png', kind: 'image' } },
    ]);

    const pushed = s.fake.pushed();
    expect(pushed.map((p) => [p.chatid, p.msgtype])).toEqual([
      [STAFF, 'markdown'],
      [STAFF, 'markdown'],
      [STAFF, 'image'],
      [LEADER, 'markdown'],
      [LEADER, 'markdown'],
      [LEADER, 'image'],
    ]);
    expect(pushed[0]!.markdown!.content).toBe('**【绩效周报】2021年5月31日（周一）**  \n**一、新报进展（5月24日—5月30日）**  \n\u3000张三 5月30日 2100人次（R2021-0001）');
    expect(s.fake.frames.filter((f) => f.cmd === 'aibot_upload_media_init')).toHaveLength(1);
    expect(pushed[2]!.image!.media_id).toBe(pushed[5]!.image!.media_id);
    expect(s.log.lines.some((l) => l.level === 'warn' && JSON.stringify(l.obj).includes('刘主任'))).toBe(true); // a name gets nothing
  });

  it('refuses to broadcast while not connected', async () => {
    const s = await setup({ start: false });
    await expect(s.transport.broadcast([{ text: '周报' }])).rejects.toThrow(/未连接/);
  });
});
