import { validateDetailed } from 'node-cron';

export type JobName = 'weekly' | 'quarterly' | 'reminder';
export const JOB_NAMES: readonly JobName[] = ['weekly', 'quarterly', 'reminder'];

/**
 * When the jobs run. Each cron expression (Asia/Shanghai) says at what times a job checks;
 * the job posts only on the day its calendar rule names (see jobs.ts):
 *   weekly     the first working day of the week
 *   quarterly  the first working day after a quarter ends
 *   reminder   BOT_REMINDER_DAYS working days before a quarter ends
 * So the defaults, "0 9 * * *", post at 09:00 on exactly those days.
 */
export interface ScheduleConfig {
  cron: Record<JobName, string>;
  /** Working days before a quarter's end, largest first: [10, 3] */
  reminderDays: number[];
  /** A run missed within this many hours happens once at start-up; older ones are recorded as missed. */
  catchUpHours: number;
  /** Longest single message; longer texts are split at line breaks. */
  maxMessageChars: number;
  /** Send the weekly progress picture along with the weekly text. */
  chart: boolean;
}

export const DEFAULT_CRON = '0 9 * * *';

export const DEFAULT_SCHEDULE: ScheduleConfig = {
  cron: { weekly: DEFAULT_CRON, quarterly: DEFAULT_CRON, reminder: DEFAULT_CRON },
  reminderDays: [10, 3],
  catchUpHours: 24,
  maxMessageChars: 1500,
  chart: true,
};

export const CRON_SETTING: Record<JobName, string> = {
  weekly: 'BOT_WEEKLY_CRON',
  quarterly: 'BOT_QUARTERLY_CRON',
  reminder: 'BOT_REMINDER_CRON',
};

export class ScheduleConfigError extends Error {
  constructor(
    readonly setting: string,
    readonly value: string,
    why: string,
    fix: string,
  ) {
    super(`${setting}=${JSON.stringify(value)} 无法使用：${why}。${fix}`);
    this.name = 'ScheduleConfigError';
  }
}

function cronFrom(env: Record<string, string | undefined>, job: JobName): string {
  const setting = CRON_SETTING[job];
  const raw = env[setting]?.trim();
  if (!raw) return DEFAULT_CRON;
  const check = validateDetailed(raw);
  if (!check.valid) {
    const why = check.errors.map((e) => `${e.field}${e.value !== undefined ? ` "${e.value}"` : ''}: ${e.message}`).join('；') || 'cron 表达式不合法';
    throw new ScheduleConfigError(
      setting,
      raw,
      why,
      `请写 5 段（分 时 日 月 周）或 6 段（秒 分 时 日 月 周）的 cron 表达式，时间按北京时间，例如 "${DEFAULT_CRON}"（每天 9:00 检查，只在规定的工作日发送）；删掉这一行即用默认值。`,
    );
  }
  return raw;
}

function intFrom(env: Record<string, string | undefined>, setting: string, def: number, min: number, max: number, unit: string): number {
  const raw = env[setting]?.trim();
  if (!raw) return def;
  const n = Number(raw);
  if (!/^\d+$/.test(raw) || n < min || n > max)
    throw new ScheduleConfigError(setting, raw, `不是 ${min}–${max} 之间的整数`, `请写一个整数${unit}，例如 ${setting}=${def}；删掉这一行即用默认值 ${def}。`);
  return n;
}

function reminderDaysFrom(env: Record<string, string | undefined>): number[] {
  const setting = 'BOT_REMINDER_DAYS';
  const raw = env[setting]?.trim();
  if (raw === undefined || raw === '') return [...DEFAULT_SCHEDULE.reminderDays];
  const fix = `请写用逗号分隔的工作日数（1–40），例如 ${setting}=10,3（季末前第10个和第3个工作日提醒）；写 ${setting}=off 关闭提醒。`;
  if (/^(off|none|0)$/i.test(raw)) return [];
  const parts = raw.split(/[,，\s]+/).filter(Boolean);
  const days = parts.map(Number);
  const bad = parts.find((p, i) => !/^\d+$/.test(p) || days[i]! < 1 || days[i]! > 40);
  if (bad !== undefined) throw new ScheduleConfigError(setting, raw, `“${bad}”不是 1–40 之间的整数`, fix);
  return [...new Set(days)].sort((a, b) => b - a);
}

function switchFrom(env: Record<string, string | undefined>, setting: string, def: boolean): boolean {
  const raw = env[setting]?.trim();
  if (!raw) return def;
  if (/^(on|true|1|yes|开)$/i.test(raw)) return true;
  if (/^(off|false|0|no|关)$/i.test(raw)) return false;
  throw new ScheduleConfigError(setting, raw, '只能是 on 或 off', `请写 ${setting}=on 或 ${setting}=off；删掉这一行即用默认值 ${def ? 'on' : 'off'}。`);
}

/** Reads the BOT_* schedule settings; a bad value throws ScheduleConfigError naming the setting and the fix. */
export function scheduleConfigFromEnv(env: Record<string, string | undefined>): ScheduleConfig {
  return {
    cron: { weekly: cronFrom(env, 'weekly'), quarterly: cronFrom(env, 'quarterly'), reminder: cronFrom(env, 'reminder') },
    reminderDays: reminderDaysFrom(env),
    catchUpHours: intFrom(env, 'BOT_CATCHUP_HOURS', DEFAULT_SCHEDULE.catchUpHours, 0, 24 * 14, '（小时，0 表示不补发）'),
    maxMessageChars: intFrom(env, 'BOT_MAX_MESSAGE_CHARS', DEFAULT_SCHEDULE.maxMessageChars, 200, 20000, '（字符）'),
    chart: switchFrom(env, 'BOT_CHART', DEFAULT_SCHEDULE.chart),
  };
}
