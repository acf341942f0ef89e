import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { addHolidayYear } from './calendar.js';

/**
 * data/holidays/YYYY.json: the State Council's arrangement for a year chinese-days does not
 * cover yet, filled in by an admin:
 *   { "holidays": ["2027-01-01", …], "workdays": ["2027-02-06", …] }
 * holidays are days off (weekdays included), workdays the 调休 weekend days worked.
 */
export class CalendarError extends Error {
  override name = 'CalendarError';
}

const Day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, '应写成 YYYY-MM-DD，如 2027-01-01');
export const HolidayFileSchema = z
  .object({
    holidays: z.array(Day),
    workdays: z.array(Day).default([]),
    /** Where the dates come from, e.g. 国办发明电〔2026〕…号 */
    source: z.string().optional(),
  })
  .strict();
export type HolidayFile = z.infer<typeof HolidayFileSchema>;

function weekday(day: string): number {
  return new Date(`${day}T00:00:00Z`).getUTCDay();
}

function realDay(day: string): boolean {
  const d = new Date(`${day}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === day;
}

/** Validates one year's file; the problems name the entry and say how to fix it. */
export function parseHolidayFile(text: string, year: number, file: string): HolidayFile {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    throw new CalendarError(`放假安排文件 ${file} 不是合法的 JSON（${(e as Error).message}）。格式：{"holidays": ["${year}-01-01"], "workdays": []}`);
  }
  const parsed = HolidayFileSchema.safeParse(raw);
  if (!parsed.success) {
    const iss = parsed.error.issues[0]!;
    throw new CalendarError(`放假安排文件 ${file}：${iss.path.join('.') || '(根)'} ${iss.message}。格式：{"holidays": ["${year}-01-01"], "workdays": ["调休上班的周末"]}`);
  }
  const f = parsed.data;
  const problems: string[] = [];
  for (const [key, list] of [['holidays', f.holidays], ['workdays', f.workdays]] as const)
    list.forEach((d, i) => {
      if (!realDay(d)) problems.push(`${key}[${i}] ${d} 不是真实的日期`);
      else if (!d.startsWith(`${year}-`)) problems.push(`${key}[${i}] ${d} 不在 ${year} 年（文件名是 ${year}.json）`);
      else if (key === 'workdays' && weekday(d) !== 0 && weekday(d) !== 6) problems.push(`workdays[${i}] ${d} 不是周末：调休上班日应是周六或周日`);
    });
  const both = f.holidays.filter((d) => f.workdays.includes(d));
  if (both.length) problems.push(`${both[0]} 同时写在 holidays 和 workdays 里`);
  if (problems.length) throw new CalendarError(`放假安排文件 ${file} 有误：${problems.slice(0, 5).join('；')}。请改正后重启。`);
  return f;
}

/** Reads every YYYY.json in the folder into the working calendar; a missing folder is no holidays. Returns the years read. */
export function loadHolidayFiles(dir: string): number[] {
  let names: string[];
  try {
    names = readdirSync(dir).filter((n) => /^\d{4}\.json$/.test(n));
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw new CalendarError(`读不到放假安排目录 ${dir}（${(e as NodeJS.ErrnoException).code ?? (e as Error).message}）`);
  }
  const years: number[] = [];
  for (const n of names.sort()) {
    const year = Number(n.slice(0, 4));
    const file = path.join(dir, n);
    const f = parseHolidayFile(readFileSync(file, 'utf8'), year, file);
    addHolidayYear(year, f);
    years.push(year);
  }
  return years;
}
