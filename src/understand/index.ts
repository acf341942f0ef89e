import { quarterOf } from '../core/time.js';
import type { Activity, CorrectionIntent, LinkCandidate, Refiner, UnderstandContext, Understanding } from './types.js';
import { prepareText } from './text.js';
import { pickDate } from './dates.js';
import { parse, type Parsed } from './parse.js';
import { conflicts, linkReport, namedThings } from './link.js';
import { splitActivities } from './activities.js';
import { commandIntent, questionIntent, type QuestionReading } from './question.js';
import {
  AMEND,
  AMEND_OTHER,
  ANNOUNCEMENT,
  PLAN_WORDS,
  STRONG_QUESTION,
  COMPLETION,
  ENDS_AS_QUESTION,
  FUTURE,
  GENERIC_DONE,
  GREETING,
  HOSTILE,
  INTERROGATIVE,
  NEGATION,
  PEOPLE_REQUEST,
  SPENDING,
  RECORD_ID,
  RESULT_WITH_NUMBER,
  SHOULD_BE,
  STARTS_AS_QUESTION,
  WITHDRAW,
} from './lexicon.js';

import { combineKind, DEFAULT_KIND_POLICY, type KindPolicy } from './kind-combine.js';
import { defaultKindModel, scoreKind, type KindModel, type KindPrediction } from './kind-model.js';

export type * from './types.js';
export type { KindPolicy } from './kind-combine.js';
export { parseAdjustment } from './adjust.js';
import { bareAmount } from './adjust.js';
export { toNluLine } from './nlu-line.js';
export { prepareText } from './text.js';
export { planIndex } from './plan-index.js';

/** Below this rules confidence, understandMessage asks the refiner (the LLM). */
export const DEFAULT_LLM_THRESHOLD = 0.6;
/** Verbs that, with a date already past, report that something took place. */
const PAST_ACTIVITY = /召开|举办|举行|开展|拨付|验收|发放|印发|推送|发布|走访|慰问|评选|组织|开幕|开营|开班/;
/** A message this short without a verb of completion can be a query by its nouns alone. */
const SHORT_QUERY_CHARS = 14;

const clamp = (x: number) => Math.round(Math.max(0, Math.min(1, x)) * 100) / 100;

/** Where a pattern first matches, or -1. */
function firstIndex(list: RegExp[], s: string): number {
  let at = -1;
  for (const re of list) {
    const m = re.exec(s);
    if (m && (at < 0 || m.index < at)) at = m.index;
  }
  return at;
}

function base(text: string): Understanding {
  return {
    text,
    kind: 'other',
    indicators: [],
    amounts: [],
    date: null,
    confidence: 0.9,
    candidates: [],
    question: null,
    correction: null,
    source: 'rules',
  };
}

function recordIdOf(s: string): string | null {
  const m = RECORD_ID.exec(s);
  return m ? `R${m[1]}-${m[2]!.padStart(4, '0')}` : null;
}

function candidateIds(c: LinkCandidate | undefined): string[] {
  if (!c) return [];
  return [...(c.milestoneId ? [c.milestoneId] : []), ...c.indicatorIds];
}

function linkFor(p: Parsed, text: string, date: string | null): LinkCandidate[] {
  const quarter = date ? quarterOf(Number(date.slice(5, 7))) : p.thisQuarter;
  const money = p.amounts.length > 0 && p.amounts.every((a) => a.unit === '元' || a.unit === '万元');
  return linkReport(p.idx, { text, units: p.amounts.map((a) => a.unit), refs: p.refs, quarter, spending: money && SPENDING.test(p.s) });
}

function asQuestion(u: Understanding, q: QuestionReading, p: Parsed): Understanding {
  return {
    ...u,
    kind: 'question',
    question: q.intent,
    indicators: q.ids,
    amounts: p.amounts,
    date: pickDate(p.dates, false, null),
    confidence: clamp(q.confidence),
  };
}

/**
 * A question about the plan that no intent table knows (对接会效果怎么样？签了几个？): answer
 * with what the bot has on the things it names, else the overview.
 */
