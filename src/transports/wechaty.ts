/**
 * The WeChat transport: wechaty events in, InboundMessage out; OutboundMessages back as room
 * replies that @-mention the author, private replies, and digest broadcasts. This file owns
 * who the bot listens to (the BOT_ROOMS rooms and their members), de-duplication, login and
 * reconnection; the core owns meaning. No wechaty type crosses its exports except the
 * optional `puppet` that tests inject.
 */
import { FileBox } from 'file-box';
import { WechatyBuilder, types, type Contact, type Message, type Room, type Wechaty, type WechatyOptions } from 'wechaty';
import type { Log } from '../core/log.js';
import type { Clock, InboundMessage, MessageHandler, OutboundMessage, Transport } from '../core/types.js';
import { ErrorThrottle, stripKeyword, stripOwnMention } from './shared/guards.js';
import { memorySeenMessages, type SeenMessages } from './shared/seen-messages.js';
import { KeyedQueue } from '../core/keyed-queue.js';
import { answerMessage, errorText, pause, type Send } from './shared/send.js';
import { broadcastTo, Inflight, StartGate, type DigestTarget } from './shared/lifecycle.js';
import { admitPrivateMessage, admitRoomMessage } from './shared/access.js';
import { choosePuppetName, detachWechat4uRestart, resolvePuppet } from './wechaty/puppet.js';
import { printQrToTerminal } from './wechaty/qr.js';
import { describeLoginTimeout, describeStartFailure, NOT_LOGGED_IN } from './wechaty/texts.js';
import { displayName } from '../text/display-name.js';

export interface WechatyTransportOptions {
  /** A puppet instance (tests pass PuppetMock); otherwise chosen from WECHATY_PUPPET & co. */
  puppet?: WechatyOptions['puppet'];
  /** The environment the puppet is chosen from; defaults to process.env. */
  env?: Readonly<Record<string, string | undefined>>;
  /** BOT_ROOMS: ids of the rooms the bot listens in (a topic alone allows nothing). */
  rooms: readonly string[];
  /** A room message starting with this is for the bot, like an @-mention. Default `#绩效`. */
  keyword?: string;
  /** BOT_DIGEST_ROOM: id of the room digests go to. */
  digestRoom?: string | null;
  /** BOT_LEADERS: ids (wxid) of the people who get digests privately. */
  leaders?: readonly string[];
  /** BOT_ADMINS: ids (wxid) of the admins, who may ask "本群id" in a room that is not listed yet. */
  admins?: readonly string[];
  /** Message ids already handled (duplicates are skipped); default in memory. */
  seen?: SeenMessages;
  /** Seconds to wait for a QR code or a login before giving up (BOT_LOGIN_TIMEOUT). Default 120. */
  loginTimeoutSec?: number;
  /** Messages older than this when they arrive (the backlog after a login) are skipped. Default 120. */
  maxAgeSec?: number;
  /** Pause between consecutive sends, to look less like a bot to WeChat. Default 1000; tests pass 0. */
  sendDelayMs?: number;
  /** Seconds to wait before each reconnect attempt after a logout; the last repeats. */
  reconnectDelaysSec?: readonly number[];
  /**
   * Wechaty's session name: when set, the login is kept in `<name>.memory-card.json` so a
   * restart may not need a new QR scan. The file holds session cookies: keep it out of git.
   */
  sessionName?: string;
  log: Log;
  clock: Clock;
  /** Called once with one readable line when the bot cannot come up; the caller exits 1. */
  onFatal?: (reason: string) => void;
  /** Called after every login (`reconnect` after the first), e.g. to post what was due meanwhile. */
  onLogin?: (event: { reconnect: boolean }) => void;
  /** Shows the login QR code; defaults to printing it in the terminal. */
  printQr?: (url: string) => void;
  /**
   * Ids of messages already handled, kept across restarts (issue 14): a message WeChat
   * delivers again after a restart is not handled twice. Default: remembered in memory only.
   */
  seenMessages?: SeenMessages;
}

export interface WechatyTransport extends Transport {
  /** True while logged in: broadcast fails otherwise. */
  readonly online: boolean;
}

/**
 * Why the bot could not come up (login timeout, puppet refused to start, stopped before login):
 * the message is one readable line, Chinese then English, meant to be printed as is.
 */
export class WechatLoginError extends Error {
  override name = 'WechatLoginError';
}

type State = 'idle' | 'starting' | 'online' | 'offline' | 'stopped';

const DEFAULT_KEYWORD = '#绩效';
const STOPPED_BEFORE_LOGIN = '微信传输在登录前已停止 — the WeChat transport stopped before login';
const DEFAULT_RECONNECT_SEC = [10, 30, 60, 120, 300];

