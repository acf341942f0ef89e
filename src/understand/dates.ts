import { addDays, fromShanghai, parseShanghai, shanghaiDay, shanghaiParts } from '../core/time.js';
import { cnToNumber } from './numbers.js';

/**
 * Dates in a message, read in Asia/Shanghai from ctx.now (never the machine clock):
 * 2021年9月18日, 2021-09-18, 9月18日 / 9月18号 / 九月十八日, 9.18, 9/18, 18号, 18日,
 * 今天, 昨天, 前天, 大前天, 明天, 后天, 上周五, 本周三 / 这周三, 下周五, 周五 / 星期五 / 礼拜五.
 *
 * - A date without a year takes ctx.now's year, kept as written even when it falls after ctx.now.
 * - A bare weekday (周五) is the most recent one on or before today when the message reports
 *   something (preferPast), otherwise that day of the current week (weeks start on Monday).
 * - A bare day of month (3号) is in ctx.now's month; when reporting and it lies ahead, the previous month.
 * - Week- and month-level words (上周, 本月, 上个月, 月初, 5月份) are recorded with level 'week' /
 *   'month' and resolve to null; a report takes their `approx` day (本月 → today, 上个月底 → its
 *   last day), which the confirmation shows so the author can correct it.
 */
export type DateLevel = 'day' | 'week' | 'month';

export interface DateMention {
  start: number;
  end: number;
  level: DateLevel;
  /** YYYY-MM-DD for day-level mentions, null otherwise */
  resolve(preferPast: boolean): string | null;
  /** The mention certainly points after today (明天, 下周五, 下个月, a later written date) */
  future: boolean;
  /** The month a month-level mention names (5月份 → 5; 本月 → ctx.now's month), else null */
  month: number | null;
  /**
   * For week/month-level words, the day a report most likely means: 本月 / 本周 → today,
   * 上个月 → its last day, 本月初 → the 1st, 上周 → that Friday; null when it lies ahead.
   */
  approx?: string | null;
}

const CN = '一二两三四五六七八九十';
const N12 = String.raw`(\d{1,2}|[${CN}]{1,3})`;
const WEEKDAY_IDX: Record<string, number> = { 一: 1, 二: 2, 三: 3, 四: 4, 五: 5, 六: 6, 日: 7, 天: 7, '1': 1, '2': 2, '3': 3, '4': 4, '5': 5, '6': 6, '7': 7 };

function num(raw: string): number | null {
  return /^\d+$/.test(raw) ? Number(raw) : cnToNumber(raw);
}