function fallbackQuestion(p: Parsed, s: string): QuestionReading | null {
  const named = namedThings(p.idx, p.linkText);
  const milestoneIds = named.milestones.map((m) => m.id);
  const indicatorIds = [...new Set([...p.refs.indicators, ...named.indicators.map((i) => i.id)])];
  if (milestoneIds.length || indicatorIds.length)
    return { intent: { type: 'progress', indicatorIds, milestoneIds }, confidence: 0.6, ids: [...milestoneIds.slice(0, 1), ...indicatorIds, ...milestoneIds.slice(1)] };
  if (!PLAN_WORDS.test(s)) return null;
  if (/预算|执行率|经费|花/.test(s)) return { intent: { type: 'cost' }, confidence: 0.6, ids: [] };
  if (/完不成|落后|滞后|没完成|未完成|纠偏/.test(s)) return { intent: { type: 'unfinished' }, confidence: 0.6, ids: [] };
  return { intent: { type: 'overview' }, confidence: 0.55, ids: [] };
}

function other(u: Understanding, p: Parsed | null, confidence: number): Understanding {
  return {
    ...u,
    kind: 'other',
    amounts: p?.amounts ?? [],
    date: p ? pickDate(p.dates, false, null) : null,
    confidence: clamp(confidence),
  };
}

/** "不是科普日，是科技工作者日" / "是3场不是2场": what follows 不是 is the old value, up to the next clause. */
const NOT_THIS = /(?<![是要])不是[^,。;!?]*[,。;!?]?/g;

function correction(u: Understanding, parsed: Parsed, ctx: UnderstandContext, withdraw: boolean, explicit: boolean): Understanding {
  // the new values only: amounts and dates after 不是 are the wrong ones being replaced
  const p = parsed.s.includes('不是') ? { ...parse(parsed.s.replace(NOT_THIS, (m) => ' '.repeat(m.length)), ctx), s: parsed.s } : parsed;
  const recordId = recordIdOf(p.s);
  const date = pickDate(p.dates, true, null);
  const linkText = p.linkText;
  // 人数改成2500: the unit comes from the word
  const bare = p.amounts.length ? null : bareAmount(p.s, p.linkText);
  if (bare) p.amounts = [bare];
  const all = linkFor(p, linkText, date);
  const first = all[0];
  const rival = first ? (all.slice(1).find((c) => conflicts(first, c))?.score ?? 0) : 0;
  // a correction names a plan item only when one reading clearly stands out
  const cands = first && first.score >= 0.5 && first.score - rival >= 0.1 ? all.filter((c) => c.score >= 0.5) : [];
  const top = cands[0];
  const indicators = top ? candidateIds(top) : [];
  const hasValues = p.amounts.length > 0 || date !== null || indicators.length > 0;
  // 我刚才报的那个不算，科普日还没统计完: naming the activity says which record, it does not re-link it
  // 撤销昨天那条: a day that says which record, not a new date for it
  const dateNamesRecord = date !== null && /(?:那条|那个|报的|发的|的那|这条)/.test(p.s) && !/改|应该|应为|更正|是\d/.test(p.s);
  const newValues = p.amounts.length > 0 || (date !== null && !dateNamesRecord) || (indicators.length > 0 && (AMEND.some((re) => re.test(p.s)) || SHOULD_BE.test(p.s)));
  const action: CorrectionIntent['action'] = withdraw && !newValues ? 'withdraw' : 'amend';
  const intent: CorrectionIntent = {
    action,
    recordId,
    amounts: action === 'amend' ? p.amounts : [],
    date: action === 'amend' ? date : null,
    indicators: action === 'amend' ? indicators : [],
  };
  let confidence = explicit ? 0.9 : 0.65;
  if (recordId) confidence += 0.05;
  if (action === 'amend' && !hasValues) confidence = Math.min(confidence, 0.55);
  return {
    ...u,
    kind: 'correction',
    correction: intent,
    indicators: intent.indicators,
    amounts: p.amounts,
    date,
    candidates: action === 'amend' ? cands : [],
    confidence: clamp(confidence),
  };
}