export function createWechatyTransport(options: WechatyTransportOptions): WechatyTransport {
  const { log, clock } = options;
  const keyword = options.keyword ?? DEFAULT_KEYWORD;
  const maxAgeMs = (options.maxAgeSec ?? 120) * 1000;
  const loginTimeoutSec = options.loginTimeoutSec ?? 120;
  const sendDelayMs = options.sendDelayMs ?? 1000;
  const reconnectDelays = options.reconnectDelaysSec?.length ? options.reconnectDelaysSec : DEFAULT_RECONNECT_SEC;
  const listed = new Set(options.rooms.map((r) => r.trim()).filter(Boolean));
  const digestRoom = options.digestRoom?.trim() || null;
  const leaders = (options.leaders ?? []).map((l) => l.trim()).filter(Boolean);
  const admins = (options.admins ?? []).map((a) => a.trim()).filter(Boolean);
  const printQr = options.printQr ?? printQrToTerminal;
  const puppetName = options.puppet ? 'injected' : choosePuppetName(options.env ?? process.env);

  // handled message ids: the durable file (DATA_DIR/seen-messages.json) in production, memory in tests
  const seen = options.seen ?? options.seenMessages ?? memorySeenMessages();
  const errors = new ErrorThrottle();
  const queue = new KeyedQueue();
  const inflight = new Inflight();

  let bot: Wechaty | null = null;
  let handler: MessageHandler | null = null;
  let state: State = 'idle';
  let everLoggedIn = false;
  let lastError: string | null = null;
  let loginTimer: NodeJS.Timeout | null = null;
  let reconnectTimer: NodeJS.Timeout | null = null;
  let reconnectAttempt = 0;
  /** A QR code or login since the last reconnect attempt: the puppet is alive, a person is needed. */
  let activitySinceAttempt = false;
  let gate: StartGate | null = null;

  // Read through a function: after an await, TypeScript's narrowing of `state` is stale.
  const current = (): State => state;

  const clearTimers = (): void => {
    if (loginTimer) clearTimeout(loginTimer);
    if (reconnectTimer) clearTimeout(reconnectTimer);
    loginTimer = reconnectTimer = null;
  };

  // by id only: anyone can name a group like a listed one
  const isListedRoom = (room: Room): boolean => listed.has(room.id);

  const ignore = (id: string, reason: string, extra: object = {}): void => {
    log.debug({ id, reason, ...extra }, '忽略消息');
  };

  /** Stops the bot without the web puppet's stray rejection. */
  const stopBot = async (b: Wechaty): Promise<void> => {
    try {
      detachWechat4uRestart(b.puppet); // throws before the puppet exists: nothing to detach then
    } catch {
      /* not started yet */
    }
    try {
      await b.stop();
    } catch (e) {
      log.debug({ err: errorText(e) }, '停止微信时出错（已忽略）');
    }
  };

  const fatal = (reason: string): void => {
    if (state === 'stopped') return;
    state = 'stopped';
    clearTimers();
    log.error({ reason }, '微信无法登录');
    gate?.fail(new WechatLoginError(reason));
    options.onFatal?.(reason);
    if (bot) void stopBot(bot);
  };

  // ── login, logout, reconnection ────────────────────────────────────────────────

  const scheduleReconnect = (): void => {
    if (state !== 'offline') return;
    if (reconnectTimer) clearTimeout(reconnectTimer);
    const delaySec = reconnectDelays[Math.min(reconnectAttempt, reconnectDelays.length - 1)] ?? 300;
    activitySinceAttempt = false;
    reconnectTimer = setTimeout(() => void reconnect(), delaySec * 1000);
  };

  const reconnect = async (): Promise<void> => {
    reconnectTimer = null;
    if (state !== 'offline' || !bot) return;
    reconnectAttempt++;
    if (activitySinceAttempt) {
      // A QR code was shown since the last check: the puppet works, it waits for someone to scan.
      log.info({ attempt: reconnectAttempt }, '等待扫码重新登录');
    } else {
      log.warn({ attempt: reconnectAttempt }, '重新连接微信');
      detachWechat4uRestart(bot.puppet);
      try {
        await bot.stop();
        if (state === 'offline') await bot.start();
      } catch (e) {
        log.warn({ attempt: reconnectAttempt, err: errorText(e) }, '重新连接微信失败，稍后再试');
      }
    }
    scheduleReconnect();
  };

  const onScan = (qrcode: string, status: types.ScanStatus): void => {
    activitySinceAttempt = true;
    if (loginTimer) {
      clearTimeout(loginTimer);
      loginTimer = null;
    }
    if (status === types.ScanStatus.Scanned) {
      log.info({}, '已扫码，请在手机上确认登录');
    } else if (status === types.ScanStatus.Confirmed) {
      log.info({}, '已确认，正在登录');
    } else if (qrcode) {
      log.info({ url: qrcode }, '请用机器人的微信扫码登录');
      printQr(qrcode);
    }
  };

  const onLogin = (user: Contact): void => {
    if (state === 'stopped') return;
    clearTimers();
    state = 'online';
    activitySinceAttempt = true;
    reconnectAttempt = 0;
    lastError = null;
    errors.reset();
    const reconnect = everLoggedIn;
    everLoggedIn = true;
    log.info({ user: user.name(), id: user.id, reconnect }, '微信已登录');
    gate?.open();
    try {
      options.onLogin?.({ reconnect });
    } catch (e) {
      log.error({ err: errorText(e) }, 'onLogin 出错');
    }
  };

  const onLogout = (user: Contact | undefined, reason?: string): void => {
    if (state === 'stopped' || state === 'offline') return;
    state = 'offline';
    log.warn({ user: user?.name(), reason }, '微信已登出，将重新连接');
    scheduleReconnect();
  };

  const onError = (e: unknown): void => {
    const message = errorText(e);
    lastError = message;
    const verdict = errors.note(clock().getTime());
    if (verdict?.kind === 'first') log.error({ err: message }, '微信出错');
    else if (verdict?.kind === 'summary') {
      log.warn({ count: verdict.count, total: verdict.total, last: message }, `又有 ${verdict.count} 个微信错误`);
    }
  };

  // ── messages ──────────────────────────────────────────────────────────────────

  const sendTo = (target: Room | Contact, mention?: Contact): Send => async (out) => {
    if (out.text.trim() !== '') {
      if (mention && 'memberAll' in target) await target.say(out.text, mention);
      else await target.say(out.text);
    }
    if (out.file) {
      if (out.text.trim() !== '') await pause(sendDelayMs);
      await target.say(FileBox.fromFile(out.file.path, out.file.name));
    }
  };

  const dispatch = async (inbound: InboundMessage, send: Send): Promise<void> => {
    if (handler) await answerMessage(handler, inbound, send, { delayMs: sendDelayMs, log, failMsg: '微信发送失败' });
  };

  /** The text meant for the bot, without its mention or keyword; null when the bot was not addressed. */
  const addressedText = async (msg: Message, room: Room, self: Contact): Promise<string | null> => {
    let text = msg.text();
    const mentioned = await msg.mentionSelf();
    if (mentioned) {
      const alias = await room.alias(self).catch(() => undefined);
      text = stripOwnMention(text, [self.name(), alias ?? '']) ?? (await msg.mentionText());
    }
    const afterKeyword = stripKeyword(text, keyword);
    if (afterKeyword !== null) return afterKeyword;
    return mentioned ? text.trim() : null;
  };

  const isMemberOfListedRoom = async (b: Wechaty, contact: Contact): Promise<boolean> => {
    for (const room of await b.Room.findAll()) {
      if (isListedRoom(room) && (await room.has(contact))) return true;
    }
    return false;
  };

  const onMessage = async (msg: Message): Promise<void> => {
    const b = bot;
    if (!b || msg.self()) return;
    const id = msg.id;
    if (msg.type() !== types.Message.Text) return ignore(id, 'not-text');
    const sentAt = msg.date();
    const ageMs = clock().getTime() - sentAt.getTime();
    if (ageMs > maxAgeMs) return ignore(id, 'stale', { ageSec: Math.round(ageMs / 1000) });
    if (seen.has(id)) return ignore(id, 'duplicate');
    const remembered = seen.add(id).catch((e: unknown) => log.warn({ id, err: errorText(e) }, '记不下已处理的消息 id'));

    const talker = msg.talker();
    const room = msg.room();
    // The web puppet fills in a new member's details a little later: fall back to the group nickname, then the id.
    const raw = talker.name() || (room ? await room.alias(talker).catch(() => undefined) : undefined) || '';
    // names are data: one line, no control characters, capped (issue 14)
    const sender = { id: talker.id, name: displayName(raw, talker.id) };
    let inbound: InboundMessage;
    let send: Send;
    if (room) {
      const topic = await room.topic();
      if (!isListedRoom(room) && !admins.includes(talker.id)) return ignore(id, 'room-not-listed', { room: topic });
      const text = await addressedText(msg, room, b.currentUser);
      if (text === null) return ignore(id, 'not-addressed', { room: topic });
      const verdict = admitRoomMessage({ listed: isListedRoom(room), senderId: talker.id, text, admins });
      if (!verdict.ok) return ignore(id, verdict.reason, { room: topic });
      inbound = { id, text, chat: { id: room.id, name: topic, kind: 'room' }, sender, at: sentAt };
      send = sendTo(room, talker);
    } else {
      const text = stripKeyword(msg.text(), keyword) ?? msg.text().trim();
      const known = admins.includes(talker.id) || leaders.includes(talker.id) || (await isMemberOfListedRoom(b, talker));
      const verdict = admitPrivateMessage({ known, text });
      if (!verdict.ok) return ignore(id, verdict.reason, { from: sender.name });
      inbound = { id, text, chat: { id: talker.id, name: sender.name, kind: 'private' }, sender, at: sentAt };
      send = sendTo(talker);
    }
    await remembered;
    log.info({ id, chat: inbound.chat.name, kind: inbound.chat.kind, from: sender.name }, '收到消息');
    await queue.run(`${inbound.chat.id}\u0000${sender.id}`, () => dispatch(inbound, send));
  };

  const track = (msg: Message): void => inflight.track(() => onMessage(msg), log, '读取微信消息出错');

  // ── broadcast targets ───────────────────────────────────────────────────────────

  // by id only: a topic or a nickname can be taken by anyone
  const findRoom = async (b: Wechaty, ref: string): Promise<Room | undefined> =>
    (await b.Room.find({ id: ref }).catch(() => undefined)) ?? undefined;

  const findContact = async (b: Wechaty, ref: string): Promise<Contact | undefined> =>
    (await b.Contact.find({ id: ref }).catch(() => undefined)) ?? undefined;

  // ── the Transport ─────────────────────────────────────────────────────────────

  return {
    name: 'wechaty',

    get online(): boolean {
      return state === 'online';
    },

    async start(h: MessageHandler): Promise<void> {
      if (state !== 'idle') throw new Error('微信传输已启动过 — the WeChat transport was already started');
      handler = h;
      state = 'starting';
      gate = new StartGate();
      const loggedIn = gate.promise;

      let puppet: WechatyOptions['puppet'];
      try {
        puppet = options.puppet ?? (await resolvePuppet(puppetName));
      } catch (e) {
        const line = describeStartFailure(puppetName, errorText(e));
        fatal(line);
        throw new WechatLoginError(line);
      }
      if (current() !== 'starting') throw new WechatLoginError(STOPPED_BEFORE_LOGIN);
      const b = WechatyBuilder.build({
        ...(options.sessionName ? { name: options.sessionName } : {}),
        ...(puppet ? { puppet } : {}),
      });
      bot = b;
      b.on('scan', onScan);
      b.on('login', onLogin);
      b.on('logout', onLogout);
      b.on('error', onError);
      b.on('message', track);

      log.info({ puppet: puppetName, rooms: [...listed], keyword }, '正在启动微信');
      loginTimer = setTimeout(() => {
        loginTimer = null;
        if (state === 'starting') fatal(describeLoginTimeout(loginTimeoutSec, lastError));
      }, loginTimeoutSec * 1000);
      try {
        await b.start();
      } catch (e) {
        const line = describeStartFailure(puppetName, errorText(e));
        fatal(line);
        throw new WechatLoginError(line);
      }
      if (current() === 'stopped') await stopBot(b); // stop() raced the start: make sure it ends down
      await loggedIn;
    },

    async broadcast(messages: OutboundMessage[]): Promise<void> {
      const b = bot;
      if (!b || state !== 'online') throw new Error(NOT_LOGGED_IN);
      if (messages.length === 0) return;
      const targets: DigestTarget[] = [];
      if (digestRoom) {
        const room = await findRoom(b, digestRoom);
        if (room) targets.push({ label: `room:${await room.topic()}`, send: sendTo(room) });
        else log.warn({ room: digestRoom }, '找不到 BOT_DIGEST_ROOM 指定的群：机器人要在群里，且要填群id（在群里@机器人说“本群id”可查）');
      }
      for (const ref of leaders) {
        const contact = await findContact(b, ref);
        if (contact) targets.push({ label: `leader:${contact.name()}`, send: sendTo(contact) });
        else log.warn({ leader: ref }, '找不到 BOT_LEADERS 中的这位领导：需要是机器人的好友，且要填微信id（本人私聊机器人说“我的id”可查）');
      }
      await broadcastTo(targets, messages, { configured: Boolean(digestRoom) || leaders.length > 0, delayMs: sendDelayMs, log, failMsg: '微信发送失败' });
    },

    async stop(): Promise<void> {
      const wasRunning = state !== 'idle' && state !== 'stopped';
      state = 'stopped';
      clearTimers();
      gate?.fail(new WechatLoginError(STOPPED_BEFORE_LOGIN));
      await inflight.settled();
      await queue.idle();
      if (bot) await stopBot(bot);
      if (wasRunning) log.info({}, '微信已停止');
    },
  };
}
