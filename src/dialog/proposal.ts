import type { InboundMessage } from '../core/types.js';
import type { Plan } from '../plan/schema.js';
import type { ProgressRecord, RecordAmount } from '../store/schema.js';
import type { NewRecord } from '../store/types.js';
import type { Adjustment, Amount, LinkCandidate, Understanding } from '../understand/types.js';
import { addDays, daysBetween, isoShanghai, shanghaiDay } from '../core/time.js';
import { lookup } from '../plan/labels.js';
import type { Metric } from '../plan/schema.js';
import { bigrams } from '../text/similarity.js';
import { planIndex } from '../understand/plan-index.js';
import { namedThings } from '../understand/link.js';
import { COMPLETION } from '../understand/lexicon.js';
import { readSpending, spendMetricId } from '../understand/spending.js';
import type { Candidate, Draft, Proposal, ProposalAmount } from './schema.js';

export const DEFAULT_PENDING_MINUTES = 30;
/** A colleague's report of the same item within this many days is a possible duplicate. */
export const DUPLICATE_WINDOW_DAYS = 3;
/** Amounts within this share of each other are "similar". */
export const DUPLICATE_AMOUNT_TOLERANCE = 0.2;
/** Readings shown as numbered alternatives when the match is unsure. */
export const MAX_ALTERNATIVES = 3;

const UNIT_GROUPS: string[][] = [
  ['人次', '人', '名', '人数'],
  ['场', '次', '场次', '届', '轮'],
  ['期', '篇', '条'],
  ['份', '本', '册'],
  ['个', '家', '所'],
  ['万元', '元'],
  ['%'],
];

function unitGroup(unit: string): number {
  return UNIT_GROUPS.findIndex((g) => g.includes(unit));
}

/** The value in the metric's unit (5000 元 → 0.5 万元), or null when the units don't fit. */
function convert(a: Amount, metricUnit: string): number | null {
  if (a.unit === metricUnit) return a.value;
  if (a.unit === '元' && metricUnit === '万元') return a.value / 10000;
  const g = unitGroup(a.unit);
  return g >= 0 && g === unitGroup(metricUnit) ? a.value : null;
}

/** The metric progress reads for `id` (a 质量指标 restating a 数量指标 counts toward that one). */
function canonicalMetric(plan: Plan, id: string): string {
  return lookup(plan).metric(id)?.metric.sameAs ?? id;
}

/**
 * Which metric each amount counts toward: exact unit first, then a compatible unit
 * (人 for 人次), each metric at most once, indicators in the reading's order. An amount
 * that fits none is kept with metricId null: it is shown and stored, but counts nowhere.
 */
/** Office words for what a metric counts: 公众号推文 are the plan's 微信平台…信息. */
const METRIC_SYNONYMS: [RegExp, string][] = [
  [/公众号|推文|微信|视频号|推送|发文/, '微信平台科普活动信息'],
  [/科普进行时|刊物|简报/, '宣传刊物'],
  [/科技生活|订阅|订了/, '杂志'],
];

/** Where the message first names what a metric counts (Infinity when it does not). */
function mentionAt(text: string, m: Metric): number {
  const own = METRIC_SYNONYMS.filter(([, target]) => target.includes(m.counts) || m.counts.includes(target));
  const at = own.length
    ? own.map(([re]) => text.search(new RegExp(re.source)))
    : bigrams(m.counts).map((g) => text.indexOf(g));
  const found = at.filter((i) => i >= 0);
  return found.length ? Math.min(...found) : Infinity;
}