function report(u: Understanding, p: Parsed, kindConfidence: number, ctx?: UnderstandContext): Understanding {
  const date = pickDate(p.dates, true, p.today);
  const several = ctx ? splitActivities(p.s, ctx, date) : null;
  if (several) return severalActivities(u, p, several, kindConfidence);
  const cands = linkFor(p, p.linkText, date);
  const top = cands[0];
  let confidence: number;
  if (!top) confidence = kindConfidence * 0.3;
  else {
    const rival = cands.slice(1).find((c) => conflicts(top, c));
    const margin = top.score - (rival?.score ?? 0);
    confidence = kindConfidence * (0.3 + 0.7 * Math.min(1, top.score / 0.75));
    // look-alikes (北京/全国 机器人大赛): the date's quarter picks one, less surely than the words would
    const quarterOf_ = (c: LinkCandidate | undefined) => (c?.milestoneId ? p.idx.milestoneById.get(c.milestoneId)?.quarter : undefined);
    const dateQuarter = date ? `q${quarterOf(Number(date.slice(5, 7)))}` : null;
    const byQuarter = dateQuarter !== null && quarterOf_(top) === dateQuarter && quarterOf_(rival) !== dateQuarter;
    if (margin < 0.15) confidence *= byQuarter ? 0.85 : margin < 0.08 ? 0.55 : 0.8;
    // 3月 "机器人大赛已组队参加" reads like the Q3 全国 one, but the Q1 北京 one is due now: unsure
    const topQ = quarterOf_(top);
    const early = dateQuarter !== null && topQ !== undefined && /^q[1-4]$/.test(topQ) && topQ > dateQuarter;
    if (early && cands.slice(1).some((c) => c.score >= 0.4 && quarterOf_(c) === dateQuarter && c.indicatorIds.some((id) => top.indicatorIds.includes(id))))
      confidence *= 0.6;
  }
  return {
    ...u,
    kind: 'report',
    indicators: candidateIds(top),
    amounts: p.amounts,
    date,
    candidates: cands,
    confidence: clamp(Math.min(0.97, confidence)),
  };
}

/** A report of several activities: ids of each in turn, every stated amount, the first one's date. */
function severalActivities(u: Understanding, p: Parsed, activities: Activity[], kindConfidence: number): Understanding {
  const ids: string[] = [];
  for (const a of activities) for (const id of candidateIds(a.candidates[0])) if (!ids.includes(id)) ids.push(id);
  return {
    ...u,
    kind: 'report',
    indicators: ids,
    amounts: p.amounts,
    date: activities[0]!.date,
    candidates: activities[0]!.candidates,
    activities,
    confidence: clamp(Math.min(0.9, kindConfidence * 0.9)),
  };
}

