/**
 * The 企业微信 智能机器人 transport, over the official SDK's long WebSocket connection: no public
 * URL, no message decryption. Message callbacks in, InboundMessage out; replies as a finished
 * stream to the message (markdown-capable, sent as the bot's plain text), digests as markdown
 * messages pushed to the digest group and each leader, charts and exported forms uploaded as
 * temporary media and sent as images and files.
 *
 * This file owns who the bot listens to (BOT_ROOMS by chatid, their members privately),
 * duplicates, staleness, the connection's life and how loud its failures are; the core owns
 * meaning. No SDK type crosses its exports.
 */
import { readFile } from 'node:fs/promises';
import { WSClient, type WSClientOptions, type WsFrame } from '@wecom/aibot-node-sdk';
import type { Log } from '../../core/log.js';
import type { Clock, InboundMessage, MessageHandler, OutboundMessage, Transport } from '../../core/types.js';
import { KeyedQueue } from '../../core/keyed-queue.js';
import { ErrorThrottle } from '../shared/guards.js';
import { admitPrivateMessage, admitRoomMessage, looksLikeName } from '../shared/access.js';
import { answerMessage, errorText, pause, type Send } from '../shared/send.js';
import { broadcastTo, Inflight, StartGate } from '../shared/lifecycle.js';
import { memorySeenMessages, type SeenMessages } from '../shared/seen-messages.js';
import { digestMarkdown, keepLineBreaks } from '../shared/markdown.js';
import { stripKeyword } from '../shared/guards.js';
import { conversationOf, messageText, sentAt, stripLeadingMentions, type WecomMessageBody } from './inbound.js';
import {
  describeAuthRefused,
  describeConnectTimeout,
  isAuthRefusal,
  isFinalRefusal,
  KNOCKED_OUT,
  NOT_CONNECTED,
  STOPPED_BEFORE_CONNECT,
} from './texts.js';

/** The SDK's own address; private deployments (政务微信) set WECOM_WS_URL. */
export const DEFAULT_WECOM_WS_URL = 'wss://openws.work.weixin.qq.com';

export interface WecomTransportOptions {
  /** WECOM_BOT_ID and WECOM_BOT_SECRET, from the admin console (智能机器人 → API 模式 → 长连接) */
  botId: string;
  secret: string;
  /** WECOM_WS_URL; default the SDK's official address */
  wsUrl?: string;
  /** BOT_ROOMS: chatids of the groups the bot listens in */
  rooms: readonly string[];
  /** BOT_DIGEST_ROOM: chatid of the group digests go to */
  digestRoom?: string | null;
  /** BOT_LEADERS: userids who get digests privately (and may talk to the bot privately) */
  leaders?: readonly string[];
  /** BOT_ADMINS: userids; may talk privately, and ask "本群id" in a group not listed yet */
  admins?: readonly string[];
  /** WECOM_NAMES: userid → the name records and digests show (WeCom sends only the userid) */
  names?: ReadonlyMap<string, string>;
  /** BOT_KEYWORD: a leading `#绩效` is dropped like the mention. Default `#绩效`. */
  keyword?: string;
  /** Message ids already handled; default in memory (the wiring passes a file in DATA_DIR) */
  seen?: SeenMessages;
  /** People seen in a listed group: they may talk to the bot privately; default in memory */
  members?: SeenMessages;
  /** Seconds to wait for the connection to authenticate at start-up (BOT_LOGIN_TIMEOUT). Default 60. */
  loginTimeoutSec?: number;
  /** Messages older than this when they arrive are skipped. Default 120. */
  maxAgeSec?: number;
  /** Pause between consecutive sends. Default 500; tests pass 0. */
  sendDelayMs?: number;
  /** SDK tuning (tests shorten heartbeats and reconnect delays) */
  sdk?: Partial<Pick<WSClientOptions, 'heartbeatInterval' | 'reconnectInterval' | 'maxReconnectAttempts' | 'requestTimeout'>>;
  log: Log;
  clock: Clock;
  /** Called once with one readable line when the bot cannot go on (credentials refused, knocked out); the caller exits 1. */
  onFatal?: (reason: string) => void;
  /** Called after every successful connection (`reconnect` after the first), e.g. to post what fell due meanwhile. */
  onLogin?: (event: { reconnect: boolean }) => void;
}

export interface WecomTransport extends Transport {
  /** True while connected and authenticated. */
  readonly online: boolean;
}

