import path from 'node:path';
import type { Clock, Transport } from './core/types.js';
import type { Log } from './core/log.js';
import type { AppConfig } from './config.js';

export interface WechatyWiring {
  config: AppConfig;
  env: NodeJS.ProcessEnv;
  log: Log;
  clock: Clock;
  onFatal: (reason: string) => void;
  onLogin: () => void;
}

/**
 * The WeChat transport. This module is imported only when BOT_TRANSPORT=wechaty, so wechaty
 * (and a web puppet that swallows uncaught exceptions) never loads in the terminal chat.
 */
export async function createWechaty(w: WechatyWiring): Promise<Transport> {
  const { createWechatyTransport } = await import('./transports/wechaty.js');
  const { openSeenMessages } = await import('./store/seen-messages.js');
  const { config } = w;
  // ids of handled messages, kept across restarts so WeChat's re-deliveries are not handled twice
  const seenMessages = await openSeenMessages(config.dataDir, { clock: w.clock });
  return createWechatyTransport({
    env: w.env,
    rooms: config.wechat.rooms,
    keyword: config.wechat.keyword,
    digestRoom: config.wechat.digestRoom,
    leaders: config.leaders,
    admins: config.admins,
    loginTimeoutSec: config.wechat.loginTimeoutSec,
    maxAgeSec: config.wechat.maxAgeSec,
    // the login session (cookies) lives with the data, so a restart may not need a new scan
    sessionName: path.join(config.dataDir, 'wechat-session'),
    log: w.log,
    clock: w.clock,
    onFatal: w.onFatal,
    onLogin: () => w.onLogin(),
    seenMessages,
  });
}