function read(text: string, ctx: UnderstandContext): Understanding {
  const u = base(text);
  const s = prepareText(text);
  if (!s) return other(u, null, 1);
  if (/^[?？]+$/.test(s)) return { ...u, kind: 'question', question: { type: 'help' }, confidence: 0.9 };
  if (!/[\p{L}\p{N}]/u.test(s)) return other(u, null, 0.95);
  if (HOSTILE.some((re) => re.test(s))) return other(u, null, 0.9);

  const p = parse(s, ctx);
  // 机器人联赛还没开始呢 states, it does not ask
  const statesWithNe = /(?:还没|还在|正在|尚未|已经)[^,。;!?]*呢[啊呀哈~.。!]*$/.test(s);
  const qEnd = (ENDS_AS_QUESTION.test(s) && !statesWithNe) || STARTS_AS_QUESTION.test(s);
  const qWord = INTERROGATIVE.test(s);
  // 区科协委员会3月12日召开 / 德胜街道的项目今天验收了: an activity verb dated on or before today tells it happened
  const dated = p.dates.some((d) => d.level === 'day' && (d.resolve(true) ?? '9999') <= p.today && !d.future);
  const verbAt = dated ? s.search(PAST_ACTIVITY) : -1;
  const domainDoneAt = firstIndex(COMPLETION, s) >= 0 ? firstIndex(COMPLETION, s) : verbAt;
  const genericDoneAt = firstIndex([GENERIC_DONE], s);
  const completionAt = domainDoneAt >= 0 ? domainDoneAt : genericDoneAt;
  const completion = completionAt >= 0;
  const result = p.amounts.length > 0 && RESULT_WITH_NUMBER.test(s);

  // corrections: 撤销 / 删掉上一条 / 更正… — unless asking how to (怎么撤销 is a help question)
  const howTo = /怎么|如何|怎样|咋|能不能|可不可以|能否|可以吗/.test(s);
  const withdraw = WITHDRAW.some((re) => re.test(s));
  const anyQuestionMark = s.includes('?');
  const amend = (AMEND.some((re) => re.test(s)) && !/[没不]错/.test(s)) || (!anyQuestionMark && !qEnd && AMEND_OTHER.some((re) => re.test(s)));
  const shouldBe = SHOULD_BE.test(s) && !qEnd && (p.amounts.length > 0 || p.dates.some((d) => d.level === 'day') || p.refs.indicators.length > 0);
  // 谁把我的记录撤了？ asks about a withdrawal; it does not ask for one
  const asksAbout = qEnd || /谁|为什么|为啥|怎么回事|咋回事/.test(s);
  const withdrawing = withdraw && !asksAbout;
  if ((withdrawing || ((amend || shouldBe) && !(withdraw && asksAbout))) && !(howTo && (qEnd || qWord)))
    return correction(u, p, ctx, withdrawing, withdrawing || amend || /应该是|应为/.test(s));

  const command = commandIntent(s);
  if (command) return asQuestion(u, command, p);

  const strongQuestion = STARTS_AS_QUESTION.test(s) || ((anyQuestionMark || qEnd) && STRONG_QUESTION.test(s));
  if (qEnd || qWord || anyQuestionMark) {
    // 照片谁有？发我一下 asks colleagues, not the bot
    if (PEOPLE_REQUEST.test(s) && !completion && !p.amounts.length) return other(u, p, 0.7);
    const q =
      questionIntent({ text: s, nameText: p.linkText, idx: p.idx, refs: p.refs, dates: p.dates, thisQuarter: p.thisQuarter }) ??
      (qEnd || strongQuestion ? fallbackQuestion(p, s) : null);
    // 请问指标12中约10个街道，实际支持11个是否算完成？ asks, whatever figures it holds
    if (strongQuestion && q) return asQuestion(u, q, p);
    if (completion && p.amounts.length > 0) {
      // 科普日办完了，来了多少人不清楚，大概2000人次 — a report with a question word in it;
      // 科普日办完了，2100人次，对吗？ — reads as a report, but not surely
      if (!qEnd) return report(u, p, 0.9, ctx);
      const r = report(u, p, 1, ctx);
      return { ...r, confidence: clamp(Math.min(r.confidence, 0.5)) };
    }
    if (completion && !qEnd) {
      // 还有哪些任务没完成 / 花了多少钱 are questions; 编程大赛办完了，有几个学校参加 is a report
      if (q && q.confidence >= 0.8) return asQuestion(u, q, p);
      return report(u, p, 0.8, ctx);
    }
    if (q) return asQuestion(u, q, p);
    return other(u, p, 0.75);
  }

  if (GREETING.test(s) || (s.length <= 16 && /大家好|各位好|早上好|辛苦了|谢谢大家/.test(s) && !p.amounts.length)) return other(u, p, 0.95);
  // 主场活动定于5月28日举行，请相关同志提前到岗: a notice, even with a verb and a date
  if (ANNOUNCEMENT.test(s) && !COMPLETION[0]!.test(s)) return other(u, p, 0.85);


  const futureAt = FUTURE.exec(s)?.index ?? (p.dates.some((d) => d.future) ? 0 : -1);
  if (futureAt >= 0 && !completion) return other(u, p, 0.85);

  const negationAt = firstIndex(NEGATION, s);
  if (negationAt >= 0 && (!completion || negationAt <= completionAt)) return other(u, p, 0.8);

  // 总体进度 / 我的记录 / 全年任务 / 数量指标5: a short noun phrase addressed to the bot is a query
  if (s.length <= SHORT_QUERY_CHARS && !completion && !p.amounts.length && !/延期|推迟|改期|取消|暂停/.test(s)) {
    const q = questionIntent({ text: s, nameText: p.linkText, idx: p.idx, refs: p.refs, dates: p.dates, thisQuarter: p.thisQuarter });
    if (q && q.confidence >= 0.6) return asQuestion(u, q, p);
  }

  if (completion) {
    const r = report(u, p, 1, ctx);
    // 吃完了: done, but nothing of the plan and no number
    if (domainDoneAt < 0 && !p.amounts.length && !(r.candidates[0] && r.candidates[0].score >= 0.45)) return other(u, p, 0.5);
    return r;
  }
  if (result) return report(u, p, 0.9, ctx);
  if (p.amounts.length) {
    const r = report(u, p, 0.75, ctx);
    if (r.candidates.length) return r;
    return { ...r, confidence: 0.35 };
  }
  const r = report(u, p, 0.5, ctx);
  if (r.candidates[0] && r.candidates[0].score >= 0.45) return other(u, p, 0.4);
  return other(u, p, 0.8);
}

