import { afterEach, describe, expect, it, vi } from 'vitest';
import { types } from 'wechaty';
import type { InboundMessage, MessageHandler } from '../../src/core/types.js';
import { APOLOGY } from '../../src/transports/wechaty/texts.js';
import { BOT_NAME, NOW, STAFF_ROOM, createOffice, ignored, redeliver, say, sentTexts, type Office } from './mock-wechat.js';

const offices: Office[] = [];
afterEach(async () => {
  for (const o of offices.splice(0)) await o.transport.stop();
});

/** An office whose bot records what reaches it and answers "收到：<text>". */
async function recordingOffice(extra: Parameters<typeof createOffice>[0] = {}) {
  const seen: InboundMessage[] = [];
  const handler: MessageHandler = async (m) => {
    seen.push(m);
    return [{ text: `收到：${m.text}` }];
  };
  const office = await createOffice({ handler, ...extra });
  offices.push(office);
  return { office, seen };
}

describe('wechaty transport: who the bot listens to', () => {
  it('hands an @-mention in a listed room to the handler without the mention, and the reply @-mentions the author', async () => {
    const { office, seen } = await recordingOffice();
    const id = say(office, office.alice, `@${BOT_NAME}\u2005这个季度要做什么`, office.staffRoom, { mentions: [office.bot] });

    await vi.waitFor(() => expect(sentTexts(office)).toHaveLength(1));
    expect(seen).toHaveLength(1);
    expect(seen[0]).toMatchObject({
      id,
      text: '这个季度要做什么',
      chat: { id: office.staffRoom.id, name: STAFF_ROOM, kind: 'room' },
      sender: { id: office.alice.id, name: '张三' },
    });
    expect(seen[0]!.at.getTime()).toBe(NOW.getTime() - 3000);
    const [conversation, text, mentionIds] = office.sent.mock.calls[0] as [string, string, string[]];
    expect(conversation).toBe(office.staffRoom.id);
    expect(text).toBe('@张三 收到：这个季度要做什么');
    expect(mentionIds).toEqual([office.alice.id]);
  });

  it('treats a room message starting with the keyword #绩效 like a mention and strips the keyword', async () => {
    const { office, seen } = await recordingOffice();
    say(office, office.bob, '#绩效 昨天科技工作者日主场活动办完了，约2100人次', office.staffRoom);

    await vi.waitFor(() => expect(sentTexts(office)).toHaveLength(1));
    expect(seen[0]!.text).toBe('昨天科技工作者日主场活动办完了，约2100人次');
    expect(sentTexts(office)[0]![1]).toBe('@李四 收到：昨天科技工作者日主场活动办完了，约2100人次');
  });

  it('accepts a configured keyword and its full-width ＃ form', async () => {
    const { office, seen } = await recordingOffice({ transport: { keyword: '#科协' } });
    say(office, office.bob, '＃科协：本周进度', office.staffRoom);

    await vi.waitFor(() => expect(seen).toHaveLength(1));
    expect(seen[0]!.text).toBe('本周进度');
  });

  it('ignores plain chatter in a listed room that neither mentions the bot nor starts with the keyword', async () => {
    const { office, seen } = await recordingOffice();
    const id = say(office, office.alice, '中午吃什么？#绩效 的表我下午再填', office.staffRoom);

    await ignored(office, id, 'not-addressed');
    expect(seen).toHaveLength(0);
    expect(office.sent).not.toHaveBeenCalled();
  });

  it('ignores an @-mention from a member of a room that is not in BOT_ROOMS', async () => {
    const { office, seen } = await recordingOffice();
    const id = say(office, office.carol, `@${BOT_NAME}\u2005这个季度要做什么`, office.parentsRoom, { mentions: [office.bot] });

    await ignored(office, id, 'room-not-listed');
    expect(seen).toHaveLength(0);
    expect(office.sent).not.toHaveBeenCalled();
  });

  it('listens in no room when BOT_ROOMS holds only a topic: a group named like the staff group gains nothing', async () => {
    const { office, seen } = await recordingOffice({ transport: { rooms: [STAFF_ROOM] } });
    const forged = office.mocker.createRoom({ topic: STAFF_ROOM, memberIdList: [office.bot.id, office.stranger.id] });
    const fromForged = say(office, office.stranger, '#绩效 撤销', forged);
    const fromReal = say(office, office.alice, '#绩效 你好', office.staffRoom);

    await ignored(office, fromForged, 'room-not-listed');
    await ignored(office, fromReal, 'room-not-listed');
    expect(seen).toHaveLength(0);
    expect(office.sent).not.toHaveBeenCalled();
  });

  it('lets an admin ask "本群id" in a room that is not listed yet, and nothing else', async () => {
    const { office, seen } = await recordingOffice({ transport: ({ leader }) => ({ rooms: [], admins: [leader.id] }) });
    const asked = say(office, office.leader, '#绩效 本群id', office.parentsRoom);
    await vi.waitFor(() => expect(seen.map((m) => m.id)).toContain(asked));
    const other = say(office, office.leader, '#绩效 这个季度要做什么', office.parentsRoom);
    const notAdmin = say(office, office.carol, '#绩效 本群id', office.parentsRoom);

    await ignored(office, other, 'room-not-listed');
    await ignored(office, notAdmin, 'room-not-listed');
    expect(seen.map((m) => m.text)).toEqual(['本群id']);
  });

  it('answers "我的id" in a private chat from someone in no listed room, and nothing else', async () => {
    const { office, seen } = await recordingOffice();
    say(office, office.stranger, '我的id', office.bot);
    await vi.waitFor(() => expect(seen).toHaveLength(1));
    const other = say(office, office.stranger, '这个季度要做什么', office.bot);

    await ignored(office, other, 'stranger');
    expect(seen[0]!.chat).toMatchObject({ id: office.stranger.id, kind: 'private' });
  });

  it('answers a private message from a member of a listed room, replying privately without a mention', async () => {
    const { office, seen } = await recordingOffice();
    say(office, office.alice, '我的活动记到哪了？', office.bot);

    await vi.waitFor(() => expect(sentTexts(office)).toHaveLength(1));
    expect(seen[0]!.chat).toEqual({ id: office.alice.id, name: '张三', kind: 'private' });
    expect(sentTexts(office)[0]).toEqual([office.alice.id, '收到：我的活动记到哪了？']);
  });

  it('ignores a private message from someone who is in no listed room', async () => {
    const { office, seen } = await recordingOffice();
    const fromStranger = say(office, office.stranger, '你好，加个好友', office.bot);
    const fromOtherRoom = say(office, office.carol, '你好', office.bot);

    await ignored(office, fromStranger, 'stranger');
    await ignored(office, fromOtherRoom, 'stranger');
    expect(seen).toHaveLength(0);
    expect(office.sent).not.toHaveBeenCalled();
  });

  it('handles a message delivered twice (same id) only once', async () => {
    const { office, seen } = await recordingOffice();
    const id = say(office, office.alice, '#绩效 本月科普讲座办了3场', office.staffRoom);
    redeliver(office, id);

    await ignored(office, id, 'duplicate');
    await vi.waitFor(() => expect(sentTexts(office)).toHaveLength(1));
    expect(seen).toHaveLength(1);
  });

  it('skips a message older than maxAgeSec when it arrives (the backlog after a login)', async () => {
    const { office, seen } = await recordingOffice({ transport: { maxAgeSec: 120 } });
    const stale = say(office, office.alice, '#绩效 上周的汇报', office.staffRoom, { ageSec: 121 });
    say(office, office.alice, '#绩效 刚发的汇报', office.staffRoom, { ageSec: 119 });

    await ignored(office, stale, 'stale');
    await vi.waitFor(() => expect(seen).toHaveLength(1));
    expect(seen[0]!.text).toBe('刚发的汇报');
  });

  it("skips the bot's own messages coming back", async () => {
    const { office, seen } = await recordingOffice();
    say(office, office.bot, '#绩效 我自己说的', office.staffRoom);
    const id = say(office, office.alice, '#绩效 别人说的', office.staffRoom);

    await vi.waitFor(() => expect(seen.map((m) => m.id)).toEqual([id]));
  });

  it('replies with a short Chinese apology when the handler throws, and keeps working', async () => {
    let calls = 0;
    const office = await createOffice({
      handler: async () => {
        if (++calls === 1) throw new Error('boom');
        return [{ text: '好的' }];
      },
    });
    offices.push(office);
    say(office, office.alice, '#绩效 第一条', office.staffRoom);
    await vi.waitFor(() => expect(sentTexts(office)).toHaveLength(1));
    say(office, office.alice, '#绩效 第二条', office.staffRoom);
    await vi.waitFor(() => expect(sentTexts(office)).toHaveLength(2));

    expect(sentTexts(office).map(([, t]) => t)).toEqual([`@张三 ${APOLOGY}`, '@张三 好的']);
    expect(office.log.lines.some((l) => l.level === 'error' && JSON.stringify(l.obj).includes('boom'))).toBe(true);
  });

  it('ignores a picture even from a member of a listed room', async () => {
    const { office, seen } = await recordingOffice();
    const id = 'picture-1';
    office.mocker.MessageMock.create({ id, talkerId: office.alice.id, roomId: office.staffRoom.id, timestamp: NOW.getTime(), type: types.Message.Image });
    office.puppet.emit('message', { messageId: id });

    await ignored(office, id, 'not-text');
    expect(seen).toHaveLength(0);
  });

  it('sends a file reply (an exported table) after its text', async () => {
    const sendFile = vi.fn();
    const office = await createOffice({
      handler: async () => [{ text: '监控表见附件', file: { path: 'test/fixtures/plan-2021.txt', name: '2021年绩效监控表.txt', kind: 'file' } }],
    });
    offices.push(office);
    vi.spyOn(office.puppet, 'messageSendFile').mockImplementation(async (conversationId, file) => {
      sendFile(conversationId, file.name);
    });
    say(office, office.alice, '#绩效 导出监控表', office.staffRoom);

    await vi.waitFor(() => expect(sendFile).toHaveBeenCalledTimes(1));
    expect(sentTexts(office)).toEqual([[office.staffRoom.id, '@张三 监控表见附件']]);
    expect(sendFile).toHaveBeenCalledWith(office.staffRoom.id, '2021年绩效监控表.txt');
  });

  it('sends several replies in order', async () => {
    const office = await createOffice({ handler: async () => [{ text: '第一段' }, { text: '第二段' }] });
    offices.push(office);
    say(office, office.alice, '#绩效 周报', office.staffRoom);

    await vi.waitFor(() => expect(sentTexts(office)).toHaveLength(2));
    expect(sentTexts(office).map(([, t]) => t)).toEqual(['@张三 第一段', '@张三 第二段']);
  });
});

