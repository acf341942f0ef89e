/**
 * A WeChat office in memory: wechaty-puppet-mock behind the real WechatyBuilder, with the
 * 科协 staff group, a parents' group the bot is also in, a leader and a stranger. Messages
 * carry fixed timestamps, so nothing depends on the wall clock.
 */
import { expect, vi } from 'vitest';
import { PuppetMock, mock } from 'wechaty-puppet-mock';
import { types } from 'wechaty';
import { memoryLog, type LogLine } from '../../src/core/log.js';
import type { MessageHandler } from '../../src/core/types.js';
import { createWechatyTransport, type WechatyTransport, type WechatyTransportOptions } from '../../src/transports/wechaty.js';

type Mocker = InstanceType<typeof mock.Mocker>;
type ContactMock = ReturnType<Mocker['createContact']>;
type RoomMock = ReturnType<Mocker['createRoom']>;

/** 2021-06-10 10:00 in Beijing: the transport's default clock; messages are sent a few seconds earlier. */
export const NOW = new Date('2021-06-10T10:00:00+08:00');
export const STAFF_ROOM = '区科协工作群';
export const BOT_NAME = '绩效助手';

export interface Office {
  mocker: Mocker;
  puppet: PuppetMock;
  bot: ContactMock;
  alice: ContactMock;
  bob: ContactMock;
  carol: ContactMock;
  leader: ContactMock;
  stranger: ContactMock;
  staffRoom: RoomMock;
  parentsRoom: RoomMock;
  /** Spy on what the bot sends as text: (conversation id, text, mention ids) */
  sent: ReturnType<typeof vi.spyOn>;
  log: ReturnType<typeof memoryLog>;
  transport: WechatyTransport;
  /** The transport's clock reads this */
  now: { value: Date };
}

export interface OfficeOptions {
  handler?: MessageHandler;
  /** Transport settings; a function may use the ids of the mock rooms and contacts */
  transport?: Partial<WechatyTransportOptions> | ((people: { staffRoom: RoomMock; leader: ContactMock }) => Partial<WechatyTransportOptions>);
  /** Log in as soon as the puppet starts (default true) */
  login?: boolean;
  /** Extra behaviour when the puppet starts (runs before the login) */
  onPuppetStart?: (office: Pick<Office, 'mocker' | 'puppet'>) => void;
  /** The transport clock's start (default NOW) */
  now?: Date;
  /** Start the transport (default true) */
  start?: boolean;
}

export async function createOffice(opts: OfficeOptions = {}): Promise<Office> {
  const mocker = new mock.Mocker();
  const puppet = new PuppetMock({ mocker });
  const bot = mocker.createContact({ name: BOT_NAME });
  const alice = mocker.createContact({ name: '张三' });
  const bob = mocker.createContact({ name: '李四' });
  const carol = mocker.createContact({ name: '王五' });
  const leader = mocker.createContact({ name: '刘主任' });
  const stranger = mocker.createContact({ name: '陌生人' });
  const staffRoom = mocker.createRoom({ topic: STAFF_ROOM, memberIdList: [bot.id, alice.id, bob.id] });
  const parentsRoom = mocker.createRoom({ topic: '小学家长群', memberIdList: [bot.id, carol.id] });
  mocker.use(() => {
    opts.onPuppetStart?.({ mocker, puppet });
    if (opts.login !== false) mocker.login(bot);
    return () => undefined;
  });
  const sent = vi.spyOn(puppet, 'messageSendText');
  const log = memoryLog();
  const now = { value: opts.now ?? NOW };
  const transport = createWechatyTransport({
    puppet,
    rooms: [staffRoom.id],
    log,
    clock: () => now.value,
    sendDelayMs: 0,
    printQr: () => undefined,
    ...(typeof opts.transport === 'function' ? opts.transport({ staffRoom, leader }) : opts.transport),
  });
  const office: Office = { mocker, puppet, bot, alice, bob, carol, leader, stranger, staffRoom, parentsRoom, sent, log, transport, now };
  if (opts.start !== false) await transport.start(opts.handler ?? (async () => []));
  return office;
}

let seq = 0;

export interface SayOptions {
  mentions?: ContactMock[];
  /** Seconds before the transport clock's now the message was sent (default 3) */
  ageSec?: number;
  id?: string;
}

/** `from` writes `text` into a room or to a contact (private chat); returns the message id. */
export function say(office: Office, from: ContactMock, text: string, to: RoomMock | ContactMock, o: SayOptions = {}): string {
  const id = o.id ?? `msg-${++seq}`;
  const base = {
    id,
    talkerId: from.id,
    timestamp: office.now.value.getTime() - (o.ageSec ?? 3) * 1000,
    type: types.Message.Text,
    text,
  };
  const isRoom = to instanceof office.mocker.RoomMock;
  const payload = isRoom
    ? { ...base, roomId: to.id, mentionIdList: (o.mentions ?? []).map((c) => c.id) }
    : { ...base, listenerId: to.id };
  office.mocker.MessageMock.create(payload);
  office.puppet.emit('message', { messageId: id });
  return id;
}

/** Delivers the same message id again, as WeChat sometimes does after a reconnect. */
export function redeliver(office: Office, id: string): void {
  office.puppet.emit('message', { messageId: id });
}

/** What the bot sent, as [conversation id, text] pairs. */
export function sentTexts(office: Office): [string, string][] {
  return office.sent.mock.calls.map((c: unknown[]) => [String(c[0]), String(c[1])]);
}

export function debugLines(office: Office, reason: string): LogLine[] {
  return office.log.lines.filter((l) => l.level === 'debug' && (l.obj as { reason?: string }).reason === reason);
}

/** Waits until the transport logged that it ignored message `id` for `reason`. */
export async function ignored(office: Office, id: string, reason: string): Promise<void> {
  await vi.waitFor(() => {
    expect(debugLines(office, reason).map((l) => (l.obj as { id: string }).id)).toContain(id);
  });
}
