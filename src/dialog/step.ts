import type { Plan } from '../plan/schema.js';
import type { ProgressRecord } from '../store/schema.js';
import type { Progress } from '../progress/progress.js';
import type { Draft, Proposal, ProposalAmount } from './schema.js';
import { adjust, asProposal, choose, draftsOf, withDrafts } from './proposal.js';
import { parseAdjustment, understand } from '../understand/index.js';
import { parseNumber } from '../understand/numbers.js';
import { T } from './texts.js';

/**
 * The report dialog as a pure step: given what waits for an author's answer and their next
 * message, what happens. The bot carries out the result (saving, storing the proposal) and
 * renders the replies; nothing here reads the clock, the store or the network.
 *
 *   waiting for 确认 ──确认──▶ save every draft          ──确认2──▶ save draft 2 only
 *        │  └─取消──▶ drop        └─去掉2──▶ fewer drafts  └─2改成…──▶ draft 2 changed
 *        ├─ a second report ──▶ another draft, asked together (never merged into the first)
 *        ├─ choosing (several readings) ──2──▶ reading 2, waiting for 确认
 *        ├─ asked 新增还是累计 ──新增/累计──▶ waiting for 确认
 *        └─ asked about an odd figure ──a number / 是──▶ waiting for 确认
 *   a correction waiting ──确认──▶ apply it   ──取消──▶ drop
 */
export type StepResult =
  /** Reply; the proposal stays as it is */
  | { type: 'reply'; text: string }
  /** Store `next` and show it (after `lead`) */
  | { type: 'update'; next: Proposal; lead?: string }
  /** Drop the proposal; reply */
  | { type: 'drop'; text: string }
  /** Save these drafts (0-based), then drop the proposal */
  | { type: 'save'; drafts: number[] }
  /** Carry out the confirmed withdrawal or amendment */
  | { type: 'apply-correction' }
  /** Another report: read it and add its drafts to this proposal */
  | { type: 'another-report' }
  /** Not about the proposal: read it as a new message */
  | { type: 'pass' };

export interface StepContext {
  plan: Plan;
  records: readonly ProgressRecord[];
  /** Where the plan stands before anything waiting is saved */
  progress: Progress;
  /** The message's time (relative dates count from it) */
  at: Date;
  now: Date;
  ttlMinutes: number;
}

export const CONFIRM = /^(?:确认|确定|确认保存|保存|对|对的|对了|是|是的|好|好的|好滴|行|可以|没问题|没错|嗯+|ok|okay|yes|y)[!！。.~～]*$/i;
export const CANCEL = /^(?:取消|算了|不用了|不要了|放弃|不存|别存|不保存|撤销|撤回)[了吧!！。.~～]*$/;
const NO = /^(?:不对|不是|错了|不对的|不正确)[!！。.~～]*$/;
/** 撤销 / 撤回 / 作废 opening a message while a report waits */
const WITHDRAW_WAITING = /^(?:撤销|撤回|作废|不算了|删掉|删了吧)(?:[,，。!！\s]|$)/;
/** A reply that is about the date: an unreadable one must not turn into an amount (13月45日 → 13期) */
const DATE_WORD = /^(?:\d\s*)?(?:日期|时间|活动日期|哪天)(?:是|为|改成|改为|应该是|应为|:|：)/;
const NUM = String.raw`[1-9]|[一二三四五六七八九]`;
/** 确认1 / 只存第2条 / 保存1和3 */
const CONFIRM_SOME = new RegExp(String.raw`^(?:确认|保存|只存|只保存|存|只要|要)\s*(?:第)?((?:${NUM})(?:\s*(?:条)?\s*(?:、|,|，|和|及|与|跟)\s*(?:第)?(?:${NUM}))*)\s*(?:条|个|项)?[!！。.]*$`);
/** 去掉2 / 删掉第2条 / 第2条不要 / 2不要 / 不要2 */
const DROP_ONE = new RegExp(String.raw`^(?:(?:去掉|删掉|删除|不要|别存|取消)\s*(?:第)?(${NUM})\s*(?:条|个|项)?|(?:第)?(${NUM})\s*(?:条|个|项)?\s*(?:不要|不要了|去掉|删掉|取消|不存|不对|算了))[!！。.]*$`);
/** 2改成1800人次 / 第2条日期是5月7日 / 1：是数量指标13 */
const FOR_DRAFT = new RegExp(String.raw`^(?:第)?(${NUM})\s*(?:条|个|项)?\s*[,，:：.、]?\s*(?=改|日期|时间|是|应|人数|数|为|\d)(.+)$`);
const NEW_WORD = /^(?:新增|新的|新增加|增加|是新增|这次|本次|这次新增|单次|本月新增|本周新增|当月)(?:的)?[!！。.]*$/;
const TOTAL_WORD = /^(?:累计|是累计|累计的|总共|一共|总数|合计|到现在|截至目前|截止目前|到目前|总计)(?:的)?[!！。.]*$/;