describe('wechaty transport: broadcast', () => {
  it('posts a digest into the digest room and privately to each leader, both given by id', async () => {
    const office = await createOffice({ transport: ({ staffRoom, leader }) => ({ digestRoom: staffRoom.id, leaders: [leader.id] }) });
    offices.push(office);

    await office.transport.broadcast([{ text: '【周报】本周新增3条记录' }]);

    expect(sentTexts(office)).toEqual([
      [office.staffRoom.id, '【周报】本周新增3条记录'],
      [office.leader.id, '【周报】本周新增3条记录'],
    ]);
  });

  it('finds no digest target by topic or nickname: names can be forged, so nothing is sent to them', async () => {
    const office = await createOffice({ transport: ({ leader }) => ({ digestRoom: STAFF_ROOM, leaders: ['刘主任', leader.id] }) });
    offices.push(office);

    await office.transport.broadcast([{ text: '提醒' }]);
    expect(sentTexts(office)).toEqual([[office.leader.id, '提醒']]);
    const warned = office.log.lines.filter((l) => l.level === 'warn').map((l) => JSON.stringify(l.obj));
    expect(warned.some((w) => w.includes(STAFF_ROOM))).toBe(true);
    expect(warned.some((w) => w.includes('刘主任'))).toBe(true);
  });

  it('fails loudly when no configured digest target can be found', async () => {
    const office = await createOffice({ transport: { digestRoom: '不存在的群' } });
    offices.push(office);

    await expect(office.transport.broadcast([{ text: '周报' }])).rejects.toThrow(/找不到/);
    expect(office.log.lines.some((l) => l.level === 'warn' && JSON.stringify(l.obj).includes('不存在的群'))).toBe(true);
  });

  it('refuses to broadcast before login', async () => {
    const office = await createOffice({ start: false, transport: ({ staffRoom }) => ({ digestRoom: staffRoom.id }) });
    offices.push(office);
    await expect(office.transport.broadcast([{ text: '周报' }])).rejects.toThrow(/未登录/);
  });
});

