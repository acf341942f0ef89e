import { createRequire } from 'node:module';
import { addDays } from '../core/time.js';

/**
 * China's working calendar: weekends and official holidays are days off, 调休 weekend days
 * are working days. The data is chinese-days' published table (dist/chinese-days.json).
 *
 * We read the table rather than call the package's isWorkday(): its date helper reads the
 * weekday with Date#getDay() in the machine's TZ, so west of UTC (the test suite runs in
 * America/Los_Angeles) every 'YYYY-MM-DD' is answered for the day before. Days here are
 * plain Shanghai calendar days, 'YYYY-MM-DD', so no TZ enters at all.
 */
interface HolidayTable {
  holidays: Record<string, string>;
  workdays: Record<string, string>;
}

const require = createRequire(import.meta.url);
const TABLE = require('chinese-days/dist/chinese-days.json') as HolidayTable;

/** Years the package has the State Council's arrangement for. */
export const coveredYears: readonly number[] = [...new Set(Object.keys(TABLE.holidays).map((d) => Number(d.slice(0, 4))))].sort((a, b) => a - b);

/**
 * Years an admin filled in beyond the package (data/holidays/YYYY.json, see holiday-file.ts):
 * their holidays and 调休 working days, checked before the package's table.
 */
const extra = { holidays: new Set<string>(), workdays: new Set<string>(), years: new Set<number>() };

export function addHolidayYear(year: number, days: { holidays: readonly string[]; workdays: readonly string[] }): void {
  for (const d of days.holidays) extra.holidays.add(d);
  for (const d of days.workdays) extra.workdays.add(d);
  extra.years.add(year);
}

/** Forgets the admin-filled years (tests). */
export function resetHolidayYears(): void {
  extra.holidays.clear();
  extra.workdays.clear();
  extra.years.clear();
}

/** Years the calendar knows the holidays of: the package's and the admin-filled ones. */
export function knownYears(): number[] {
  return [...new Set([...coveredYears, ...extra.years])].sort((a, b) => a - b);
}

const DAY = /^\d{4}-\d{2}-\d{2}$/;

function checkDay(day: string): void {
  if (!DAY.test(day)) throw new Error(`不是 YYYY-MM-DD 日期：${day}`);
}

/** 0 = Sunday … 6 = Saturday, of a calendar day (no TZ involved). */
function weekdayOf(day: string): number {
  return new Date(`${day}T00:00:00Z`).getUTCDay();
}

export function isWorkingDay(day: string): boolean {
  checkDay(day);
  if (extra.workdays.has(day)) return true;
  if (extra.holidays.has(day)) return false;
  if (TABLE.workdays[day]) return true;
  if (TABLE.holidays[day]) return false;
  const wd = weekdayOf(day);
  return wd >= 1 && wd <= 5;
}

/** Monday of the ISO week (Monday–Sunday) holding the day. */
export function weekStart(day: string): string {
  return addDays(day, -((weekdayOf(day) + 6) % 7));
}

/** ISO week key, '2021-W40' (the week's Thursday decides the year). */
export function isoWeekKey(day: string): string {
  const monday = weekStart(day);
  const thursday = addDays(monday, 3);
  const year = Number(thursday.slice(0, 4));
  const jan4 = `${year}-01-04`;
  const week = Math.round((Date.parse(`${monday}T00:00:00Z`) - Date.parse(`${weekStart(jan4)}T00:00:00Z`)) / (7 * 86_400_000)) + 1;
  return `${year}-W${String(week).padStart(2, '0')}`;
}

/** The first working day of the Monday–Sunday week holding the day; null if the week has none. */
export function firstWorkingDayOfWeek(day: string): string | null {
  checkDay(day);
  const monday = weekStart(day);
  for (let i = 0; i < 7; i++) {
    const d = addDays(monday, i);
    if (isWorkingDay(d)) return d;
  }
  return null;
}

/** The first working day strictly after the day (after 2021-09-30 → 2021-10-08). */
export function firstWorkingDayAfter(day: string): string {
  checkDay(day);
  let d = addDays(day, 1);
  while (!isWorkingDay(d)) d = addDays(d, 1);
  return d;
}

/**
 * The n-th working day counting back from the day, the day itself excluded
 * (n = 1: the previous working day). "3 working days before the quarter ends" is
 * workingDaysBefore(the day after the quarter's last day, 3): on that morning three
 * working days are left, today included.
 */
export function workingDaysBefore(day: string, n: number): string {
  checkDay(day);
  if (!Number.isInteger(n) || n < 1) throw new Error(`工作日数须为正整数：${n}`);
  let d = day;
  let left = n;
  while (left > 0) {
    d = addDays(d, -1);
    if (isWorkingDay(d)) left--;
  }
  return d;
}

/** Working days from `from` to `to`, both included (0 when to < from). */
export function workingDaysBetween(from: string, to: string): number {
  let n = 0;
  for (let d = from; d <= to; d = addDays(d, 1)) if (isWorkingDay(d)) n++;
  return n;
}

/**
 * Years among `years` the package has no holiday arrangement for: there only weekends
 * would count as days off, so start-up should say so rather than guess silently.
 */
export function uncoveredYears(years: Iterable<number>): number[] {
  return [...new Set(years)].filter((y) => !coveredYears.includes(y) && !extra.years.has(y)).sort((a, b) => a - b);
}

/** One line for the start-up log, or null when every year is covered. */
export function calendarWarning(years: Iterable<number>): string | null {
  const missing = uncoveredYears(years);
  if (!missing.length) return null;
  return `工作日历没有 ${missing.join('、')} 年的放假安排：这些年份只把周末当休息日，节假日和调休不会识别。国务院公布安排后，请在 data/holidays/${missing[0]}.json 填写（格式见 README“工作日历”），或升级 chinese-days（npm update chinese-days），然后重启。`;
}