/** The most a single report can plausibly say, per kind of unit; beyond it the bot asks once. */
const PLAUSIBLE: [RegExp, number][] = [
  [/^(?:人次|人|名)$/, 500_000],
  [/^万元$/, 100_000],
  [/^元$/, 1_000_000_000],
  [/^%$/, 100],
];
const PLAUSIBLE_COUNT = 100_000;
/** Never storable, whatever the author says: JSON and the forms cannot carry it sensibly. */
const IMPOSSIBLE = 1e12;

export function plausibleMax(unit: string): number {
  return PLAUSIBLE.find(([re]) => re.test(unit))?.[1] ?? PLAUSIBLE_COUNT;
}

/** A figure to ask about: negative, zero, or beyond what one report can hold. */
export function oddAmount(a: ProposalAmount): boolean {
  return !(a.value > 0) || a.value > plausibleMax(a.unit);
}

function indicesOf(list: string): number[] {
  return [...list.matchAll(new RegExp(NUM, 'g'))].map((m) => parseNumber(m[0])!).filter((n) => n !== null);
}

/** The figure an answer about 新增还是累计 is about: the first unsure one on a metric that already has a count. */
export function unsureFigure(p: Proposal, progress: Progress): { draft: number; amount: number; before: number } | null {
  const drafts = draftsOf(p);
  for (let d = 0; d < drafts.length; d++)
    for (let i = 0; i < drafts[d]!.amounts.length; i++) {
      const a = drafts[d]!.amounts[i]!;
      if (!a.unsure || !a.metricId) continue;
      const mp = progress.metrics.find((m) => m.metric.id === a.metricId);
      const before = mp?.actual ?? 0;
      // nothing counted yet: new and total are the same number, so there is nothing to ask
      // money spent is a running figure too: 项目支出12万元 after earlier reports could be this month's or the total
      if (mp && (mp.metric.aggregate === 'sum' || mp.metric.unit === '万元') && before > 0) return { draft: d, amount: i, before };
    }
  return null;
}

/**
 * What the proposal must ask before it can be saved, if anything: an odd figure first, then
 * whether a total-looking figure is new or the total so far.
 */
export function pendingQuestion(p: Proposal, progress: Progress): Proposal['ask'] {
  const drafts = draftsOf(p);
  if (!p.amountsChecked && drafts.some((d) => d.amounts.some(oddAmount))) return 'amount';
  if (unsureFigure(p, progress)) return 'mode';
  return undefined;
}

/** The proposal with its question (if any) set. */
export function withQuestion(p: Proposal, progress: Progress): Proposal {
  const ask = pendingQuestion(p, progress);
  const next = { ...p };
  if (ask) next.ask = ask;
  else delete next.ask;
  return next;
}