describe('wechaty transport: login, errors and reconnection', () => {
  it('shows the QR code with its URL and resolves start() once logged in', async () => {
    const url = 'https://login.weixin.qq.com/l/mock-uuid';
    const printQr = vi.fn();
    const onLogin = vi.fn();
    const office = await createOffice({
      onPuppetStart: ({ mocker }) => mocker.scan(url),
      transport: { printQr, onLogin },
    });
    offices.push(office);

    expect(printQr).toHaveBeenCalledWith(url);
    expect(office.log.lines.some((l) => l.level === 'info' && (l.obj as { url?: string }).url === url)).toBe(true);
    expect(onLogin).toHaveBeenCalledWith({ reconnect: false });
    expect(office.transport.online).toBe(true);
  });

  it('gives up with one readable line naming the cause when neither a QR code nor a login arrives in time', async () => {
    const onFatal = vi.fn();
    const office = await createOffice({
      start: false,
      login: false,
      onPuppetStart: ({ puppet }) => puppet.emit('error', { data: 'getaddrinfo ENOTFOUND login.wx.qq.com' }),
      transport: { loginTimeoutSec: 0.2, onFatal },
    });
    offices.push(office);

    await expect(office.transport.start(async () => [])).rejects.toThrow(/login\.wx\.qq\.com/);
    expect(onFatal).toHaveBeenCalledTimes(1);
    const line = onFatal.mock.calls[0]![0] as string;
    expect(line).not.toContain('\n');
    expect(line).toContain('无法连接微信登录服务器 login.wx.qq.com（getaddrinfo ENOTFOUND）');
    expect(line).toContain('cannot reach WeChat login server');
  });

  it('logs the first error of a storm and then only a periodic count', async () => {
    const office = await createOffice();
    offices.push(office);
    const storm = (n: number) => {
      for (let i = 0; i < n; i++) office.puppet.emit('error', { data: 'getaddrinfo ENOTFOUND login.wx.qq.com' });
    };

    storm(12);
    office.now.value = new Date(NOW.getTime() + 31_000);
    storm(1);

    await vi.waitFor(() => expect(office.log.lines.filter((l) => l.level === 'warn')).toHaveLength(1));
    const errors = office.log.lines.filter((l) => l.level === 'error');
    const summary = office.log.lines.find((l) => l.level === 'warn')!;
    expect(errors).toHaveLength(1);
    expect(summary.obj).toMatchObject({ count: 12, total: 13 });
  });

  it('after a logout restarts the puppet with backoff and tells the caller it is back', async () => {
    const onLogin = vi.fn();
    const office = await createOffice({ transport: { onLogin, reconnectDelaysSec: [0.01] } });
    offices.push(office);
    expect(onLogin).toHaveBeenCalledWith({ reconnect: false });

    await office.puppet.logout('掉线');
    expect(office.transport.online).toBe(false);

    await vi.waitFor(() => expect(onLogin).toHaveBeenCalledWith({ reconnect: true }));
    expect(office.transport.online).toBe(true);
    expect(office.log.lines.some((l) => l.level === 'warn' && l.msg === '重新连接微信')).toBe(true);
  });

  it('stop() before login rejects the pending start() and leaves nothing running', async () => {
    const office = await createOffice({ start: false, login: false, transport: { loginTimeoutSec: 60 } });
    const started = expect(office.transport.start(async () => [])).rejects.toThrow(/停止/);
    await office.transport.stop();
    await started;
    expect(office.transport.online).toBe(false);
  });
});