function ymd(y: number, m: number, d: number): string | null {
  if (!Number.isInteger(y) || !Number.isInteger(m) || !Number.isInteger(d)) return null;
  if (m < 1 || m > 12 || d < 1 || d > 31) return null;
  const day = `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
  return parseShanghai(day) ? day : null;
}

interface Rule {
  re: RegExp;
  make(m: RegExpExecArray, today: string, p: { year: number; month: number; day: number; weekday: number }): Omit<DateMention, 'start' | 'end'> | null;
}

const fixed = (day: string | null, today: string): Omit<DateMention, 'start' | 'end'> | null =>
  day ? { level: 'day', resolve: () => day, future: day > today, month: null } : null;
const vague = (level: 'week' | 'month', future: boolean, month: number | null = null, approx: string | null = null): Omit<DateMention, 'start' | 'end'> => ({
  level,
  resolve: () => null,
  future,
  month,
  approx,
});

function lastDayOf(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** 本月 → today; 上个月 → its last day; 月初 / 月中 / 月底 → 1st / 15th / last, never after today. */
function approxInMonth(year: number, month: number, suffix: string | undefined, today: string): string | null {
  const prefix = `${year}-${String(month).padStart(2, '0')}`;
  if (`${prefix}-01` > today) return null;
  const last = lastDayOf(year, month);
  const d = suffix === '初' ? 1 : suffix === '中' ? 15 : suffix === '底' || suffix === '末' ? last : null;
  if (d === null) return today.startsWith(prefix) ? today : `${prefix}-${String(last).padStart(2, '0')}`;
  const day = `${prefix}-${String(d).padStart(2, '0')}`;
  return day > today ? today : day;
}

function monthShift(year: number, month: number, delta: number): { year: number; month: number } {
  const idx = year * 12 + (month - 1) + delta;
  return { year: Math.floor(idx / 12), month: (idx % 12) + 1 };
}

const RULES: Rule[] = [
  // 2021年9月18日, 2021-09-18, 2021/9/18, 2021.9.18
  {
    re: /(?<!\d)(\d{4})\s*[年\-/.]\s*(\d{1,2})\s*[月\-/.]\s*(\d{1,2})\s*[日号]?/g,
    make: (m, today) => fixed(ymd(Number(m[1]), Number(m[2]), Number(m[3])), today),
  },
  // 2020年12月 / 去年12月底: a month of a named year (a report dated there belongs to that year)
  {
    re: new RegExp(String.raw`(?:(?<!\d)(\d{4})\s*年|(去年|前年))\s*${N12}\s*月份?(初|底|中|末)?(?!\s*[\d${CN}]|[日号])`, 'g'),
    make: (m, today, p) => {
      const year = m[1] ? Number(m[1]) : p.year - (m[2] === '前年' ? 2 : 1);
      const mo = num(m[3]!);
      if (mo === null || mo < 1 || mo > 12) return null;
      const first = `${year}-${String(mo).padStart(2, '0')}-01`;
      return vague('month', first > today, mo, first > today ? null : approxInMonth(year, mo, m[4], today));
    },
  },
  // 上半年累计支出 / 前三季度 / 一季度末: the figure is as of that period's last day (today while it runs)
  {
    re: /(上半年|前两个?季度|前三季度|前三个季度|(?:第?[一二三四1-4])季度(?:末|底))/g,
    make: (m, today, p) => {
      const w = m[1]!;
      const q = /上半年|前两/.test(w) ? 2 : /前三/.test(w) ? 3 : ({ 一: 1, 二: 2, 三: 3, 四: 4, '1': 1, '2': 2, '3': 3, '4': 4 } as Record<string, number>)[w.replace(/[第季度末底]/g, '')]!;
      const end = ymd(p.year, q * 3, lastDayOf(p.year, q * 3))!;
      return vague('month', false, q * 3, end > today ? today : end);
    },
  },
  // (上个月|本月) 18号
  {
    re: new RegExp(String.raw`(上个?月|本月|这个?月)${N12}\s*[日号](?![楼线院门厅馆])`, 'g'),
    make: (m, today, p) => {
      const d = num(m[2]!);
      if (d === null) return null;
      const { year, month } = m[1]!.startsWith('上') ? monthShift(p.year, p.month, -1) : p;
      return fixed(ymd(year, month, d), today);
    },
  },
  // 9月18日, 九月十八号, 9月18 (at a boundary)
  {
    re: new RegExp(String.raw`(?<![\d.])${N12}\s*月\s*${N12}\s*(?:[日号]|(?=[,，。、;；!?\s]|$))`, 'g'),
    make: (m, today, p) => {
      const mo = num(m[1]!);
      const d = num(m[2]!);
      return mo === null || d === null ? null : fixed(ymd(p.year, mo, d), today);
    },
  },
  // 9.18, 9/18 (not 1.2万, 98.5%)
  {
    re: /(?<![\d.\/])(1[0-2]|0?[1-9])[./](3[01]|[12]\d|0?[1-9])(?![\d.%]|\s*(?:万|千|人|场|次|期|份|个|家|项|元|块|条|篇|%|[wWkK](?![A-Za-z])))/g,
    make: (m, today, p) => fixed(ymd(p.year, Number(m[1]), Number(m[2])), today),
  },
  // 大前天 前天 昨天 今天 明天 后天 大后天
  {
    re: /大前天|前天|昨天|昨日|昨晚|昨早|昨儿|今天|今日|今早|今晚|今儿|今儿个|明天|明日|明早|明晚|大后天|后天/g,
    make: (m, today) => {
      const w = m[0];
      const n = w.startsWith('大前') ? -3 : w.startsWith('前') ? -2 : w.startsWith('昨') ? -1 : w.startsWith('今') ? 0 : w.startsWith('明') ? 1 : w.startsWith('大后') ? 3 : 2;
      return fixed(addDays(today, n), today);
    },
  },
  // 上周五, 本周三, 这周三, 下周五, 上上周一, 周五, 星期五, 礼拜五
  {
    re: /(上上|上|本|这|下下|下)?个?(周|星期|礼拜)([一二三四五六日天1-7])(?![\d一二三四五六七八九十])/g,
    make: (m, today, p) => {
      const target = WEEKDAY_IDX[m[3]!]!;
      const todayIdx = p.weekday === 0 ? 7 : p.weekday;
      const monday = addDays(today, 1 - todayIdx);
      const rel = m[1];
      if (rel === undefined) {
        const past = addDays(today, -((todayIdx - target + 7) % 7));
        const thisWeek = addDays(monday, target - 1);
        return { level: 'day', resolve: (preferPast) => (preferPast ? past : thisWeek), future: false, month: null };
      }
      const weeks = rel === '上上' ? -2 : rel === '上' ? -1 : rel === '下' ? 1 : rel === '下下' ? 2 : 0;
      return fixed(addDays(monday, weeks * 7 + target - 1), today);
    },
  },
  // 18号, 3号 (this month; the previous month when reporting and it lies ahead)
  {
    re: new RegExp(String.raw`(?<![\d月.\/\-])(?:(\d{1,2})|([${CN}]{1,3}))\s*号(?![楼线院门厅馆室])|(?<![\d月.\/\-])(\d{1,2})\s*日(?![本报])`, 'g'),
    make: (m, today, p) => {
      const d = num(m[1] ?? m[2] ?? m[3]!);
      if (d === null) return null;
      const here = ymd(p.year, p.month, d);
      const prev = monthShift(p.year, p.month, -1);
      const before = ymd(prev.year, prev.month, d);
      if (!here && !before) return null;
      return {
        level: 'day',
        resolve: (preferPast) => (preferPast && (!here || here > today) ? before : here),
        future: false,
        month: null,
      };
    },
  },
  // week level
  {
    re: /(上上|上|本|这|下)个?(周|星期|礼拜)(末)?|周末/g,
    make: (m, today, p) => {
      const weeks = m[1] === '上上' ? -2 : m[1] === '上' ? -1 : m[1] === '下' ? 1 : m[1] ? 0 : null;
      const monday = addDays(today, -((p.weekday + 6) % 7));
      let approx: string | null;
      if (weeks === null) approx = addDays(monday, today >= addDays(monday, 5) ? 5 : -2); // 周末: the latest Saturday
      else if (weeks > 0) approx = null;
      else if (weeks === 0) approx = m[3] && addDays(monday, 5) <= today ? addDays(monday, 5) : today;
      else approx = addDays(monday, weeks * 7 + (m[3] ? 5 : 4)); // that week's Friday (its Saturday for 周末)
      return vague('week', m[1] === '下', null, approx);
    },
  },
  // month level: 上个月, 本月, 下个月, 月初, 月底, 5月份, 5月
  {
    re: new RegExp(String.raw`(上个?月|本月|这个?月|下个?月)(初|底|中|末)?|月(初|底|中|末)|(?<![\d.])${N12}\s*月份?(初|底|中|末)?(?![\d${CN}]|[日号])`, 'g'),
    make: (m, today, p) => {
      if (m[1]) {
        const delta = m[1].startsWith('上') ? -1 : m[1].startsWith('下') ? 1 : 0;
        const at = monthShift(p.year, p.month, delta);
        return vague('month', delta > 0, at.month, delta > 0 ? null : approxInMonth(at.year, at.month, m[2], today));
      }
      if (m[4]) {
        const mo = num(m[4]);
        if (mo === null || mo < 1 || mo > 12) return null;
        return vague('month', mo > p.month, mo, approxInMonth(p.year, mo, m[5], today));
      }
      return vague('month', false, p.month, approxInMonth(p.year, p.month, m[3], today));
    },
  },
];

/** Every date mention in the (normalised) text, in order of appearance, non-overlapping. */
export function findDates(text: string, now: Date, isName: (start: number, end: number) => boolean = () => false): DateMention[] {
  const p = shanghaiParts(now);
  const today = shanghaiDay(now);
  const taken: [number, number][] = [];
  const out: DateMention[] = [];
  for (const rule of RULES) {
    rule.re.lastIndex = 0;
    for (let m = rule.re.exec(text); m; m = rule.re.exec(text)) {
      if (m[0].length === 0) {
        rule.re.lastIndex++;
        continue;
      }
      const start = m.index;
      const end = start + m[0].length;
      if (taken.some(([a, b]) => start < b && end > a) || isName(start, end)) continue;
      const made = rule.make(m, today, p);
      if (!made) continue;
      taken.push([start, end]);
      out.push({ ...made, start, end });
    }
  }
  return out.sort((a, b) => a.start - b.start);
}

/** The activity's day: the first day-level mention; null if only vague ones; `fallback` if none. */
export function pickDate(mentions: DateMention[], preferPast: boolean, fallback: string | null): string | null {
  const day = mentions.find((d) => d.level === 'day');
  if (day) return day.resolve(preferPast);
  if (preferPast) {
    const rough = mentions.find((d) => d.approx);
    if (rough) return rough.approx!;
  }
  return mentions.length ? null : fallback;
}

export { fromShanghai };