function setUnsure(p: Proposal, mode: 'add' | 'set'): Proposal {
  const drafts = draftsOf(p).map((d) => ({
    ...d,
    amounts: d.amounts.map((a) => {
      if (!a.unsure) return a;
      const { unsure: _u, ...rest } = a;
      return mode === 'set' ? { ...rest, mode: 'set' as const } : { ...rest, mode: undefined };
    }),
  }));
  return withDrafts(p, drafts);
}

/** Changes one draft through the single-report functions. */
function changeDraft(p: Proposal, index: number, text: string, ctx: StepContext): StepResult | null {
  const drafts = draftsOf(p);
  const d = drafts[index]!;
  const adj = parseAdjustment(text, { plan: ctx.plan, now: ctx.at });
  if (DATE_WORD.test(text) && !adj?.date) return { type: 'reply', text: T.badDate };
  if (!adj) return null;
  const single = asProposal(p, d);
  let changed: Proposal;
  if (adj.choice !== null && !adj.amounts.length && !adj.indicators.length && adj.date === null) {
    if (d.candidates.length < 2) return { type: 'reply', text: T.onlyOneReading };
    const picked = choose(single, adj.choice, ctx.plan, ctx.records);
    if (!picked) return { type: 'reply', text: T.chooseRange(d.candidates.length) };
    changed = picked;
  } else changed = adjust(single, adj, ctx.plan, ctx.records, ctx.now, ctx.ttlMinutes);
  const next = [...drafts];
  next[index] = draftsOf(changed)[0]!;
  return { type: 'update', next: withDrafts({ ...p, expiresAt: changed.expiresAt, amountsChecked: false }, next) };
}

/** Words that change what waits rather than report something new. */
const CHANGE_WORD = /^(?:加上|再加|另加|加|补上|补充|改成|改为|改下|改一下|换成|应该是|应为|是|不是|日期|时间|人数|数字|金额)/;

/** Whether a message while a report waits is another report rather than a change to it. */
function isAnotherReport(text: string, p: Proposal, ctx: StepContext): boolean {
  const u = understand(text, { plan: ctx.plan, now: ctx.at });
  if (u.kind !== 'report') return false;
  if (u.activities) return true;
  const adj = parseAdjustment(text, { plan: ctx.plan, now: ctx.at });
  if (!adj) return true;
  // 德胜街道的项目也办了，500人次: it names other work than anything waiting
  const top = u.candidates[0];
  if (!top || top.score < 0.5) return false;
  // 加上街道1个 / 改成1800人次 / 是数量指标13 change what waits
  if (CHANGE_WORD.test(text)) return false;
  const named = (id: string) => draftsOf(p).some((d) => d.candidates.some((c) => c.milestoneId === id || c.indicatorIds.includes(id)));
  return !((top.milestoneId && named(top.milestoneId)) || top.indicatorIds.some(named));
}

/**
 * One step of the report dialog. `text` is the message, NFKC-normalised and trimmed, without
 * emoji gestures (好的👌 → 好的).
 */
