/**
 * The life of a chat transport that both the WeChat and the WeCom transports lead: a start()
 * that waits for the first login, message handling that stop() waits for, and a digest
 * posted to several targets in turn.
 */
import type { Log } from '../../core/log.js';
import type { OutboundMessage } from '../../core/types.js';
import { pause, sendPaced, type Send } from './send.js';
import { EVERY_DIGEST_SEND_FAILED, NO_DIGEST_SETTINGS, NO_DIGEST_TARGET } from './texts.js';

/** The promise start() waits on: kept by the first login, broken by a fatal error or stop(). */
export class StartGate {
  readonly promise: Promise<void>;
  private settle: { resolve: () => void; reject: (e: Error) => void } | null = null;

  constructor() {
    this.promise = new Promise<void>((resolve, reject) => {
      this.settle = { resolve, reject };
    });
    this.promise.catch(() => undefined); // observed by start(); an early fatal is not "unhandled"
  }

  open(): void {
    const s = this.settle;
    this.settle = null;
    s?.resolve();
  }

  fail(e: Error): void {
    const s = this.settle;
    this.settle = null;
    s?.reject(e);
  }
}

/** Message handling under way, so stop() can let it finish before the connection goes. */
export class Inflight {
  private readonly running = new Set<Promise<void>>();

  /** Runs `task`; a failure is logged with `failMsg`, never thrown. */
  track(task: () => Promise<void>, log: Log, failMsg: string): void {
    const p = task().catch((e: unknown) => {
      log.error({ err: e instanceof Error ? e.message : String(e) }, failMsg);
    });
    this.running.add(p);
    void p.finally(() => this.running.delete(p));
  }

  async settled(): Promise<void> {
    await Promise.allSettled([...this.running]);
  }
}

export interface DigestTarget {
  label: string;
  send: Send;
}

/**
 * Posts `messages` to each target in turn, pausing between sends. Throws when targets were
 * configured but none was found, or when every target failed; logs and returns when none
 * was configured at all.
 */
export async function broadcastTo(
  targets: readonly DigestTarget[],
  messages: readonly OutboundMessage[],
  o: { configured: boolean; delayMs: number; log: Log; failMsg: string },
): Promise<void> {
  if (targets.length === 0) {
    if (!o.configured) return o.log.warn({}, NO_DIGEST_SETTINGS);
    throw new Error(NO_DIGEST_TARGET);
  }
  let delivered = 0;
  for (const [i, t] of targets.entries()) {
    if (i > 0) await pause(o.delayMs);
    const failed = await sendPaced(messages, t.send, { delayMs: o.delayMs, log: o.log, where: { target: t.label }, failMsg: o.failMsg });
    if (failed < messages.length) delivered++;
    o.log.info({ target: t.label, messages: messages.length, failed }, '已播报');
  }
  if (delivered === 0) throw new Error(EVERY_DIGEST_SEND_FAILED);
}
