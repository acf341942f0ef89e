import Nzh from 'nzh';
import type { Amount } from './types.js';

/**
 * Amounts as staff write them: 2100人次, 2,100人次, 约2100人次, 1.2万人次 (= 12000),
 * 两千一百人, 三千五百余人次 (= 3500), 百分之八十五 (= 85 %), 120万元 (money stays in 万元),
 * 5千元 (= 5000 元). 名 counts people (人), 块/块钱 are 元.
 *
 * Ordinals are not amounts, with one exception: "第3期已发放" means one more issue came
 * out, so 第N期 counts as {1, 期} (two ordinals, 第3期、第4期, as 2) unless the message
 * also gives a plain number of 期. Other ordinals (第二场, 第一名) are ignored.
 * Dates, record ids, years, quarter and indicator numbers, clock times and phone numbers
 * are blanked out before this runs (see understand/index.ts).
 */
export const UNITS = ['人次', '万元', '元', '人', '场', '次', '期', '份', '个', '家', '项', '%'] as const;

const CN_DIGITS = '零〇一二两三四五六七八九十百千万';
const NUM_AR = String.raw`\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?`;
const NUM_CN = `[${CN_DIGITS}]+`;
const UNIT_RE = String.raw`人次|万元|元|块钱|块|人|名|场|次|期|份|个|家|项|%`;
const AMOUNT_RE = new RegExp(
  String.raw`(第)?(?:百分之(${NUM_AR}|${NUM_CN})|(${NUM_AR}|${NUM_CN})\s*(万|千)?\s*(余|多|来)?\s*(${UNIT_RE}))`,
  'g',
);
/** What may not follow a unit for it to be one: 3个小时, 次日, 场馆, 一次性. */
const NOT_AFTER: Record<string, RegExp> = {
  个: /^(?:多)?(?:小时|月|星期|礼拜|工作日|季度|半|钟头|人)/,
  次: /^(?:日|性)/,
  场: /^(?:馆|地|所|景)/,
  人: /^(?:员|们|家|士|口|群|才|大)/,
  名: /^(?:单|称|字|额)/,
  家: /^(?:长|里|人|庭)/,
  期: /^(?:间|待|限|末|中|初)/,
  份: /^(?:子)/,
  项: /^(?:目)/,
};

/** Chinese numerals to a number, colloquial forms included (两千一百, 一万二 = 12000, 三千五 = 3500). */
export function cnToNumber(raw: string): number | null {
  let s = raw.replace(/两/g, '二').replace(/〇/g, '零');
  if (!/[零一二三四五六七八九十]/.test(s)) return null; // a bare 万 / 千 / 百 is a word (进万家, 千名)
  // 一万二 → 一万二千, 三千五 → 三千五百, 两百五 → 二百五十
  s = s.replace(/([一二三四五六七八九])([万千百])([一二三四五六七八九])$/, (_m, a: string, u: string, b: string) => `${a}${u}${b}${{ 万: '千', 千: '百', 百: '十' }[u]}`);
  try {
    const n = Number(Nzh.cn.decodeS(s));
    return Number.isFinite(n) ? n : null;
  } catch {
    return null;
  }
}

export function parseNumber(raw: string): number | null {
  if (/^[\d,.]+$/.test(raw)) {
    const n = Number(raw.replace(/,/g, ''));
    return Number.isFinite(n) ? n : null;
  }
  return cnToNumber(raw);
}

export interface FoundAmount extends Amount {
  start: number;
  end: number;
  ordinal: boolean;
}

/** Every amount in text (already normalised and with dates etc. blanked), in order. */
export function findAmounts(text: string): FoundAmount[] {
  const out: FoundAmount[] = [];
  AMOUNT_RE.lastIndex = 0;
  for (let m = AMOUNT_RE.exec(text); m; m = AMOUNT_RE.exec(text)) {
    const [whole, ord, pctNum, num, mult, , unitRaw] = m;
    const start = m.index;
    const end = start + whole.length;
    if (pctNum !== undefined) {
      const v = parseNumber(pctNum);
      if (v !== null) out.push({ value: v, unit: '%', start, end, ordinal: false });
      continue;
    }
    if (num === undefined || unitRaw === undefined) continue;
    // a number glued to letters or digits (R2021, abc123) is not an amount
    const before = text[start - 1] ?? '';
    if (!ord && /[A-Za-z\d._]/.test(before)) continue;
    const guard = NOT_AFTER[unitRaw];
    if (guard && guard.test(text.slice(end, end + 4))) continue;
    let digits = num;
    let unit: string = unitRaw;
    let wan = mult === '万';
    if (unit === '元' || unit === '块' || unit === '块钱') {
      unit = '元';
      if (!/^[\d,.]+$/.test(digits) && digits.endsWith('万') && !mult) {
        digits = digits.slice(0, -1);
        wan = true;
      }
    }
    if (unit === '名') unit = '人';
    let value = parseNumber(digits);
    if (value === null) continue;
    if (unit === '元' && wan) unit = '万元';
    else if (wan) value *= 10_000;
    else if (mult === '千') value *= 1_000;
    if (unit === '万元' && mult === '千') value /= 10; // 5千万元 is not written; keep sane
    value = Math.round(value * 1e6) / 1e6;
    if (ord) {
      if (unit === '期') out.push({ value: 1, unit, start, end, ordinal: true });
      continue;
    }
    out.push({ value, unit, start, end, ordinal: false });
  }
  return out;
}

/** Amounts for the Understanding: ordinal issues count once each, unless a plain number of 期 is given. */
export function toAmounts(found: FoundAmount[]): Amount[] {
  const plainIssues = found.some((a) => a.unit === '期' && !a.ordinal);
  const result: Amount[] = [];
  let ordinals = 0;
  let ordinalAt = -1;
  for (const a of found) {
    if (a.ordinal) {
      if (plainIssues) continue;
      ordinals++;
      if (ordinalAt < 0) {
        ordinalAt = result.length;
        result.push({ value: 1, unit: '期' });
      }
      continue;
    }
    result.push({ value: a.value, unit: a.unit });
  }
  if (ordinalAt >= 0) result[ordinalAt] = { value: ordinals, unit: '期' };
  return result;
}