export function stepPending(p: Proposal, text: string, ctx: StepContext): StepResult {
  if (p.stage === 'correct') {
    if (CONFIRM.test(text)) return { type: 'apply-correction' };
    if (CANCEL.test(text)) return { type: 'drop', text: T.correctionKept };
    return { type: 'pass' };
  }
  const drafts = draftsOf(p);
  const many = drafts.length > 1;
  if (CANCEL.test(text)) return { type: 'drop', text: many ? T.cancelledMany(drafts.length) : T.cancelled };
  // 撤销，报早了 while a report still waits: it is that report being taken back, not a saved one
  if (WITHDRAW_WAITING.test(text) && !/R\s*-?\s*\d{4}/i.test(text)) return { type: 'drop', text: many ? T.cancelledMany(drafts.length) : T.cancelled };

  if (p.ask === 'mode') {
    if (NEW_WORD.test(text)) return { type: 'update', next: setUnsure(p, 'add') };
    if (TOTAL_WORD.test(text)) return { type: 'update', next: setUnsure(p, 'set') };
    if (CONFIRM.test(text)) return { type: 'reply', text: T.answerModeFirst };
  }
  if (p.ask === 'amount' && CONFIRM.test(text)) {
    const bad = drafts.flatMap((d) => d.amounts).find((a) => !(a.value > 0) || !(a.value < IMPOSSIBLE));
    if (bad) return { type: 'reply', text: T.amountImpossible(bad.value, bad.unit) };
    return { type: 'update', next: { ...p, amountsChecked: true } };
  }

  if (CONFIRM.test(text)) {
    if (p.ask) return { type: 'reply', text: p.ask === 'mode' ? T.answerModeFirst : T.amountImpossible(drafts.flatMap((d) => d.amounts).find(oddAmount)!.value, drafts.flatMap((d) => d.amounts).find(oddAmount)!.unit) };
    const choosing = drafts.findIndex((d) => d.stage === 'choose');
    if (choosing >= 0) return { type: 'reply', text: T.chooseFirst(drafts[choosing]!.candidates.length) };
    return { type: 'save', drafts: drafts.map((_, i) => i) };
  }

  if (many) {
    const some = CONFIRM_SOME.exec(text);
    if (some) {
      const picked = [...new Set(indicesOf(some[1]!))];
      if (picked.some((n) => n < 1 || n > drafts.length)) return { type: 'reply', text: T.draftRange(drafts.length) };
      if (p.ask) return { type: 'reply', text: p.ask === 'mode' ? T.answerModeFirst : T.whatIsWrong };
      if (picked.some((n) => drafts[n - 1]!.stage === 'choose')) return { type: 'reply', text: T.chooseFirst(drafts[picked[0]! - 1]!.candidates.length) };
      return { type: 'save', drafts: picked.map((n) => n - 1) };
    }
    const drop = DROP_ONE.exec(text);
    if (drop) {
      const n = parseNumber(drop[1] ?? drop[2]!)!;
      if (n < 1 || n > drafts.length) return { type: 'reply', text: T.draftRange(drafts.length) };
      return { type: 'update', next: withDrafts(p, drafts.filter((_, i) => i !== n - 1)), lead: T.dropped(n) };
    }
    const forOne = FOR_DRAFT.exec(text);
    if (forOne) {
      const n = parseNumber(forOne[1]!)!;
      if (n < 1 || n > drafts.length) return { type: 'reply', text: T.draftRange(drafts.length) };
      const r = changeDraft(p, n - 1, forOne[2]!, ctx);
      if (r) return r;
    }
  }

  if (NO.test(text)) return { type: 'reply', text: T.whatIsWrong };
  if (isAnotherReport(text, p, ctx)) return { type: 'another-report' };

  // a change without a number for a draft: the one it can only be about, else ask which
  if (!many) return changeDraft(p, 0, text, ctx) ?? { type: 'pass' };
  const adj = parseAdjustment(text, { plan: ctx.plan, now: ctx.at });
  if (!adj) return DATE_WORD.test(text) ? { type: 'reply', text: T.badDate } : { type: 'pass' };
  if (adj.choice !== null) {
    const choosing = drafts.findIndex((d) => d.stage === 'choose');
    if (choosing >= 0) return changeDraft(p, choosing, text, ctx) ?? { type: 'pass' };
  }
  const units = adj.amounts.map((a) => a.unit).filter(Boolean);
  const fits = drafts.map((d, i) => ({ d, i })).filter(({ d }) => units.length > 0 && d.amounts.some((a) => units.includes(a.unit)));
  if (fits.length === 1 && adj.date === null && !adj.indicators.length) return changeDraft(p, fits[0]!.i, text, ctx) ?? { type: 'pass' };
  return { type: 'reply', text: T.whichDraft(drafts.length) };
}

/** The reports a proposal will save, in order (for the bot's 'save'). */
export function draftsToSave(p: Proposal, indices: readonly number[]): Draft[] {
  const drafts = draftsOf(p);
  return indices.map((i) => drafts[i]!).filter(Boolean);
}
