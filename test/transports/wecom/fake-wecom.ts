/**
 * A fake WeCom 智能机器人 long-connection server on 127.0.0.1, written from the SDK's source
 * (@wecom/aibot-node-sdk 1.0.7, dist/index.cjs.js) and WeCom document 101463:
 * - every frame is JSON `{ cmd, headers: { req_id }, body }`; answers to the bot carry the same
 *   req_id and `errcode` / `errmsg` (and a `body` for uploads);
 * - `aibot_subscribe` with `{ bot_id, secret }` authenticates; a wrong pair gets errcode 853000;
 * - `ping` is a heartbeat, acknowledged with errcode 0;
 * - the server pushes `aibot_msg_callback` (messages) and `aibot_event_callback` (events, e.g.
 *   `disconnected_event` before it closes an older connection of the same bot);
 * - `aibot_respond_msg` replies to a callback's req_id (a `stream`; `text` is refused with
 *   40008 as the live service does); `aibot_send_msg` pushes to a chatid or userid;
 * - `aibot_upload_media_init` → `_chunk` (chunk_index from 0, base64) → `_finish` uploads a
 *   temporary media and returns its media_id; under 5 bytes is refused.
 */
import { createHash, randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';

export interface Frame {
  cmd?: string;
  headers: { req_id: string };
  body?: Record<string, unknown>;
}

export interface PushedMessage {
  chatid: string;
  msgtype: string;
  markdown?: { content: string };
  file?: { media_id: string };
  image?: { media_id: string };
}

export interface Media {
  type: string;
  filename: string;
  data: Buffer;
}

interface Upload {
  type: string;
  filename: string;
  total_size: number;
  total_chunks: number;
  md5?: string;
  chunks: Map<number, Buffer>;
}

export interface SayOptions {
  /** A group's chatid; a one-to-one chat when absent */
  chatid?: string;
  msgid?: string;
  /** Seconds since the epoch; absent by default, like many live callbacks */
  create_time?: number;
  msgtype?: 'text' | 'voice' | 'image';
}

export const BOT_ID = 'aibMZxkfGxC4mpTzVwvKbKoXu5';
export const BOT_SECRET = 'sEcReT-0123456789abcdef';

export class FakeWecom {
  /** Every frame the bot sent, in order */
  readonly frames: Frame[] = [];
  /** Successful subscriptions (one per connection that authenticated) */
  auths = 0;
  refusedAuths = 0;
  pings = 0;
  /** When false the server stays silent on heartbeats, like a half-dead connection */
  answerPings = true;
  readonly media = new Map<string, Media>();
  private readonly uploads = new Map<string, Upload>();
  private readonly sockets = new Set<WebSocket>();
  private authed: WebSocket | null = null;
  private seq = 0;

  private constructor(
    private readonly wss: WebSocketServer,
    readonly credentials: { botId: string; secret: string },
  ) {
    this.url = `ws://127.0.0.1:${(wss.address() as AddressInfo).port}`;
    wss.on('connection', (ws) => {
      this.sockets.add(ws);
      ws.on('close', () => {
        this.sockets.delete(ws);
        if (this.authed === ws) this.authed = null;
      });
      ws.on('message', (data) => this.onFrame(ws, JSON.parse(data.toString()) as Frame));
    });
  }

  static async start(credentials = { botId: BOT_ID, secret: BOT_SECRET }): Promise<FakeWecom> {
    const wss = new WebSocketServer({ host: '127.0.0.1', port: 0 });
    await new Promise<void>((resolve) => wss.once('listening', () => resolve()));
    return new FakeWecom(wss, credentials);
  }

  /** Stays readable after close(), so a test can point the bot at an address nobody answers */
  readonly url: string;

  get connected(): boolean {
    return this.authed !== null;
  }

  /** Replies the bot gave to callbacks: `aibot_respond_msg` frames */
  replies(): Frame[] {
    return this.frames.filter((f) => f.cmd === 'aibot_respond_msg');
  }

  /** The content of each finished reply stream */
  replyTexts(): string[] {
    return this.replies()
      .map((f) => f.body?.stream as { content: string; finish: boolean } | undefined)
      .filter((s) => s?.finish)
      .map((s) => s!.content);
  }

  /** Messages the bot pushed on its own: `aibot_send_msg` bodies */
  pushed(): PushedMessage[] {
    return this.frames.filter((f) => f.cmd === 'aibot_send_msg').map((f) => f.body as unknown as PushedMessage);
  }

  /** A member writes to the bot: in a group (only @-messages reach a bot), or one-to-one. Returns the callback's req_id. */
  say(userid: string, content: string, o: SayOptions = {}): { msgid: string; reqId: string } {
    const ws = this.authed;
    if (!ws) throw new Error('the bot is not connected');
    const msgid = o.msgid ?? `msg${++this.seq}${randomUUID().slice(0, 8)}`;
    const reqId = `callback_${Date.now()}_${++this.seq}`;
    const msgtype = o.msgtype ?? 'text';
    const body: Record<string, unknown> = {
      msgid,
      aibotid: this.credentials.botId,
      chattype: o.chatid ? 'group' : 'single',
      from: { userid },
      msgtype,
      ...(o.chatid ? { chatid: o.chatid } : {}),
      ...(o.create_time !== undefined ? { create_time: o.create_time } : {}),
    };
    if (msgtype === 'text') body.text = { content };
    else if (msgtype === 'voice') body.voice = { content };
    else body.image = { url: 'https://example.invalid/image', aeskey: 'x' };
    ws.send(JSON.stringify({ cmd: 'aibot_msg_callback', headers: { req_id: reqId }, body }));
    return { msgid, reqId };
  }

  /** Drops the bot's connection the way a network failure does (no close frame). */
  dropConnection(): void {
    this.authed?.terminate();
  }

  /** What WeCom does to the older connection when the same bot connects again elsewhere. */
  knockOut(): void {
    const ws = this.authed;
    if (!ws) throw new Error('the bot is not connected');
    ws.send(
      JSON.stringify({
        cmd: 'aibot_event_callback',
        headers: { req_id: `event_${Date.now()}` },
        body: { msgid: `ev${++this.seq}`, aibotid: this.credentials.botId, create_time: Math.floor(Date.now() / 1000), msgtype: 'event', event: { eventtype: 'disconnected_event' } },
      }),
    );
    setTimeout(() => ws.close(), 20);
  }

  async close(): Promise<void> {
    for (const ws of this.sockets) ws.terminate();
    await new Promise<void>((resolve) => this.wss.close(() => resolve()));
  }

  // ── the protocol ───────────────────────────────────────────────────────────

  private ack(ws: WebSocket, f: Frame, errcode = 0, errmsg = 'ok', body?: object): void {
    ws.send(JSON.stringify({ headers: { req_id: f.headers.req_id }, errcode, errmsg, ...(body ? { body } : {}) }));
  }

  private onFrame(ws: WebSocket, f: Frame): void {
    this.frames.push(f);
    const b = f.body ?? {};
    switch (f.cmd) {
      case 'aibot_subscribe':
        if (b.bot_id === this.credentials.botId && b.secret === this.credentials.secret) {
          this.auths++;
          this.authed = ws;
          return this.ack(ws, f);
        }
        this.refusedAuths++;
        return this.ack(ws, f, 853000, 'invalid bot_id or secret');
      case 'ping':
        this.pings++;
        return this.answerPings ? this.ack(ws, f) : undefined;
      case 'aibot_respond_msg': {
        if (b.msgtype === 'text') return this.ack(ws, f, 40008, 'invalid message type');
        if (b.msgtype !== 'stream' && !(typeof b.msgtype === 'string' && b.msgtype in b)) return this.ack(ws, f, 40008, 'invalid message type');
        return this.ack(ws, f);
      }
      case 'aibot_send_msg': {
        const type = b.msgtype as string;
        if (typeof b.chatid !== 'string' || !b.chatid) return this.ack(ws, f, 40003, 'invalid chatid');
        if (type === 'markdown') {
          const content = (b.markdown as { content?: string } | undefined)?.content;
          return content ? this.ack(ws, f) : this.ack(ws, f, 40008, 'empty content');
        }
        if (type === 'file' || type === 'image') {
          const id = (b[type] as { media_id?: string } | undefined)?.media_id;
          return id && this.media.get(id)?.type === type ? this.ack(ws, f) : this.ack(ws, f, 40007, 'invalid media_id');
        }
        return this.ack(ws, f, 40008, 'invalid message type');
      }
      case 'aibot_upload_media_init': {
        const size = Number(b.total_size);
        if (!(size >= 5)) return this.ack(ws, f, 40006, 'invalid file size');
        const id = `upload-${++this.seq}`;
        this.uploads.set(id, {
          type: String(b.type),
          filename: String(b.filename),
          total_size: size,
          total_chunks: Number(b.total_chunks),
          md5: b.md5 as string | undefined,
          chunks: new Map(),
        });
        return this.ack(ws, f, 0, 'ok', { upload_id: id });
      }
      case 'aibot_upload_media_chunk': {
        const up = this.uploads.get(String(b.upload_id));
        const index = Number(b.chunk_index);
        if (!up || !(index >= 0 && index < up.total_chunks)) return this.ack(ws, f, 40058, 'invalid chunk');
        up.chunks.set(index, Buffer.from(String(b.base64_data), 'base64'));
        return this.ack(ws, f);
      }
      case 'aibot_upload_media_finish': {
        const up = this.uploads.get(String(b.upload_id));
        if (!up || up.chunks.size !== up.total_chunks) return this.ack(ws, f, 40058, 'missing chunks');
        const data = Buffer.concat([...up.chunks.entries()].sort((x, y) => x[0] - y[0]).map(([, c]) => c));
        if (data.length !== up.total_size) return this.ack(ws, f, 40058, 'size mismatch');
        if (up.md5 && createHash('md5').update(data).digest('hex') !== up.md5) return this.ack(ws, f, 40058, 'md5 mismatch');
        const mediaId = `media-${++this.seq}`;
        this.media.set(mediaId, { type: up.type, filename: up.filename, data });
        return this.ack(ws, f, 0, 'ok', { type: up.type, media_id: mediaId, created_at: String(Math.floor(Date.now() / 1000)) });
      }
      default:
        return this.ack(ws, f, 40001, `unknown cmd ${String(f.cmd)}`);
    }
  }
}