// ── kind model hook (issue 10) ─────────────────────────────────────────────────────────
// The statistical kind model (kind-model.ts) may overrule the rules' kind under a policy
// (kind-combine.ts); the message is then read afresh as the new kind, so a report gets its
// plan links and date, a correction its intent, and 'other' carries no candidates.

export interface KindModelUse {
  /** null = the rules' kind alone; default DEFAULT_KIND_POLICY */
  kindPolicy?: KindPolicy | null;
  /** default: the committed model (kind-model.json) */
  kindModel?: KindModel;
}

/** The message read as `kind`, with the model's probability for it; null when no reading of that kind exists. */
function readAs(text: string, ctx: UnderstandContext, kind: Understanding['kind'], prob: number): Understanding | null {
  const u = base(text);
  const s = prepareText(text);
  if (!s) return null;
  const p = parse(s, ctx);
  switch (kind) {
    case 'other':
      return other(u, p, prob);
    case 'report':
      return report(u, p, prob, ctx);
    case 'correction':
      return correction(u, p, ctx, WITHDRAW.some((re) => re.test(s)) && !s.includes('?'), false);
    case 'question': {
      const q =
        commandIntent(s) ??
        questionIntent({ text: s, nameText: p.linkText, idx: p.idx, refs: p.refs, dates: p.dates, thisQuarter: p.thisQuarter }) ??
        fallbackQuestion(p, s);
      if (!q) return null;
      const r = asQuestion(u, q, p);
      return { ...r, confidence: clamp(Math.min(r.confidence, prob)) };
    }
  }
}

/** The rules' reading, or the reading of the kind the model overrules it with under `policy`. Pure. */
export function applyKindModel(rules: Understanding, ctx: UnderstandContext, policy: KindPolicy, model: KindPrediction): Understanding {
  const kind = combineKind(rules, model, policy);
  if (kind === rules.kind) return rules;
  const v = readAs(rules.text, ctx, kind, model.p[kind]);
  if (!v) return rules;
  // the two readers disagree: never surer than their average belief in the new kind (the rules
  // spread what they do not put on their own kind), so an LLM, when configured, is still asked
  const rulesBelief = (1 - Math.max(0, Math.min(1, rules.confidence))) / 3;
  return { ...v, confidence: clamp(Math.min(v.confidence, (model.p[kind] + rulesBelief) / 2)) };
}
// ── end of kind model hook ──────────────────────────────────────────────────────────────

/**
 * Reads one chat message with the rules (and the kind model, when a policy is in force):
 * kind, plan links, amounts and the activity's date. Pure; never throws (a failure reads as
 * 'other' with confidence 0).
 */
export function understand(text: string, ctx: UnderstandContext, use: KindModelUse = {}): Understanding {
  let rules: Understanding;
  try {
    rules = read(text, ctx);
  } catch {
    return { ...base(typeof text === 'string' ? text : String(text)), confidence: 0 };
  }
  const policy = use.kindPolicy === undefined ? DEFAULT_KIND_POLICY : use.kindPolicy;
  if (!policy) return rules;
  try {
    return applyKindModel(rules, ctx, policy, scoreKind(use.kindModel ?? defaultKindModel(), rules.text));
  } catch {
    // a missing or broken model file leaves the rules' reading
    return rules;
  }
}

/**
 * The rules' answer; when the rules are unsure (confidence below `threshold`) and a refiner
 * is given, the refiner's answer instead. A refiner that throws leaves the rules' answer.
 */
export async function understandMessage(
  text: string,
  ctx: UnderstandContext,
  refiner?: Refiner | null,
  threshold: number = DEFAULT_LLM_THRESHOLD,
): Promise<Understanding> {
  const rules = understand(text, ctx);
  if (!refiner || rules.confidence >= threshold) return rules;
  try {
    return await refiner.refine(text, rules, ctx);
  } catch {
    return rules;
  }
}