/** Why the bot could not come up; one readable line naming the setting. */
export class WecomStartError extends Error {
  override name = 'WecomStartError';
}

type State = 'idle' | 'starting' | 'online' | 'offline' | 'stopped';
type MediaType = 'file' | 'image';

export function createWecomTransport(options: WecomTransportOptions): WecomTransport {
  const { log, clock } = options;
  const wsUrl = options.wsUrl?.trim() || DEFAULT_WECOM_WS_URL;
  const listed = new Set(options.rooms.map((r) => r.trim()).filter(Boolean));
  const digestRoom = options.digestRoom?.trim() || null;
  const leaders = (options.leaders ?? []).map((l) => l.trim()).filter(Boolean);
  const admins = (options.admins ?? []).map((a) => a.trim()).filter(Boolean);
  const seen = options.seen ?? memorySeenMessages();
  const members = options.members ?? memorySeenMessages(10_000);
  const loginTimeoutSec = options.loginTimeoutSec ?? 60;
  const maxAgeMs = (options.maxAgeSec ?? 120) * 1000;
  const sendDelayMs = options.sendDelayMs ?? 500;
  const keyword = options.keyword ?? '#绩效';

  const errors = new ErrorThrottle();
  const queue = new KeyedQueue();
  const inflight = new Inflight();

  let client: WSClient | null = null;
  let handler: MessageHandler | null = null;
  let state: State = 'idle';
  let everOnline = false;
  let lastError: string | null = null;
  let offlineSince: Date | null = null;
  let reconnectAttempts = 0;
  let loginTimer: NodeJS.Timeout | null = null;
  let gate: StartGate | null = null;

  const current = (): State => state;

  // staff used to the WeChat bot may still start with #绩效: it is read like the @-mention
  const withoutKeyword = (text: string): string => (keyword ? stripKeyword(text, keyword) : null) ?? text.trim();

  const ignore = (id: string, reason: string, extra: object = {}): void => {
    log.debug({ id, reason, ...extra }, '忽略消息');
  };

  /** The SDK narrates every frame; its lines go to debug, failures reach us as events. */
  const sdkLogger = {
    debug: (m: string) => log.debug({ sdk: true }, m),
    info: (m: string) => log.debug({ sdk: true }, m),
    warn: (m: string, ...a: unknown[]) => log.debug({ sdk: true, args: a.map(errorText) }, m),
    error: (m: string, ...a: unknown[]) => log.debug({ sdk: true, args: a.map(errorText) }, m),
  };

  const disconnectClient = (): void => {
    const c = client;
    if (!c) return;
    // after the current SDK callback has returned: it still touches its socket
    setImmediate(() => {
      try {
        c.disconnect();
      } catch (e) {
        log.debug({ err: errorText(e) }, '断开企业微信时出错（已忽略）');
      }
    });
  };

  const fatal = (reason: string): void => {
    if (state === 'stopped') return;
    state = 'stopped';
    if (loginTimer) clearTimeout(loginTimer);
    loginTimer = null;
    log.error({ reason }, '企业微信传输停止');
    gate?.fail(new WecomStartError(reason));
    options.onFatal?.(reason);
    disconnectClient();
  };

  // ── the connection ───────────────────────────────────────────────────────────

  const onAuthenticated = (): void => {
    if (state === 'stopped') return;
    const reconnect = everOnline;
    everOnline = true;
    if (loginTimer) clearTimeout(loginTimer);
    loginTimer = null;
    if (reconnect) {
      const downSec = offlineSince ? Math.round((clock().getTime() - offlineSince.getTime()) / 1000) : null;
      log.info({ downSec, attempts: reconnectAttempts }, '企业微信已重新连接');
    } else {
      log.info({ wsUrl, rooms: [...listed] }, '企业微信已连接');
    }
    state = 'online';
    offlineSince = null;
    reconnectAttempts = 0;
    lastError = null;
    errors.reset();
    gate?.open();
    try {
      options.onLogin?.({ reconnect });
    } catch (e) {
      log.error({ err: errorText(e) }, 'onLogin 出错');
    }
  };

  const onDisconnected = (reason: string): void => {
    if (state !== 'online') return;
    state = 'offline';
    offlineSince = clock();
    // logged once; the SDK's retries and errors that follow are summarised by noteTrouble
    log.warn({ reason }, '企业微信连接断开，正在自动重连');
  };

  /** An error or a reconnect attempt while down: the first in full, then a summary per window. */
  const noteTrouble = (message: string): void => {
    lastError = message;
    const verdict = errors.note(clock().getTime());
    if (verdict?.kind === 'first') log.warn({ err: message }, '企业微信连接出错');
    else if (verdict?.kind === 'summary') {
      log.warn({ count: verdict.count, total: verdict.total, last: message, attempts: reconnectAttempts }, `又有 ${verdict.count} 次企业微信连接错误`);
    }
  };

  const onError = (e: Error): void => {
    const message = errorText(e);
    // at start-up any refusal is final; once the bot has run, only the credentials' own code (853000)
    // or the SDK giving up: a passing server-side refusal on reconnect gets the SDK's retries
    if (isAuthRefusal(message) && (!everOnline || isFinalRefusal(message))) return fatal(describeAuthRefused(message));
    noteTrouble(message);
  };

  const onReconnecting = (attempt: number): void => {
    reconnectAttempts = attempt;
    log.debug({ attempt }, '企业微信重连中');
  };

  // ── messages ─────────────────────────────────────────────────────────────────

  /** Uploads a file once per send and hands back its media id (valid three days). */
  const upload = async (c: WSClient, file: NonNullable<OutboundMessage['file']>): Promise<{ type: MediaType; mediaId: string }> => {
    const type: MediaType = file.kind === 'image' ? 'image' : 'file';
    const data = await readFile(file.path);
    const res = await c.uploadMedia(data, { type, filename: file.name });
    return { type, mediaId: res.media_id };
  };

  const pushText = async (c: WSClient, to: string, text: string): Promise<void> => {
    await c.sendMessage(to, { msgtype: 'markdown', markdown: { content: keepLineBreaks(text) } });
  };

  /** Replies to one message: its first words as the reply stream, later words and files pushed to the same chat. */
  const replyTo = (frame: WsFrame, conversation: string): Send => {
    let replied = false;
    return async (out) => {
      const c = client;
      if (!c) throw new Error(NOT_CONNECTED);
      if (out.text.trim() !== '') {
        if (!replied) {
          replied = true;
          try {
            await c.replyStream(frame, `reply-${frame.headers?.req_id ?? Date.now()}`, keepLineBreaks(out.text), true);
          } catch (e) {
            // the reply window can close (slow answer, reconnect in between): push it instead
            log.warn({ err: errorText(e), to: conversation }, '回复消息失败，改为主动发送');
            await pushText(c, conversation, out.text);
          }
        } else {
          await pushText(c, conversation, out.text);
        }
      }
      if (out.file) {
        if (out.text.trim() !== '') await pause(sendDelayMs);
        const media = await upload(c, out.file);
        await c.sendMediaMessage(conversation, media.type, media.mediaId);
      }
    };
  };

  const onFrame = async (frame: WsFrame): Promise<void> => {
    const body = frame.body as WecomMessageBody | undefined;
    if (!body?.msgid || !body.from?.userid) return;
    const id = body.msgid;
    const raw = messageText(body);
    if (raw === null) return ignore(id, 'not-text', { msgtype: body.msgtype });
    const now = clock();
    const at = sentAt(body, now);
    const ageMs = now.getTime() - at.getTime();
    if (ageMs > maxAgeMs) return ignore(id, 'stale', { ageSec: Math.round(ageMs / 1000) });
    // remembered before the first await: a redelivery right behind the original must not slip past
    if (seen.has(id)) return ignore(id, 'duplicate');
    const remembered = seen.add(id).catch((e: unknown) => log.warn({ id, err: errorText(e) }, '记不下已处理的消息 id，重启后可能重复回答'));

    const userid = body.from.userid;
    const sender = { id: userid, name: options.names?.get(userid) ?? userid };
    let inbound: InboundMessage;
    if (body.chattype === 'group' && body.chatid) {
      const text = withoutKeyword(stripLeadingMentions(raw));
      const isListed = listed.has(body.chatid);
      const verdict = admitRoomMessage({ listed: isListed, senderId: userid, text, admins });
      if (!verdict.ok) return ignore(id, verdict.reason, { chat: body.chatid });
      if (isListed && !members.has(userid)) {
        await members.add(userid).catch((e: unknown) => log.warn({ err: errorText(e) }, '记不下群成员'));
      }
      inbound = { id, text, chat: { id: body.chatid, name: null, kind: 'room' }, sender, at };
    } else {
      const text = withoutKeyword(raw);
      const known = admins.includes(userid) || leaders.includes(userid) || members.has(userid);
      const verdict = admitPrivateMessage({ known, text });
      if (!verdict.ok) return ignore(id, verdict.reason, { from: userid });
      inbound = { id, text, chat: { id: userid, name: sender.name, kind: 'private' }, sender, at };
    }
    await remembered;
    log.info({ id, chat: inbound.chat.id, kind: inbound.chat.kind, from: userid }, '收到消息');
    const send = replyTo(frame, conversationOf(body));
    await queue.run(`${inbound.chat.id}\u0000${userid}`, async () => {
      if (handler) await answerMessage(handler, inbound, send, { delayMs: sendDelayMs, log, failMsg: '企业微信发送失败' });
    });
  };

  const track = (frame: WsFrame): void => {
    if (state !== 'stopped') inflight.track(() => onFrame(frame), log, '读取企业微信消息出错');
  };

  // ── the Transport ────────────────────────────────────────────────────────────

  return {
    name: 'wecom',

    get online(): boolean {
      return state === 'online';
    },

    async start(h: MessageHandler): Promise<void> {
      if (state !== 'idle') throw new Error('企业微信传输已启动过 — the WeCom transport was already started');
      handler = h;
      state = 'starting';
      gate = new StartGate();
      const connected = gate.promise;

      const c = new WSClient({
        botId: options.botId,
        secret: options.secret,
        wsUrl,
        // at start-up the first refusal is final (see onError); after that a few retries before giving up
        maxAuthFailureAttempts: 3,
        // a lost connection is retried for as long as the bot runs, with the SDK's back-off (≤ 30 s)
        maxReconnectAttempts: -1,
        logger: sdkLogger,
        ...options.sdk,
      });
      client = c;
      c.on('authenticated', onAuthenticated);
      c.on('disconnected', onDisconnected);
      c.on('reconnecting', onReconnecting);
      c.on('error', onError);
      c.on('message', track);
      c.on('event.disconnected_event', () => fatal(KNOCKED_OUT));

      log.info({ wsUrl, botId: options.botId }, '正在连接企业微信');
      loginTimer = setTimeout(() => {
        loginTimer = null;
        if (state === 'starting') fatal(describeConnectTimeout(loginTimeoutSec, wsUrl, lastError));
      }, loginTimeoutSec * 1000);
      c.connect();
      await connected;
      if (current() === 'stopped') throw new WecomStartError(STOPPED_BEFORE_CONNECT);
    },

    async broadcast(messages: OutboundMessage[]): Promise<void> {
      const c = client;
      if (!c || state !== 'online') throw new Error(NOT_CONNECTED);
      if (messages.length === 0) return;
      const refs: string[] = [];
      for (const [setting, ref] of [...(digestRoom ? [['BOT_DIGEST_ROOM', digestRoom]] : []), ...leaders.map((l) => ['BOT_LEADERS', l])] as [string, string][]) {
        if (looksLikeName(ref)) log.warn({ setting, value: ref }, `${setting} 里的“${ref}”是名字不是id，没有发给它`);
        else refs.push(ref);
      }
      // each file is uploaded once and its media id sent to every target
      const media = new Map<string, Promise<{ type: MediaType; mediaId: string }>>();
      const mediaOf = (file: NonNullable<OutboundMessage['file']>) => {
        let m = media.get(file.path);
        if (!m) {
          m = upload(c, file);
          media.set(file.path, m);
        }
        return m;
      };
      const sendTo =
        (to: string): Send =>
        async (out) => {
          if (out.text.trim() !== '') await pushText(c, to, digestMarkdown(out.text));
          if (out.file) {
            if (out.text.trim() !== '') await pause(sendDelayMs);
            const m = await mediaOf(out.file);
            await c.sendMediaMessage(to, m.type, m.mediaId);
          }
        };
      const targets = refs.map((to) => ({ label: to, send: sendTo(to) }));
      await broadcastTo(targets, messages, { configured: Boolean(digestRoom) || leaders.length > 0, delayMs: sendDelayMs, log, failMsg: '企业微信播报失败' });
    },

    async stop(): Promise<void> {
      const wasRunning = state !== 'idle' && state !== 'stopped';
      state = 'stopped';
      if (loginTimer) clearTimeout(loginTimer);
      loginTimer = null;
      gate?.fail(new WecomStartError(STOPPED_BEFORE_CONNECT));
      await inflight.settled();
      await queue.idle();
      if (client) {
        try {
          client.disconnect();
        } catch {
          /* already down */
        }
      }
      if (wasRunning) log.info({}, '企业微信已断开');
    },
  };
}
