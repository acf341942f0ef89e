import { quarterOf, shanghaiDay, shanghaiParts } from '../core/time.js';
import type { Amount, UnderstandContext } from './types.js';
import { blank } from './text.js';
import { findAmounts, findLabelledCounts, toAmounts, type FoundAmount } from './numbers.js';
import { findDates, type DateMention } from './dates.js';
import { findRefs, type Refs } from './refs.js';
import { planIndex, type PlanIndex } from './plan-index.js';
import { LINK_NOISE } from './lexicon.js';

/** Spans that hold numbers which are not amounts: record ids, years, quarters, clock times, phone numbers. */
const NOT_AMOUNTS = [
  /\bR\s*-?\s*\d{4}\s*-\s*\d{1,6}\b/gi,
  /\d{4}\s*年/g,
  /第?[一二三四1-4]季度|[Qq][1-4]/g,
  /\d{1,2}\s*[:：]\s*\d{2}/g,
  /(?:[\d一二三四五六七八九十两]{1,3})\s*点(?!\s*[零〇一二两三四五六七八九]+\s*[万千]?\s*(?:余|多)?\s*(?:人次|人|万元|元|场|次|期|份|个|家|项|%))(?:半|钟|\s*\d{1,2}\s*分|[一二三四五六七八九十]{1,3}分)?/g,
  /(?<!\d)1[3-9]\d{9}(?!\d)|\d{3,4}-\d{7,8}|(?<![\d.])\d{7,8}(?![\d.万千%])/g,
];

/** Posts on the 微信平台 are counted in 期 by the plan, but staff count them in 条 / 篇. */
const WECHAT_POSTS = /公众号|微信|推送|推文|科普活动信息|平台发布|发布信息/;

/** 条 / 篇 are 期 when the message is about WeChat posts; otherwise not a unit the plan counts. */
function withPostUnits(s: string, found: FoundAmount[]): FoundAmount[] {
  const posts = WECHAT_POSTS.test(s);
  return found.flatMap((a) => (a.unit === '条' || a.unit === '篇' ? (posts ? [{ ...a, unit: '期', posts: true }] : []) : [a]));
}

export interface Parsed {
  s: string;
  idx: PlanIndex;
  today: string;
  thisQuarter: 1 | 2 | 3 | 4;
  dates: DateMention[];
  refs: Refs;
  amounts: Amount[];
  /** s with dates, refs, amounts and other numbers blanked: what linking reads */
  linkText: string;
}

export function parse(s: string, ctx: UnderstandContext): Parsed {
  const idx = planIndex(ctx.plan);
  const today = shanghaiDay(ctx.now);
  const thisQuarter = quarterOf(shanghaiParts(ctx.now).month);
  // 明天小小科学家 is a name in the plan, not tomorrow
  const dates = findDates(s, ctx.now, (a, b) => {
    if (b - a > 3) return false;
    const after = s.slice(a, b + 2);
    const before = s.slice(Math.max(0, a - 2), b);
    return (after.length > b - a && idx.planText.includes(after)) || (before.length > b - a && idx.planText.includes(before));
  });
  const refs = findRefs(s, idx);
  let masked = s;
  for (const d of dates) masked = blank(masked, d.start, d.end);
  for (const [a, b] of refs.spans) masked = blank(masked, a, b);
  for (const re of NOT_AMOUNTS) masked = masked.replace(re, (m) => ' '.repeat(m.length));
  const found = withPostUnits(s, findAmounts(masked));
  for (const c of findLabelledCounts(masked)) if (!found.some((a) => c.start < a.end && c.end > a.start)) found.push(c);
  found.sort((a, b) => a.start - b.start);
  let linkText = masked;
  for (const a of found) linkText = blank(linkText, a.start, a.end);
  linkText = linkText.replace(LINK_NOISE, (m) => ' '.repeat(m.length));
  return { s, idx, today, thisQuarter, dates, refs, amounts: toAmounts(found), linkText };
}