/** Share of an indicator's word pairs the message holds (街道 names quantity-12, not quantity-13). */
function indicatorRelevance(text: string, indicatorText: string): number {
  const msg = new Set(bigrams(text));
  const own = new Set(bigrams(indicatorText.replace(/[“”《》"「」]/g, '')));
  let hits = 0;
  for (const g of own) if (msg.has(g)) hits++;
  return own.size ? hits / Math.sqrt(own.size) / 3 : 0;
}

/** Share of the words of what a metric counts that the message holds (编程大赛 for 人工智能创意编程大赛). */
function countsRelevance(text: string, m: Metric): number {
  const msg = new Set(bigrams(text));
  const own = new Set(bigrams(m.counts));
  let hits = 0;
  for (const g of own) if (msg.has(g)) hits++;
  return own.size ? hits / own.size : 0;
}

/** How well a metric's own words match the message (bigram overlap, 0 when unrelated). */
export function metricRelevance(text: string, m: Metric): number {
  let t = text;
  for (const [re, add] of METRIC_SYNONYMS) if (re.test(t)) t += ` ${add}`;
  const msg = new Set(bigrams(t));
  const own = new Set(bigrams(`${m.counts} ${m.counts} ${m.source}`));
  let hits = 0;
  for (const g of own) if (msg.has(g)) hits++;
  return own.size ? hits / own.size : 0;
}

/** Staff who serve rather than benefit: 专家20位 and 志愿者50人 are not 受益人数. */
const NOT_BENEFICIARIES = /专家|志愿者|工作人员|评委|嘉宾|讲师|主讲|队员|获奖|委员|辅导员|指导老师|演员|选手|优秀|先进|表彰|代表|获评/;
/** Words next to a figure that say nothing about what is counted (3场活动, 2次项目). */
const GENERIC_NOUN = /^(?:活动|项目|场次|次活动|场活动|人次|人|次|场|期|份|个|单位|左右|以上|上下|多|余)$/;
/** What staff call the things a metric counts, so that 宣传册 fits 科普宣传品 and 学会 fits 区学协会. */
const NOUN_SYNONYMS: [RegExp, string][] = [
  [/宣传品|宣传册|折页|手册|宣传页|海报|宣传材料|宣传资料|纪念品|读本|挂图|展板/, '科普宣传品'],
  [/杂志|科技生活|订阅/, '全年杂志'],
  [/学会|协会|学协会|科技馆/, '区学协会'],
  [/期刊|刊物|内刊|简报|科普进行时|会刊/, '宣传刊物'],
  [/推文|文章|信息|公众号|微信|推送|图文|篇/, '科普活动信息'],
  [/比赛|大赛|竞赛|赛/, '大赛'],
  [/培训|培训班|课|讲座/, '培训'],
  [/学术|交流/, '学术月交流活动'],
  [/援助|帮扶|下乡|支援/, '对口援助活动'],
];

/** Words saying a message counts several things of one kind: 分别900和1300 / 各办了一场 / 另有 / 加上. */
const SEVERAL = /分别|各自|各办|各有|各举办|另有|又有|加上|另外|此外|其余|以及|两个|两场|几个|[二三四五六七八九两]个[^,，。]{0,6}(?:街道|学会|协会|社区|单位)/;

/** Word pairs every item of a 科协 plan has: sharing one says nothing. */
const GENERIC_PAIRS = new Set(['科普', '活动', '项目', '工作', '开展', '举办', '区科', '科协']);

function isPeople(unit: string): boolean {
  return unitGroup(unit) === unitGroup('人次');
}

/**
 * Whether the words next to a figure fit what a metric counts: 4个社区 is not 区学协会, 专家20位
 * is not 受益人数. A figure with no words of its own (发了3期, 受益900人次) fits by its unit.
 */
export function wordsFit(a: Amount, m: Metric): boolean {
  const noun = a.noun;
  // 基本支出 / 人员经费 / 上年结转 are not the project spending a cost ceiling limits
  if (m.unit === '万元' || m.unit === '元') return !(noun && /基本|人员|公用|工资|结转|结余|预算(?!执行)|批复/.test(noun));
  // one character (月, 来) is too little to judge by
  if (!noun || noun.length < 2 || GENERIC_NOUN.test(noun)) return true;
  if (isPeople(m.unit)) return !NOT_BENEFICIARIES.test(noun);
  // “科普进行时”公众号: the word nearest the figure says what it counts (the account, not the printed 刊物)
  const hits = NOUN_SYNONYMS.map(([re, add]) => ({ add, at: Math.max(-1, ...[...noun.matchAll(new RegExp(re.source, 'g'))].map((m) => m.index ?? -1)) })).filter((h) => h.at >= 0);
  const nearest = hits.length ? Math.max(...hits.map((h) => h.at)) : -1;
  const named = hits.filter((h) => h.at === nearest).map((h) => h.add);
  // 公众号 names the WeChat posts: it fits what counts them, not whatever shares the word 科普
  // the words as written against what the metric counts; what the office calls the same thing
  // (公众号 → 科普活动信息) against its counts and the plan's wording of it
  const hit = (words: string, own: string) => [...new Set(bigrams(words))].some((g) => !GENERIC_PAIRS.has(g) && own.includes(g));
  return hit(noun, m.counts) || (named.length > 0 && hit(named.join(' '), `${m.counts} ${m.source}`)) || (!named.length && hit(noun, m.source));
}

/**
 * Which metric each amount counts toward: exact unit first, then a compatible unit
 * (人 for 人次), indicators in the reading's order; the words next to the figure must fit
 * what the metric counts. When two metrics share a unit (刊物 6期 and 微信信息 100期), the
 * message's words pick one. Several figures for one target add up (两个街道分别受益900人次和
 * 1300人次 is +2200), except a part of one already given (其中学生1200人次). An amount that fits
 * none is kept with metricId null: it is shown and stored, but counts nowhere.
 */
export function assignAmounts(plan: Plan, indicatorIds: readonly string[], amounts: readonly Amount[], text = ''): ProposalAmount[] {
  const l = lookup(plan);
  const seen = new Set<string>();
  const metrics: Metric[] = [];
  for (const m of indicatorIds.flatMap((id) => l.indicator(id)?.metrics ?? [])) {
    const id = canonicalMetric(plan, m.id);
    if (seen.has(id)) continue;
    seen.add(id);
    metrics.push(l.metric(id)?.metric ?? m);
  }
  const used = new Set<string>();
  const out: (ProposalAmount | null)[] = amounts.map(() => null);
  const noted = (a: Amount) => ({ ...(a.modeUnsure ? { unsure: true } : {}), ...(a.noun ? { noun: a.noun } : {}), ...(a.part ? { part: true } : {}) });
  const place = (i: number, a: Amount, m: Metric, value: number) => {
    used.add(m.id);
    // 'add' is said only where it changes the meaning: on a running figure (money spent); counts add anyway
    const mode = a.mode === 'set' || (a.mode === 'add' && m.aggregate !== 'sum') ? a.mode : undefined;
    // rounded to four places where that is a number at all (1e305 × 10000 is not)
    const rounded = Number.isFinite(value * 10000) ? Math.round(value * 10000) / 10000 : value;
    out[i] = { metricId: m.id, value: rounded, unit: m.unit, ...(mode ? { mode } : {}), ...noted(a) };
  };
  // 分别受益900人次和1300人次: a figure with no words of its own, right after one in the same unit, counts the same thing
  const follows = (i: number) => i > 0 && !amounts[i]!.noun && amounts[i - 1]!.unit === amounts[i]!.unit && !amounts[i]!.part;
  // which of several fitting metrics the message is about: its own words, then its indicator's
  const about = (m: Metric) => metricRelevance(text, m) + 0.5 * indicatorRelevance(text, l.metric(m.id)?.indicator.text ?? '');
  for (const pass of ['exact', 'compatible', 'again'] as const) {
    amounts.forEach((a, i) => {
      if (out[i] || a.part) return;
      if (follows(i)) {
        const lead = out[i - 1];
        const m = lead?.metricId ? l.metric(lead.metricId)?.metric : undefined;
        if (m && m.aggregate === 'sum' && a.mode !== 'set') {
          const value = convert(a, m.unit);
          if (value !== null) return place(i, a, m, value);
        }
        if (pass !== 'again') return;
      }
      const fits = metrics
        // again: a second figure for a target already given one adds to it, or (a running total) settles it
        .filter((m) => (pass === 'again' ? used.has(m.id) && (m.aggregate === 'sum' || a.mode === 'add') && SEVERAL.test(text) : !used.has(m.id)) && wordsFit(a, m))
        .map((m, order) => ({ m, order, value: pass === 'exact' ? (a.unit === m.unit ? a.value : null) : convert(a, m.unit) }))
        .filter((x): x is { m: Metric; order: number; value: number } => x.value !== null);
      if (!fits.length) return;
      // several amounts in one unit (第6期…公众号28篇): the first amount goes to the metric named first
      const sameUnit = amounts.filter((b) => b.unit === a.unit).length > 1;
      const best =
        fits.length === 1 || !text
          ? fits[0]!
          : sameUnit
            ? fits.reduce((b, x) => {
                const [mx, mb] = [mentionAt(text, x.m), mentionAt(text, b.m)];
                return mx < mb || (mx === mb && about(x.m) > about(b.m)) ? x : b;
              })
            : fits.reduce((b, x) => (about(x.m) > about(b.m) ? x : b));
      place(i, a, best.m, best.value);
    });
  }
  return amounts.map((a, i) => out[i] ?? { metricId: null, value: a.value, unit: a.unit, ...(a.mode === 'set' || (a.mode === 'add' && (a.unit === '万元' || a.unit === '元')) ? { mode: a.mode } : {}), ...noted(a) });
}

const EVENT_UNITS = new Set(['场', '次', '届']);

/**
 * A report of an event counts the event: "学术月交流活动开完了" is +1次 toward 学术月交流活动 ≥2次
 * when no count was written. Only the event metric the message's words name, and shown in
 * the confirmation so the author can change it.
 */
export function impliedCount(plan: Plan, indicatorIds: readonly string[], assigned: readonly RecordAmount[], text: string): RecordAmount | null {
  // an event figure nobody placed (3场) says the count was written, just not where: imply nothing
  if (assigned.some((a) => EVENT_UNITS.has(a.unit) && !a.metricId)) return null;
  const l = lookup(plan);
  const used = new Set(assigned.map((a) => a.metricId));
  let best: { m: Metric; score: number } | null = null;
  for (const id of indicatorIds)
    for (const m of l.indicator(id)?.metrics ?? []) {
      if (m.sameAs || used.has(m.id) || m.aggregate !== 'sum' || !EVENT_UNITS.has(m.unit)) continue;
      const score = Math.max(metricRelevance(text, m), countsRelevance(text, m));
      if (score >= 0.25 && (!best || score > best.score) && heldItself(text, m)) best = { m, score };
    }
  if (best) return { metricId: best.m.id, value: 1, unit: best.m.unit };
  // 《科普进行时》第3期已发放: one more issue of what the words name
  if (ISSUE_NAMED.test(text))
    for (const id of indicatorIds)
      for (const m of l.indicator(id)?.metrics ?? []) {
        if (m.sameAs || used.has(m.id) || m.aggregate !== 'sum' || m.unit !== '期') continue;
        const score = metricRelevance(text, m);
        if (score >= 0.25 && (!best || score > best.score)) best = { m, score };
      }
  return best ? { metricId: best.m.id, value: 1, unit: best.m.unit } : null;
}

/**
 * 编程大赛赛前培训今天办完: what was held is a training; the contest's milestone is not done by
 * it. When the clause saying something was held names a kind of event its milestone's text does
 * not, the reading keeps the indicators and drops the milestone.
 */
function withoutOtherEvent(c: Candidate, plan: Plan, text: string): Candidate {
  if (!c.milestoneId) return c;
  const milestone = lookup(plan).milestone(c.milestoneId);
  if (!milestone) return c;
  // 援助活动方案已报主席审定: the preparation is done, not the activity
  if (PREPARATION.test(text) && !EVENT_HELD.test(text)) {
    return milestone.indicators.length || c.indicatorIds.length ? { milestoneId: null, indicatorIds: c.indicatorIds.length ? [...c.indicatorIds] : [...milestone.indicators], score: c.score } : c;
  }
  // the other event must belong to the milestone's own: 大赛赛前培训 (大赛, then 培训 within a few characters)
  const own = bigrams(milestone.text.replace(/[“”"《》]/g, '')).filter((g) => !GENERIC_PAIRS.has(g));
  const kind = text
    .split(/[,，。;；!！?？\s]+/)
    .filter((clause) => COMPLETION.some((re) => re.test(clause)))
    .map((clause) => {
      const k = OTHER_EVENT.exec(clause);
      if (!k) return undefined;
      const ownEnd = Math.max(...own.map((g) => clause.lastIndexOf(g, k.index)).filter((i) => i >= 0).map((i) => i + 2), -99);
      return k.index - ownEnd >= 0 && k.index - ownEnd <= 4 ? k[0] : undefined;
    })
    .find((k) => k);
  if (!kind || milestone.text.includes(kind)) return c;
  const indicatorIds = c.indicatorIds.length ? c.indicatorIds : milestone.indicators;
  return indicatorIds.length ? { milestoneId: null, indicatorIds: [...indicatorIds], score: c.score } : c;
}

/** Work that prepares an activity: reporting it done does not say the activity took place. */
const PREPARATION = /方案|筹备|预案|申报表|报名表|审定|审批|征求意见|初稿|草案|报名(?:工作)?(?:已|截止)|选题|策划/;
/** Words that say the activity itself took place. */
const EVENT_HELD = /办完|开完|结束|落幕|闭幕|举办了|召开了|举行了|开展了|顺利举办|顺利召开|圆满|已举办|已召开|已举行/;

/** Other kinds of event: 大赛赛前培训办完 is a training held, not the contest. */
const OTHER_EVENT = /培训|讲座|座谈|展览|课程|班|会议|论坛|沙龙/;

/**
 * Whether the words say the event itself took place: the clause naming it speaks of no other
 * kind of event (编程大赛办完了 yes; 编程大赛赛前培训今天办完 no — that is the training).
 */
function heldItself(text: string, m: Metric): boolean {
  if (PREPARATION.test(text) && !EVENT_HELD.test(text)) return false;
  const grams = bigrams(m.counts);
  for (const clause of text.split(/[,，。;；!！?？\s]+/)) {
    if (!grams.some((g) => clause.includes(g))) continue;
    let rest = clause;
    for (const g of grams) rest = rest.split(g).join(' ');
    if (!OTHER_EVENT.test(rest) || OTHER_EVENT.test(m.counts)) return true;
  }
  return false;
}

/** One issue named by its number: 第3期 / 第三期 / 第12期. */
const ISSUE_NAMED = /第\s*[\d一二三四五六七八九十]+\s*期/;

function candidateIndicators(c: Candidate, plan: Plan): string[] {
  if (c.indicatorIds.length) return c.indicatorIds;
  return c.milestoneId ? (lookup(plan).milestone(c.milestoneId)?.indicators ?? []) : [];
}

/**
 * Colleagues' (or one's own) active records that look like the same activity. A milestone
 * happens once: any other report of it this year is a possible duplicate, whatever the dates.
 * A year-long item or a bare indicator repeats: only a report of the same figures within a few
 * days is (a 刊物 issue and a 公众号 post are not duplicates of each other).
 */
export function findDuplicates(
  plan: Plan,
  records: readonly ProgressRecord[],
  candidate: Candidate,
  amounts: readonly RecordAmount[],
  activityDate: string,
): string[] {
  const milestone = candidate.milestoneId ? lookup(plan).milestone(candidate.milestoneId) : undefined;
  const once = !!milestone && milestone.quarter !== 'annual';
  const out: string[] = [];
  for (const r of records) {
    if (r.status !== 'active' || r.planYear !== plan.year) continue;
    const sameItem = candidate.milestoneId
      ? r.milestoneIds.includes(candidate.milestoneId)
      : candidate.indicatorIds.some((id) => r.indicatorIds.includes(id)) && r.milestoneIds.length === 0;
    if (!sameItem) continue;
    if (once) {
      out.push(r.id);
      continue;
    }
    if (Math.abs(daysBetween(r.activityDate, activityDate)) > DUPLICATE_WINDOW_DAYS) continue;
    const mine = amounts.filter((a) => a.metricId).map((a) => a.metricId);
    const theirs = r.amounts.filter((a) => a.metricId).map((a) => a.metricId);
    if (mine.length && theirs.length && !mine.some((id) => theirs.includes(id))) continue;
    const shared = amounts.filter((a) => a.metricId && r.amounts.some((b) => b.metricId === a.metricId));
    const similar =
      shared.length === 0 ||
      shared.some((a) => {
        const b = r.amounts.find((x) => x.metricId === a.metricId)!;
        const top = Math.max(Math.abs(a.value), Math.abs(b.value), 1e-9);
        return Math.abs(a.value - b.value) / top <= DUPLICATE_AMOUNT_TOLERANCE;
      });
    if (similar) out.push(r.id);
  }
  return out;
}

/** Unsure when the best reading is weak or a close second exists: then the author picks. */
export function isSure(candidates: readonly LinkCandidate[]): boolean {
  const [a, b] = candidates;
  if (!a) return false;
  if (!b) return a.score >= 0.3;
  const margin = a.score - b.score;
  // a clear lead counts as much as a high score: 对接会 0.6 against 0.27 is not a question
  return (a.score >= 0.75 && margin >= 0.15) || (a.score >= 0.5 && margin >= 0.2) || (a.score >= 0.35 && margin >= 0.3);
}

/** Readings close enough to the best that the author must pick; further behind, they are only offered. */
export const TIE_MARGIN = 0.08;
/** A reading this close to a clear best one is still offered as an alternative. */
export const OFFER_WITHIN = 0.2;

/**
 * An indicator on its own that a close milestone reading already advances is the same
 * reading, less well placed (《科普进行时》第1期: 质量指标9 alone vs 全年第1项 with it).
 */
function withoutCoveredIndicators(cands: Candidate[]): Candidate[] {
  return cands.filter(
    (c) =>
      c.milestoneId ||
      !cands.some((m) => m.milestoneId && m.score >= c.score - 0.1 && c.indicatorIds.every((id) => m.indicatorIds.includes(id))),
  );
}

function expiry(now: Date, minutes: number): string {
  return isoShanghai(new Date(now.getTime() + minutes * 60_000));
}

/** A proposal's figure as the reader's amount again, to place it anew after a choice or a change. */
export function asRead(a: ProposalAmount): Amount {
  return {
    value: a.value,
    unit: a.unit,
    ...(a.mode ? { mode: a.mode } : {}),
    ...(a.unsure ? { modeUnsure: true } : {}),
    ...(a.noun ? { noun: a.noun } : {}),
    ...(a.part ? { part: true } : {}),
  };
}

/**
 * Indicators a milestone's own words name, beyond those it advances: 拨付区街道特色经费 names the
 * 街道 that quantity-12 counts, so "共12个街道" in its report counts there — but only a figure
 * whose own words name what that metric counts (a bare 12个 does not).
 */
function namedByMilestone(plan: Plan, c: Candidate, rawAmounts: readonly Amount[], taken: readonly string[], text: string): string[] {
  const m = c.milestoneId ? lookup(plan).milestone(c.milestoneId) : undefined;
  if (!m) return [];
  const named = plan.indicators
    .filter((ind) => !taken.includes(ind.id))
    .flatMap((ind) => ind.metrics.filter((x) => !x.sameAs && x.aggregate === 'sum' && x.counts.length >= 2 && m.text.includes(x.counts.replace(/^区/, ''))).map((x) => ({ ind, x })));
  const out: string[] = [];
  for (const { ind, x } of named) {
    if (out.includes(ind.id)) continue;
    const word = x.counts.replace(/^区/, '');
    // 共12个街道: its own words name it; 共6个单位 after 学协会协作经费: the message names it, and nothing else it names counts in 个
    const hit = rawAmounts.some(
      (a) =>
        convert(a, x.unit) !== null &&
        ((a.noun && a.noun.length >= 2 && !GENERIC_NOUN.test(a.noun) && wordsFit(a, x)) ||
          ((!a.noun || GENERIC_NOUN.test(a.noun)) && text.includes(word) && named.filter((o) => o.x.unit === x.unit && text.includes(o.x.counts.replace(/^区/, ''))).length === 1)),
    );
    if (hit) out.push(ind.id);
  }
  return out;
}

function withReading(p: Proposal, plan: Plan, records: readonly ProgressRecord[], rawAmounts: readonly Amount[], implied = false): Proposal {
  let c = p.candidates[p.chosen]!;
  let indicators = candidateIndicators(c, plan);
  const text = p.readText ?? p.source.text;
  let amounts = assignAmounts(plan, indicators, rawAmounts, text);
  const extra = namedByMilestone(plan, c, rawAmounts.filter((_, i) => !amounts[i]!.metricId), indicators, text);
  if (extra.length) {
    const wider = assignAmounts(plan, [...indicators, ...extra], rawAmounts, text);
    const usedExtra = extra.filter((id) => wider.some((a) => a.metricId && lookup(plan).metric(a.metricId)?.indicator.id === id));
    if (usedExtra.length) {
      amounts = wider;
      indicators = [...indicators, ...usedExtra];
      c = { ...c, indicatorIds: [...c.indicatorIds, ...usedExtra] };
      const candidates = [...p.candidates];
      candidates[p.chosen] = c;
      p = { ...p, candidates };
    }
  }
  if (implied) {
    const count = impliedCount(plan, indicators, amounts, text);
    if (count) amounts.push(count);
  }
  // money goes to its budget line whenever the figures are placed (after a choice or a change too)
  amounts = placeSpending(amounts, plan, text, new Date(p.createdAt));
  return { ...p, amounts, duplicates: findDuplicates(plan, records, c, amounts, p.activityDate) };
}

/**
 * A proposal from a report the reader understood: the readings (best first, at most three),
 * the amounts assigned to metrics, the activity's date (the message's day by default) and
 * the colleagues' records it may duplicate. Null when the report links to nothing in the plan.
 */
export function newProposal(args: {
  u: Understanding;
  /** The words about this one activity, when the message holds several */
  readText?: string;
  msg: InboundMessage;
  plan: Plan;
  records: readonly ProgressRecord[];
  now: Date;
  ttlMinutes?: number;
}): Proposal | null {
  const { u, msg, plan, records, now } = args;
  const l = lookup(plan);
  const seen = new Set<string>();
  const candidates: Candidate[] = [];
  for (const c of u.candidates) {
    if (c.milestoneId && !l.milestone(c.milestoneId)) continue;
    const indicatorIds = c.indicatorIds.filter((id) => l.indicator(id));
    if (!c.milestoneId && !indicatorIds.length) continue;
    const key = `${c.milestoneId ?? ''}|${indicatorIds.join(',')}`;
    if (seen.has(key)) continue;
    seen.add(key);
    candidates.push({ milestoneId: c.milestoneId, indicatorIds, score: c.score });
  }
  if (!candidates.length) {
    // a reader (the LLM) may give ids without readings
    const ms = u.indicators.filter((id) => l.milestone(id));
    const inds = u.indicators.filter((id) => l.indicator(id));
    if (ms.length || inds.length) candidates.push({ milestoneId: ms[0] ?? null, indicatorIds: inds, score: u.confidence });
  }
  if (!candidates.length) return null;
  const readings = withoutCoveredIndicators(candidates).map((c) => withoutOtherEvent(c, plan, args.readText ?? msg.text));
  // the reader's own confidence knows more than the scores (the date's quarter picks 北京 vs 全国 机器人大赛)
  const sure = isSure(readings) || (u.source === 'rules' && u.confidence >= 0.85 && readings.length > 0);
  // readings not far behind the best are offered by number, even when the best is clear enough to restate
  const best = readings[0]?.score ?? 0;
  const kept = readings.slice(0, MAX_ALTERNATIVES).filter((c, i) => i === 0 || (!sure ? true : c.score >= best - OFFER_WITHIN));
  const tied = !sure && kept.length > 1 && kept[0]!.score - kept[1]!.score < TIE_MARGIN;
  const activityDate = u.date ?? shanghaiDay(msg.at);
  const base: Proposal = {
    chat: { ...msg.chat },
    author: { ...msg.sender },
    planYear: plan.year,
    source: { messageId: msg.id, text: msg.text },
    createdAt: isoShanghai(now),
    expiresAt: expiry(now, args.ttlMinutes ?? DEFAULT_PENDING_MINUTES),
    // a clear best reading is restated with the others offered; only a near tie makes the author pick
    stage: tied ? 'choose' : 'confirm',
    candidates: kept,
    chosen: 0,
    amounts: u.amounts.map((a) => ({ metricId: null, value: a.value, unit: a.unit })),
    activityDate,
    duplicates: [],
    ...(args.readText ? { readText: args.readText } : {}),
  };
  // an unsure reading implies nothing until the author picks one
  return withReading(base, plan, records, u.amounts, base.stage === 'confirm');
}

export function isExpired(p: Proposal, now: Date): boolean {
  return new Date(p.expiresAt).getTime() <= now.getTime();
}

/** The reading `n` (1-based) of a 'choose' proposal, now awaiting 确认; null when out of range. */
export function choose(p: Proposal, n: number, plan: Plan, records: readonly ProgressRecord[]): Proposal | null {
  if (n < 1 || n > p.candidates.length) return null;
  return withReading({ ...p, stage: 'confirm', chosen: n - 1 }, plan, records, p.amounts.map(asRead), true);
}

/**
 * The proposal after "改成1800人次" / "是数量指标13" / "日期是5月7日": a new amount replaces the
 * one of the same kind of unit (a bare number the first one), a date replaces the date, named
 * plan items replace the reading. The expiry restarts: the author is still at it.
 */
export function adjust(
  p: Proposal,
  adj: Adjustment,
  plan: Plan,
  records: readonly ProgressRecord[],
  now: Date,
  ttlMinutes = DEFAULT_PENDING_MINUTES,
): Proposal {
  const l = lookup(plan);
  let next: Proposal = { ...p, expiresAt: expiry(now, ttlMinutes) };
  if (adj.indicators.length) {
    const milestoneId = adj.indicators.find((id) => l.milestone(id)) ?? null;
    let indicatorIds = adj.indicators.filter((id) => l.indicator(id));
    if (milestoneId && !indicatorIds.length) indicatorIds = [...(l.milestone(milestoneId)?.indicators ?? [])];
    let keepMilestone: string | null = milestoneId;
    if (!milestoneId) {
      // "是数量指标13": keep the milestone when it advances that indicator, else report against the indicator alone
      const current = p.candidates[p.chosen]!;
      const m = current.milestoneId ? l.milestone(current.milestoneId) : undefined;
      // another milestone that merely shares the indicator (一季度 拨付经费 for a December 街道 report) would be wrong evidence
      keepMilestone = m && indicatorIds.some((id) => m.indicators.includes(id)) ? m.id : null;
    }
    if (milestoneId || indicatorIds.length) {
      const c: Candidate = { milestoneId: keepMilestone, indicatorIds, score: 1 };
      next = { ...next, stage: 'confirm', candidates: [c], chosen: 0 };
    }
  }
  if (adj.date) next = { ...next, activityDate: adj.date };
  let amounts: Amount[] = next.amounts.map(asRead);
  for (const a of adj.amounts) {
    const unit = a.unit || amounts[0]?.unit || '';
    const g = unitGroup(unit);
    const idx = amounts.findIndex((b) => b.unit === unit);
    const idxGroup = idx >= 0 ? idx : g >= 0 ? amounts.findIndex((b) => unitGroup(b.unit) === g) : -1;
    // the changed figure keeps what it counted (its words, total or increment): only the number changes
    if (idxGroup >= 0) amounts[idxGroup] = { ...amounts[idxGroup]!, value: a.value, unit, modeUnsure: false };
    else if (!a.unit && amounts.length) amounts[0] = { value: a.value, unit: amounts[0]!.unit };
    else amounts = [...amounts, { value: a.value, unit }];
  }
  return withReading(next, plan, records, amounts);
}

/** 当天 / 那天 / 同一天: the day of something named before it. */
const THAT_DAY = /(当天|那天|当日|同一天|同天|那日)/;

/**
 * "科普日那天发放宣传品两千三百份": 那天 is the day of the event named before it, when a record of
 * that event exists; the proposal takes that date unless the message wrote a day of its own.
 */
export function onTheDayOf(p: Proposal, text: string, plan: Plan, records: readonly ProgressRecord[]): Proposal {
  const m = THAT_DAY.exec(text);
  if (!m || p.activityDate !== p.createdAt.slice(0, 10)) return p;
  const before = text.slice(0, m.index);
  const idx = planIndex(plan);
  const named = namedThings(idx, before).milestones[0];
  if (!named) return p;
  const recs = records.filter((r) => r.status === 'active' && r.milestoneIds.includes(named.id));
  const last = recs.reduce<ProgressRecord | null>((a, b) => (!a || b.activityDate > a.activityDate ? b : a), null);
  if (!last) return p;
  return { ...p, activityDate: last.activityDate, duplicates: findDuplicates(plan, records, p.candidates[p.chosen]!, p.amounts, last.activityDate) };
}

/**
 * Money in a report goes where the forms read it: 项目支出 to the plan's 成本指标 (the ceiling
 * on project spending), 基本支出 and money by funding source (上年结转…) to their own budget
 * lines (spend:basic, spend:project:carryover…), never onto the project ceiling. The reader's
 * add/set wins where it had one; the spending reader's otherwise.
 */
export function placeSpending(amounts: readonly ProposalAmount[], plan: Plan, text: string, now: Date): ProposalAmount[] {
  const isMoney = (a: ProposalAmount) => !a.part && (a.unit === '万元' || a.unit === '元');
  const money = amounts.filter(isMoney);
  if (!money.length) return [...amounts];
  const figures = readSpending(text, { plan, now });
  if (!figures.length) return [...amounts];
  const cost = plan.indicators.find((i) => i.category === 'cost')?.metrics.find((m) => m.unit === '万元' && !m.sameAs);
  const used = new Set<number>();
  // the message's figures in order; a figure changed since ("改成55万") is still the one in its place
  const inOrder = figures.length === money.length;
  return amounts.map((a) => {
    if (!isMoney(a)) return a;
    const wan = a.unit === '元' ? a.value / 10_000 : a.value;
    const k = inOrder ? money.indexOf(a) : figures.findIndex((f, i) => !used.has(i) && Math.abs(f.value - wan) < 1e-6);
    if (k < 0) return a;
    used.add(k);
    const f = figures[k]!;
    const overall = f.line === 'total' && !f.source && !/合计|总计|总共|全部|整体|部门|全年总/.test(f.words);
    const onCeiling = !f.source && cost && (f.line === 'project' || overall);
    const metricId = onCeiling ? cost.id : spendMetricId(f.line, f.source);
    const mode = a.mode ?? f.mode ?? undefined;
    const { unsure: _u, ...rest } = a;
    return { ...rest, metricId, value: Math.round(wan * 10_000) / 10_000, unit: '万元', ...(mode ? { mode } : {}), ...(f.mode === null && !a.mode ? { unsure: true } : {}) };
  });
}

/** A proposal's reports, the first one and those waiting with it. */
export function draftsOf(p: Proposal): Draft[] {
  const first: Draft = {
    source: p.source,
    ...(p.readText ? { readText: p.readText } : {}),
    stage: p.stage === 'choose' ? 'choose' : 'confirm',
    candidates: p.candidates,
    chosen: p.chosen,
    amounts: p.amounts,
    activityDate: p.activityDate,
    duplicates: p.duplicates,
  };
  return [first, ...(p.more ?? [])];
}

/** The proposal holding these reports (the first one's fields at the top, as for a single report). */
export function withDrafts(p: Proposal, drafts: readonly Draft[]): Proposal {
  const [first, ...rest] = drafts;
  if (!first) return { ...p, more: undefined };
  const { source, stage, candidates, chosen, amounts, activityDate, duplicates, readText } = first;
  const next: Proposal = { ...p, source, stage, candidates, chosen, amounts, activityDate, duplicates };
  if (readText) next.readText = readText;
  else delete next.readText;
  if (rest.length) next.more = [...rest];
  else delete next.more;
  return next;
}

/** A draft as a proposal of its own, so the single-report functions (choose, adjust) apply to it. */
export function asProposal(p: Proposal, d: Draft): Proposal {
  return withDrafts({ ...p, more: undefined }, [d]);
}

/**
 * What stays the same for a draft across restarts and retries: a record made from it carries
 * this key, so confirming the same draft again never makes a second record.
 */
export function draftKey(p: Proposal, d: Draft): string {
  const id = p.id ?? `${p.chat.id}|${p.author.id}|${p.createdAt}`;
  // the message and the words of the activity: the same whatever else was saved or dropped beside it
  return `${id}#${d.source.messageId}${d.readText ? `#${d.readText}` : ''}`;
}

/** The record a confirmed report becomes. */
export function toNewRecord(p: Proposal, at: Date, d: Draft = draftsOf(p)[0]!): NewRecord {
  const c = d.candidates[d.chosen]!;
  return {
    planYear: p.planYear,
    milestoneIds: c.milestoneId ? [c.milestoneId] : [],
    indicatorIds: [...c.indicatorIds],
    amounts: d.amounts.map((a) => ({ metricId: a.metricId, value: a.value, unit: a.unit, ...(a.mode ? { mode: a.mode } : {}) })),
    activityDate: d.activityDate,
    reporter: { ...p.author },
    chat: { ...p.chat },
    source: { ...d.source },
    sourceKey: draftKey(p, d),
    at,
  };
}

/** Whether the activity date lies outside the plan year or in the future. */
export function dateRemark(p: Proposal, today: string): string | null {
  if (!p.activityDate.startsWith(`${p.planYear}-`)) return `注意：日期不在${p.planYear}年计划年度内。`;
  if (p.activityDate > addDays(today, 0)) return '注意：日期在今天之后，确认是已经办完的吗？';
  return null;
}
