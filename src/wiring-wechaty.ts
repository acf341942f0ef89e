import type { Clock, Transport } from './core/types.js';
import type { Log } from './core/log.js';
import type { AppConfig } from './config.js';

export interface WechatyWiring {
  config: AppConfig;
  log: Log;
  clock: Clock;
  onFatal: (reason: string) => void;
  onLogin: () => void;
}

/** The WeChat transport; imported only when BOT_TRANSPORT=wechaty so wechaty never loads otherwise. */
export async function startWechaty(_w: WechatyWiring): Promise<Transport> {
  throw new Error('wechaty transport not wired yet');
}
