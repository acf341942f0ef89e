import { parseShanghai } from './core/time.js';

/** A setting that cannot be used: names it, the value, and how to fix it. */
export class ConfigError extends Error {
  constructor(
    readonly setting: string,
    readonly value: string,
    readonly fix: string,
  ) {
    super(`配置 ${setting}=${JSON.stringify(value)} 不能用：${fix}`);
    this.name = 'ConfigError';
  }
}

export interface AppConfig {
  transport: 'console' | 'wechaty' | 'wecom';
  dataDir: string;
  plansDir: string;
  admins: string[];
  leaders: string[];
  pendingMinutes: number;
  maxInputChars: number;
  /** A fixed start time for demos and tests (BOT_NOW / --now); the clock runs on from it */
  now: Date | null;
  consoleUser: string;
  scheduler: boolean;
  wechat: {
    rooms: string[];
    keyword: string;
    digestRoom: string | null;
    loginTimeoutSec: number;
    maxAgeSec: number;
  };
  /** 企业微信 智能机器人 (BOT_TRANSPORT=wecom); null on the other transports */
  wecom: { botId: string; secret: string; wsUrl: string | null; names: Map<string, string> } | null;
  logLevel: string;
}

/** "张三, 李四、王五；赵六" → names */
export function splitList(value: string | undefined): string[] {
  return (value ?? '')
    .split(/[,，、;；\n]+/)
    .map((s) => s.trim())
    .filter(Boolean);
}

function str(env: NodeJS.ProcessEnv, name: string, fallback: string): string {
  const v = env[name]?.trim();
  return v ? v : fallback;
}

function int(env: NodeJS.ProcessEnv, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name]?.trim();
  if (!raw) return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min || n > max)
    throw new ConfigError(name, raw, `要填 ${min} 到 ${max} 之间的整数（默认 ${fallback}），或删掉这一行用默认值。`);
  return n;
}

function onOff(env: NodeJS.ProcessEnv, name: string, fallback: boolean): boolean {
  const raw = env[name]?.trim().toLowerCase();
  if (!raw) return fallback;
  if (['1', 'true', 'on', 'yes'].includes(raw)) return true;
  if (['0', 'false', 'off', 'no'].includes(raw)) return false;
  throw new ConfigError(name, env[name]!, '要填 on 或 off。');
}

export function parseNow(setting: string, raw: string | undefined): Date | null {
  const v = raw?.trim();
  if (!v) return null;
  const d = parseShanghai(v);
  if (!d) throw new ConfigError(setting, v, '要写成北京时间 YYYY-MM-DD 或 YYYY-MM-DDTHH:MM，如 2021-05-10 或 2021-05-10T09:30。');
  return d;
}

/** The bot's settings from the environment (.env). Throws ConfigError naming the setting. */
export function readConfig(env: NodeJS.ProcessEnv): AppConfig {
  const transport = str(env, 'BOT_TRANSPORT', 'console');
  if (transport !== 'console' && transport !== 'wechaty' && transport !== 'wecom')
    throw new ConfigError('BOT_TRANSPORT', transport, '只能是 wecom（企业微信智能机器人）、console（终端对话）或 wechaty（个人微信）。');
  const keyword = str(env, 'BOT_KEYWORD', '#绩效');
  if (/\s/.test(keyword) || keyword.length > 20) throw new ConfigError('BOT_KEYWORD', keyword, '要一个不含空格、不超过20字的词，如 #绩效。');
  const rooms = splitList(env.BOT_ROOMS);
  return {
    transport,
    dataDir: str(env, 'DATA_DIR', 'data'),
    plansDir: str(env, 'PLANS_DIR', 'data/plans'),
    admins: splitList(env.BOT_ADMINS),
    leaders: splitList(env.BOT_LEADERS),
    pendingMinutes: int(env, 'BOT_PENDING_MINUTES', 30, 1, 24 * 60),
    maxInputChars: int(env, 'BOT_MAX_INPUT_CHARS', 2000, 50, 100_000),
    now: parseNow('BOT_NOW', env.BOT_NOW),
    consoleUser: str(env, 'BOT_USER', '我'),
    scheduler: onOff(env, 'BOT_SCHEDULER', true),
    wechat: {
      rooms,
      keyword,
      digestRoom: env.BOT_DIGEST_ROOM?.trim() || null,
      loginTimeoutSec: int(env, 'BOT_LOGIN_TIMEOUT', 120, 5, 3600),
      maxAgeSec: int(env, 'BOT_MAX_AGE', 120, 10, 86_400),
    },
    wecom: transport === 'wecom' ? readWecom(env) : null,
    logLevel: str(env, 'LOG_LEVEL', 'info'),
  };
}

/** WECOM_BOT_ID / WECOM_BOT_SECRET are required for BOT_TRANSPORT=wecom; WECOM_WS_URL only for private deployments. */
function readWecom(env: NodeJS.ProcessEnv): NonNullable<AppConfig['wecom']> {
  const where = '在企业微信管理后台 → 应用管理 → 智能机器人 → 你的机器人 → API 模式（长连接）里复制';
  const botId = env.WECOM_BOT_ID?.trim() ?? '';
  if (!botId) throw new ConfigError('WECOM_BOT_ID', '', `BOT_TRANSPORT=wecom 需要机器人的 Bot ID：${where}。`);
  const secret = env.WECOM_BOT_SECRET?.trim() ?? '';
  if (!secret) throw new ConfigError('WECOM_BOT_SECRET', '', `BOT_TRANSPORT=wecom 需要机器人的 Secret：${where}。`);
  const wsUrl = env.WECOM_WS_URL?.trim() || null;
  if (wsUrl && !/^wss?:\/\/[^\s/]+/i.test(wsUrl))
    throw new ConfigError('WECOM_WS_URL', wsUrl, '要以 wss:// 或 ws:// 开头，如 wss://openws.work.weixin.qq.com；用官方企业微信时删掉这一行。');
  return { botId, secret, wsUrl, names: readNames(env.WECOM_NAMES) };
}

/**
 * WECOM_NAMES=ZhangSan:张三,LiSi:李四 — WeCom tells a bot only the userid; these names are what
 * records and digests show. Display only: a name never grants a room or a role.
 */
function readNames(raw: string | undefined): Map<string, string> {
  const names = new Map<string, string>();
  for (const pair of splitList(raw)) {
    const m = /^([\x21-\x7e]+?)\s*[:：=]\s*(\S.*)$/.exec(pair);
    if (!m) throw new ConfigError('WECOM_NAMES', pair, '要写成 userid:姓名，逗号分隔，如 WECOM_NAMES=ZhangSan:张三,LiSi:李四。');
    names.set(m[1]!, m[2]!.trim());
  }
  return names;
}
