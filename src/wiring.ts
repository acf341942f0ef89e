import type { Clock, OutboundMessage } from './core/types.js';
import type { Log } from './core/log.js';
import type { AppConfig } from './config.js';
import type { Plan } from './plan/schema.js';
import type { RecordStore } from './store/types.js';
import type { BotDeps } from './bot.js';

export interface ExtrasInput {
  config: AppConfig;
  env: NodeJS.ProcessEnv;
  plans: Map<number, Plan>;
  store: RecordStore;
  clock: Clock;
  log: Log;
  /** Run the cron jobs (npm start), or only answer digest commands (npm run chat) */
  scheduler: boolean;
}

export interface Extras {
  botDeps: Pick<BotDeps, 'digest' | 'schedule' | 'exporter'>;
  /** Starts the jobs (and runs missed ones once) posting through `post`. */
  start(post: (msgs: OutboundMessage[]) => Promise<void>): Promise<void>;
  /** The transport is (back) online: run what fell due while it was away. */
  onOnline(): Promise<void>;
  stop(): void;
}

/** The scheduler, digests and exporter, wired to the store and the plans. */
export async function wireExtras(_input: ExtrasInput): Promise<Extras> {
  return { botDeps: {}, start: async () => {}, onOnline: async () => {}, stop() {} };
}
