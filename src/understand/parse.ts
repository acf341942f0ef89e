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
  // “两节” is 元旦 and 春节, not two of anything
  /[“"]?两节[”"]?(?=期间|前|后|假期|走访|慰问|[”"])/g,
  // 上一条 / 这一次 / 那一场 point at something, they do not count it
  /[上下这那每哪同另头]\s*一\s*(?:条|次|场|期|个|件|位|篇|本|批|轮|项|份|张)/g,
  /\bR\s*-?\s*\d{4}\s*-\s*\d{1,6}\b/gi,
  /\d{4}\s*年/g,
  /第?[一二三四1-4]季度|[Qq][1-4]/g,
  /\d{1,2}\s*[:：]\s*\d{2}/g,
  /(?<!百分之[零〇一二两三四五六七八九十百]*)(?:[\d一二三四五六七八九十两]{1,3})\s*点(?!\s*[零〇一二两三四五六七八九]+\s*[万千]?\s*(?:余|多)?\s*(?:人次|人|万元|元|场|次|期|份|个|家|项|%))(?:半|钟|\s*\d{1,2}\s*分|[一二三四五六七八九十]{1,3}分)?/g,
  /(?<!\d)1[3-9]\d{9}(?!\d)|\d{3,4}-\d{7,8}|(?<![\d.])\d{7,8}(?![\d.万千%])/g,
];

/** Words of spending: a bare 万 next to them is money. */
const MONEY_WORDS = /支出|执行|支付|付款|花了|花费|开支|报销|经费|拨付|结算|预算|资金|费用/;

/** Posts on the 微信平台 are counted in 期 by the plan, but staff count them in 条 / 篇. */
const WECHAT_POSTS = /公众号|微信|推送|推文|科普活动信息|平台发布|发布信息/;

/** 条 / 篇 are 期 when the message is about WeChat posts; otherwise not a unit the plan counts. */
function withPostUnits(s: string, found: FoundAmount[]): FoundAmount[] {
  const posts = WECHAT_POSTS.test(s);
  return found.map((a) => ((a.unit === '条' || a.unit === '篇') && posts ? { ...a, unit: '期', posts: true } : a));
}

/** Words before a figure saying it is a running total to date, not something new. */
const SET_BEFORE = /截至|截止|累计|迄今|至今|到目前|目前为止|目前已|目前共|到现在|今年以来|年初以来|开年以来|全年共|全年累计|总量|已达到|已达|已经达到|达到了|已累积|(?:到|至)[^,;。!?]{0,8}(?:底|末|为止|止)[^,;。!?]{0,6}(?:共|一共|总共|合计|总计)|(?:^|[,;。!?\s])(?:现在|目前|眼下)(?:一共|共|总共)/;
/** Totals of this one activity: 本次共 / 当天一共 / 这场总计 are new. */
const ADD_BEFORE = /本次|此次|这次|这回|本场|这场|当天|当日|今天|昨天|前天|本月|这个月|本周|这周|上周|新增|又|再|另外|另|本期|这期|现场|活动/;
/** A total with nothing saying "so far" or "this time": could be either. */
const TOTAL_WORD = /共计|合计|总计|一共|总共|共/;

function clauseBefore(s: string, at: number): string {
  const head = s.slice(0, at);
  const cut = Math.max(head.lastIndexOf(','), head.lastIndexOf(';'), head.lastIndexOf('。'), head.lastIndexOf('!'), head.lastIndexOf('?'));
  return head.slice(cut + 1);
}

const UNITISH = /^(?:人次|人|场|次|期|份|个|家|项|件|支|册|本|位|所|篇|条|万元|元)$/;
const NOUN_STOP = /^(?:的|了|和|及|与|跟|或|、|共|约|等|左右|以上|余|多|已|都|也|又|还|均|正|将|被|在|于|是|为|到)/;
/** What a figure counts: the words right after its unit (4个社区), else right before it (作品86件, 受益900人次). */
export function nounOf(s: string, start: number, end: number): string | undefined {
  // 900和1300人次 / 3、4场: the second number of a list has no words of its own; it counts what the first does
  if (/[\d零〇一二两三四五六七八九十百千万]\s*(?:人次|人|场|次|期|份|个|家|项|万元|元)?\s*(?:和|、|及|与|跟|或)\s*$/.test(s.slice(Math.max(0, start - 12), start))) return undefined;
  const after = s.slice(end).replace(/^的/, '');
  if (!NOUN_STOP.test(s.slice(end))) {
    const m = /^[\u4e00-\u9fff]{1,4}/.exec(after);
    if (m && !/^(?:参加|参与|受益|左右|以上|次|场)/.test(m[0])) return m[0].replace(/(?:参加|参与|受益|报名|的|了|和|及).*$/, '') || undefined;
  }
  // 公众号10-12月又发了28篇: dates and months between the words and the figure are skipped
  const window = s.slice(Math.max(0, start - 14), start).replace(/[\d.\-~—]+\s*(?:月份?|日|号|年|周|天)?|[一二三四五六七八九十]+月份?|上旬|中旬|下旬|月底|月初|(?:本|这|上|下|同)(?:个)?(?:周|月|星期|季度|礼拜)|今天|昨天|前天|今年|当天|当日|最近|近期|目前|现在/g, '');
  const before = /([\u4e00-\u9fff]{1,10})$/.exec(window.replace(/[《》“”"「」()（）\s]/g, ''))?.[1];
  if (!before) return undefined;
  const trimmed = before.replace(/(?:约|大约|共|一共|共计|合计|总计|累计|达到|达|为|是|有|了|近|超过|超|分别|各|计|和|及|与|其中|又|再|新增|增加|发放|发布|发了|印了|做了|订了)+$/, '');
  const last = trimmed.slice(-6);
  return last && !UNITISH.test(last) ? last : undefined;
}

/** A period of its own (1月份项目支出, 本月支出, 这次花了): an increment, even for a running figure such as money spent. */
const PERIOD_ADD = /(?:^|[^至止到])(?:\d{1,2}|[一二三四五六七八九十]{1,3})月份?(?!底|末|为止)|本月|这个月|当月|上个?月|本周|这周|上周|本季度|这次|本次|此次|这回|又|新增|另外|支付|付了|花了|花费了|报销/;
/** Money said to be spent, with no period: the spending so far (经费已支出120万元). */
const SPENT_SO_FAR = /已(?:经)?(?:支出|执行|花|使用|用)|执行数|支出数|已拨付/;

/**
 * add / set / unsure for one figure, from the words of its clause before it (and the
 * message's). `mode` is left out when nothing says: then the metric decides (counts add,
 * a running figure such as 满意度 or money spent is a level).
 */
export function modeOf(s: string, at: number, money = false, end = at): { mode?: 'add' | 'set'; unsure: boolean } {
  const clause = clauseBefore(s, at);
  if (SET_BEFORE.test(clause)) return { mode: 'set', unsure: false };
  // 10个街道都验收通过了 / 全年6期宣传刊物全部完成: the whole number, not something new
  const after = /^[^,;。!?]{0,18}/.exec(s.slice(end))?.[0] ?? '';
  if (/(?:^|[^不没])(?:都|全部|均已|均|全都)(?:已|已经)?(?:验收|完成|通过|到位|发放|印发|办完|结束|达标|落实|跑|走访|去过|到过|覆盖|参加|参与|签约|拨付)/.test(after) || /全年(?:度)?(?:共|计)?$/.test(clause)) return { mode: 'set', unsure: false };
  // 截至目前，公众号共发布45期: the "so far" may open the sentence, a clause earlier
  if (/^(?:截至|截止|到目前|迄今|至今)[^,;。!?]{0,12}[,]/.test(s) && at > 0 && !ADD_BEFORE.test(clause)) return { mode: 'set', unsure: false };
  // 截至7月底基本支出执行52.3万，项目支出执行180万: the sentence's "so far" covers each of its figures
  const sentence = s.slice(0, at).split(/[。;!?]/).pop() ?? '';
  if (/截至|截止|到目前为止|迄今/.test(sentence) && !ADD_BEFORE.test(clause) && !PERIOD_ADD.test(clause)) return { mode: 'set', unsure: false };
  if (money) {
    if (PERIOD_ADD.test(clause) || PERIOD_ADD.test(s.slice(0, at))) return { mode: 'add', unsure: false };
    if (SPENT_SO_FAR.test(clause)) return { mode: 'set', unsure: false };
    return { unsure: false };
  }
  if (TOTAL_WORD.test(clause) && !ADD_BEFORE.test(clause) && !ADD_BEFORE.test(s.slice(0, at))) return { unsure: true };
  return { unsure: false };
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
  // 基本支出执行52.3万: with spending words, a bare 万 is 万元
  if (MONEY_WORDS.test(s))
    for (const m of masked.matchAll(/(?<![\d.,])(\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)\s*万(?![元人次场期份个家项件支册本位所条篇%\d])/g)) {
      const start = m.index!;
      const end = start + m[0].length;
      if (found.some((a) => start < a.end && end > a.start)) continue;
      found.push({ value: Number(m[1]!.replace(/,/g, '')), unit: '万元', start, end, ordinal: false });
    }
  for (const c of findLabelledCounts(masked)) if (!found.some((a) => c.start < a.end && c.end > a.start)) found.push(c);
  found.sort((a, b) => a.start - b.start);
  let linkText = masked;
  for (const a of found) linkText = blank(linkText, a.start, a.end);
  linkText = linkText.replace(LINK_NOISE, (m) => ' '.repeat(m.length));
  for (const a of found) {
    // money: what it was spent on is the clause before it (基本支出累计执行22.9万元)
    const noun = a.unit === '万元' || a.unit === '元' ? clauseBefore(s, a.start).replace(/[\d.,\s]+/g, '').slice(-12) || undefined : nounOf(s, a.start, a.end);
    if (noun) a.noun = noun;
    if (/其中[^,;。!?]{0,8}$/.test(s.slice(0, a.start))) a.part = true;
    // 有两个街道要延期 / 3场还没办: figures about what did not happen are kept, never counted
    if (/^[^,;。!?]{0,8}(?:要延期|延期|推迟|延后|改期|还没|没有办|未办|未开展|取消了|暂停)/.test(s.slice(a.end))) a.part = true;
    // 基本支出7.1万元，项目支出15.6万元，合计22.7万元: the sum of figures already given is not counted on top
    if (/(?:合计|共计|总计|总共|一共)[^,;。!?\d]{0,4}$/.test(s.slice(0, a.start)) && found.filter((b) => b.start < a.start && b.unit === a.unit).length >= 2) a.part = true;
    const m = modeOf(s, a.start, a.unit === '万元' || a.unit === '元', a.end);
    if (m.mode) a.mode = m.mode;
    if (m.unsure) a.modeUnsure = true;
  }
  return { s, idx, today, thisQuarter, dates, refs, amounts: toAmounts(found), linkText };
}

