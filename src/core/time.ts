/**
 * Calendar arithmetic in Asia/Shanghai, whatever the machine's TZ. China has no DST,
 * so Shanghai time is UTC+8 all year; shifting by 8 hours and reading UTC fields is exact.
 */
const OFFSET_MS = 8 * 3600_000;
const DAY_MS = 86_400_000;

export interface DayParts {
  year: number;
  month: number; // 1-12
  day: number;
  /** 0 = Sunday … 6 = Saturday */
  weekday: number;
  hour: number;
  minute: number;
}

export function shanghaiParts(d: Date): DayParts {
  const t = new Date(d.getTime() + OFFSET_MS);
  return {
    year: t.getUTCFullYear(),
    month: t.getUTCMonth() + 1,
    day: t.getUTCDate(),
    weekday: t.getUTCDay(),
    hour: t.getUTCHours(),
    minute: t.getUTCMinutes(),
  };
}

/** YYYY-MM-DD of the instant, in Shanghai. */
export function shanghaiDay(d: Date): string {
  return new Date(d.getTime() + OFFSET_MS).toISOString().slice(0, 10);
}

/** The instant of a Shanghai wall-clock time. */
export function fromShanghai(year: number, month: number, day: number, hour = 0, minute = 0): Date {
  return new Date(Date.UTC(year, month - 1, day, hour, minute) - OFFSET_MS);
}

/** "2021-05-10" or "2021-05-10T09:30" (Shanghai wall clock) → instant; null when malformed. */
export function parseShanghai(text: string): Date | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2}))?)?$/.exec(text.trim());
  if (!m) return null;
  const [y, mo, d, h, mi] = [m[1], m[2], m[3], m[4] ?? '0', m[5] ?? '0'].map(Number) as [number, number, number, number, number];
  const date = fromShanghai(y, mo, d, h, mi);
  // reject 2021-02-30 and friends
  return shanghaiDay(date) === `${m[1]}-${m[2]}-${m[3]}` ? date : null;
}

export function dayToDate(day: string): Date {
  const d = parseShanghai(day);
  if (!d) throw new Error(`不是日期：${day}`);
  return d;
}

/** Days from day a to day b (YYYY-MM-DD), b - a. */
export function daysBetween(a: string, b: string): number {
  return Math.round((Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)) / DAY_MS);
}

export function addDays(day: string, n: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + n * DAY_MS).toISOString().slice(0, 10);
}

export function quarterOf(month: number): 1 | 2 | 3 | 4 {
  return (Math.floor((month - 1) / 3) + 1) as 1 | 2 | 3 | 4;
}

export function quarterEnd(year: number, q: 1 | 2 | 3 | 4): string {
  return `${year}-${['03-31', '06-30', '09-30', '12-31'][q - 1]}`;
}

export function quarterStart(year: number, q: 1 | 2 | 3 | 4): string {
  return `${year}-${['01-01', '04-01', '07-01', '10-01'][q - 1]}`;
}

/** "6月30日" */
export function formatMonthDay(day: string): string {
  const [, m, d] = day.split('-').map(Number);
  return `${m}月${d}日`;
}

/** "2021年6月30日" */
export function formatFullDay(day: string): string {
  return `${day.slice(0, 4)}年${formatMonthDay(day)}`;
}

const WEEKDAYS = ['日', '一', '二', '三', '四', '五', '六'];
export function weekdayName(day: string): string {
  return `周${WEEKDAYS[new Date(`${day}T00:00:00Z`).getUTCDay()]}`;
}

/** ISO 8601 with +08:00, e.g. 2021-10-08T09:00:00+08:00 */
export function isoShanghai(d: Date): string {
  return `${new Date(d.getTime() + OFFSET_MS).toISOString().slice(0, 19)}+08:00`;
}
