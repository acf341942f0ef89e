import path from 'node:path';
import type { Clock, Transport } from './core/types.js';
import type { Log } from './core/log.js';
import type { AppConfig } from './config.js';

export interface WecomWiring {
  config: AppConfig;
  log: Log;
  clock: Clock;
  onFatal: (reason: string) => void;
  onLogin: () => void;
}

/**
 * The 企业微信 智能机器人 transport. Imported only when BOT_TRANSPORT=wecom. Handled message ids
 * and the members seen in BOT_ROOMS are kept in DATA_DIR, so a redelivery after a restart is
 * not answered twice and members can still talk privately after a restart.
 */
export async function createWecom(w: WecomWiring): Promise<Transport> {
  const { createWecomTransport } = await import('./transports/wecom/transport.js');
  const { openSeenMessagesFile } = await import('./transports/shared/seen-messages.js');
  const { config, log } = w;
  const wecom = config.wecom!;
  const seen = await openSeenMessagesFile(path.join(config.dataDir, 'wecom-seen-messages.json'), { log });
  const members = await openSeenMessagesFile(path.join(config.dataDir, 'wecom-members.json'), { log, capacity: 10_000 });
  return createWecomTransport({
    botId: wecom.botId,
    secret: wecom.secret,
    ...(wecom.wsUrl ? { wsUrl: wecom.wsUrl } : {}),
    rooms: config.wechat.rooms,
    keyword: config.wechat.keyword,
    names: wecom.names,
    digestRoom: config.wechat.digestRoom,
    leaders: config.leaders,
    admins: config.admins,
    seen,
    members,
    loginTimeoutSec: config.wechat.loginTimeoutSec,
    maxAgeSec: config.wechat.maxAgeSec,
    log,
    clock: w.clock,
    onFatal: w.onFatal,
    onLogin: () => w.onLogin(),
  });
}
