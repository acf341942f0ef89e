import type { Adjustment, Amount, UnderstandContext } from './types.js';
import { prepareText } from './text.js';
import { parse } from './parse.js';
import { pickDate } from './dates.js';
import { linkReport } from './link.js';
import { parseNumber } from './numbers.js';
import { COMPLETION, ENDS_AS_QUESTION, GREETING } from './lexicon.js';
import { quarterOf } from '../core/time.js';

/** Replies that adjust a pending proposal are short; a long message is a new report. */
const MAX_ADJUSTMENT_CHARS = 40;
/** 2 / 选2 / 第二个 / 选第2条. A bare "2号" is a date, not a choice. */
const CHOICE = /^(?:我?选(?:择)?|要|就|是|用)?\s*(?:第\s*([1-9]|[一二三四五六七八九])\s*(?:个|条|项|种|号|种理解)?|([1-9]|[一二三四五六七八九])\s*(?:个|条|项|种)?)\s*(?:吧|啊|哈|呀|。|!)*$/;
const CHOICE_BARE_WITH_HAO = /^(?:我?选(?:择)?|要|就)\s*([1-9])\s*号$/;
/** A number written without a unit after a word that sets it: 改成1800 / 人数是1800. */
const BARE_NUMBER = /(?:改成|改为|改到|改下|应该是|应为|应是|实际是|写成|换成|是|为|:)\s*(?:约|大约)?\s*(\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?|[零〇一二两三四五六七八九十百千万]+)(?![\d.])/;
const LEADING = /^(?:不对|不是|错了|更正|修改|改一下)?[,，。:：\s]*(?:应该是|应为|应是|改成|改为|换成|实际是|其实是|是|为)?/;

function unitFromContext(s: string): string {
  if (/人数|人次|受益|参与|参加|到场/.test(s)) return '人次';
  if (/满意度|满意率|百分/.test(s)) return '%';
  if (/经费|支出|花了|花费|钱|万元/.test(s)) return '万元';
  if (/期数|期/.test(s)) return '期';
  if (/场次|场/.test(s)) return '场';
  if (/份数|份/.test(s)) return '份';
  if (/次数/.test(s)) return '次';
  return '';
}

/**
 * What a reply to a pending proposal changes: 改成1800人次 / 人数是1800 (unit from the word:
 * 人次) / 是数量指标13 / 应该是科普日 / 日期是5月7日 / 是昨天 / 2 / 选2 / 第二个.
 * A bare number with no unit and no telling word (改成1800) keeps unit '' = "the unit the
 * proposal already has". Null when the text is none of these (确认, chatter, a question,
 * or a new report that says something was done).
 */
/** A number set by a word but written without a unit (人数改成2500 → 2500 人次), when the words tell the unit. */
export function bareAmount(s: string, linkText: string): Amount | null {
  const m = BARE_NUMBER.exec(linkText);
  if (!m) return null;
  const value = parseNumber(m[1]!);
  const unit = unitFromContext(s);
  return value !== null && value > 0 && unit ? { value, unit } : null;
}

export function parseAdjustment(text: string, ctx: UnderstandContext): Adjustment | null {
  try {
    const s = prepareText(text);
    if (!s || s.length > MAX_ADJUSTMENT_CHARS) return null;
    const choice = CHOICE.exec(s) ?? CHOICE_BARE_WITH_HAO.exec(s);
    if (choice) {
      const raw = choice[1] ?? choice[2]!;
      const n = parseNumber(raw);
      if (n !== null && n >= 1) return { amounts: [], date: null, indicators: [], choice: n };
    }
    if (GREETING.test(s) || ENDS_AS_QUESTION.test(s) || /^(?:确认|确定|取消|撤销|算了|不用了)/.test(s)) return null;
    if (COMPLETION.some((re) => re.test(s))) return null;
    const p = parse(s, ctx);
    const amounts: Amount[] = [...p.amounts];
    if (!amounts.length) {
      const m = BARE_NUMBER.exec(p.linkText);
      if (m) {
        const v = parseNumber(m[1]!);
        if (v !== null) amounts.push({ value: v, unit: unitFromContext(s) });
      }
    }
    const date = pickDate(p.dates, true, null);
    let indicators: string[] = [];
    const body = p.linkText.replace(LEADING, '').trim();
    // "加上街道1个" / "改成1800人次" change numbers, not the item: only named ids (数量指标12,
    // 二季度第2项) or a reply that is nothing but a name ("应该是科普日") re-link the report
    const named = p.refs.indicators.length > 0 || p.refs.milestones.length > 0;
    if (named || (body && !amounts.length && date === null)) {
      const quarter = date ? quarterOf(Number(date.slice(5, 7))) : p.thisQuarter;
      const top = linkReport(p.idx, { text: body, units: amounts.map((a) => a.unit), refs: p.refs, quarter })[0];
      if (top && top.score >= 0.5) indicators = [...(top.milestoneId ? [top.milestoneId] : []), ...top.indicatorIds];
    }
    if (!amounts.length && date === null && !indicators.length) return null;
    return { amounts, date, indicators, choice: null };
  } catch {
    return null;
  }
}
