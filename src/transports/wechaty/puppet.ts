/**
 * Choosing and taming the puppet. The web-protocol puppet (wechaty-puppet-wechat4u) has two
 * habits we undo here (see docs/wechat.md and PLATFORM.md):
 * - importing it installs `process.on('uncaughtException', console.log)`, after which a bug
 *   never crashes the process: we import it only when chosen, and remove that listener;
 * - stopping it leaves an unhandled rejection (its own `logout` handler restarts a client it
 *   has just dropped): we detach that handler before stopping.
 */
import type { WechatyOptions } from 'wechaty';

export const WECHAT4U = 'wechaty-puppet-wechat4u';
export const PUPPET_SERVICE = 'wechaty-puppet-service';

type PuppetOption = NonNullable<WechatyOptions['puppet']>;

/**
 * Which puppet the settings ask for: WECHATY_PUPPET if set; else the token service when a
 * WECHATY_PUPPET_SERVICE_TOKEN is given (wechaty itself would ignore the token and fall back to
 * the web puppet); else the free web puppet, wechaty's own default.
 */
export function choosePuppetName(env: Readonly<Record<string, string | undefined>>): string {
  const named = env['WECHATY_PUPPET']?.trim().toLowerCase();
  if (named) return named;
  if (env['WECHATY_PUPPET_SERVICE_TOKEN']?.trim()) return PUPPET_SERVICE;
  return WECHAT4U;
}

/** Imports wechat4u on demand and takes back the global exception handler it installs. */
export async function loadWechat4u(): Promise<PuppetOption> {
  const before = new Set(process.listeners('uncaughtException'));
  const mod = await import('wechaty-puppet-wechat4u');
  for (const listener of process.listeners('uncaughtException')) {
    if (!before.has(listener)) process.removeListener('uncaughtException', listener);
  }
  return new mod.PuppetWechat4u() as unknown as PuppetOption;
}

/** The puppet instance or npm name to hand to WechatyBuilder. */
export async function resolvePuppet(name: string): Promise<PuppetOption | undefined> {
  if (name === WECHAT4U) return loadWechat4u();
  // Other puppets (the token service, which also reaches 企业微信 through a gateway) are
  // resolved by wechaty from the name; they read their own WECHATY_PUPPET_SERVICE_* settings.
  return name as unknown as PuppetOption;
}

interface Detachable {
  removeAllListeners?: (event: string) => unknown;
}

/**
 * Before stopping the web puppet: drop its inner client's `logout` listeners, the ones that
 * would call `start()` on the client the puppet has just set to undefined. A no-op for any
 * other puppet.
 */
export function detachWechat4uRestart(puppet: unknown): void {
  const inner = (puppet as { wechat4u?: Detachable } | null)?.wechat4u;
  if (inner && typeof inner.removeAllListeners === 'function') inner.removeAllListeners('logout');
}
