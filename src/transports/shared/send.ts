/**
 * Sending a batch of replies the way every chat transport does: one after another, with a pause
 * between sends (chat platforms dislike bursts), each failure logged and counted but never
 * stopping the rest.
 */
import type { Log } from '../../core/log.js';
import type { InboundMessage, MessageHandler, OutboundMessage } from '../../core/types.js';
import { APOLOGY } from './texts.js';

/** One readable line for anything thrown, including the plain objects some SDKs reject with. */
export function errorText(e: unknown): string {
  if (e instanceof Error) return e.message;
  if (typeof e === 'string') return e;
  try {
    return JSON.stringify(e);
  } catch {
    return String(e);
  }
}

export function pause(ms: number): Promise<void> {
  return ms > 0 ? new Promise((resolve) => setTimeout(resolve, ms)) : Promise.resolve();
}

export type Send = (out: OutboundMessage) => Promise<void>;

/**
 * Sends `outs` in order with `delayMs` between them; returns how many failed. Each failure is
 * logged with `where` (the chat or digest target) and `failMsg`.
 */
export async function sendPaced(
  outs: readonly OutboundMessage[],
  send: Send,
  o: { delayMs: number; log: Log; where: object; failMsg: string },
): Promise<number> {
  let failed = 0;
  for (const [i, out] of outs.entries()) {
    if (i > 0) await pause(o.delayMs);
    try {
      await send(out);
    } catch (e) {
      failed++;
      o.log.error({ ...o.where, err: errorText(e) }, o.failMsg);
    }
  }
  return failed;
}

/**
 * One inbound message through the bot and its replies back out: a bug or a store failure in
 * the handler becomes an apology in the chat, never silence.
 */
export async function answerMessage(
  handler: MessageHandler,
  inbound: InboundMessage,
  send: Send,
  o: { delayMs: number; log: Log; failMsg: string },
): Promise<void> {
  let outs: OutboundMessage[];
  try {
    outs = await handler(inbound);
  } catch (e) {
    o.log.error({ id: inbound.id, chat: inbound.chat.name ?? inbound.chat.id, err: errorText(e) }, '处理消息出错');
    outs = [{ text: APOLOGY }];
  }
  await sendPaced(outs, send, { ...o, where: { id: inbound.id, chat: inbound.chat.name ?? inbound.chat.id } });
}
