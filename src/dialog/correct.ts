import type { InboundMessage, Person } from '../core/types.js';
import type { Proposal } from './schema.js';
import { T } from './texts.js';
import { oddAmount } from './step.js';
import { dayLabel, recordSummary } from './render.js';
import { formatNumber } from '../progress/progress.js';
import { isoShanghai } from '../core/time.js';
import { cleanStoredText } from '../text/normalize.js';
import { displayName } from '../text/display-name.js';
import type { Plan } from '../plan/schema.js';
import type { ProgressRecord, RecordFields } from '../store/schema.js';
import type { CorrectionIntent } from '../understand/types.js';
import { lookup } from '../plan/labels.js';
import { assignAmounts } from './proposal.js';

export type Target = { ok: true; record: ProgressRecord } | { ok: false; reply: string };

/**
 * The record a correction is about: the one it names (R2021-0003), or the author's latest
 * active one. Authors may correct only their own records; admins anyone's.
 */
export function correctionTarget(records: readonly ProgressRecord[], c: CorrectionIntent, author: Person, isAdmin: boolean): Target {
  if (c.recordId) {
    const rec = records.find((r) => r.id === c.recordId);
    if (!rec) return { ok: false, reply: `没有找到记录 ${c.recordId}。发“我的记录”可以查看自己报过的。` };
    if (rec.reporter.id !== author.id && !isAdmin)
      return { ok: false, reply: `${rec.id} 是${displayName(rec.reporter.name)}报的，只有本人或管理员可以修改。` };
    if (rec.status === 'withdrawn') return { ok: false, reply: `${rec.id} 已经撤销过了。` };
    return { ok: true, record: rec };
  }
  const mine = records.filter((r) => r.reporter.id === author.id && r.status === 'active');
  const newest = (list: readonly ProgressRecord[]) => list.reduce<ProgressRecord | null>((a, b) => (!a || b.confirmedAt >= a.confirmedAt ? b : a), null);
  // "更正：科普活动信息5期" is about the latest record of that item, not simply the latest record
  const named = c.indicators.length ? newest(mine.filter((r) => c.indicators.some((id) => r.indicatorIds.includes(id) || r.milestoneIds.includes(id)))) : null;
  const units = new Set(c.amounts.map((a) => a.unit).filter(Boolean));
  const sameUnit = !c.indicators.length && units.size ? newest(mine.filter((r) => r.amounts.some((a) => units.has(a.unit)))) : null;
  const latest = named ?? sameUnit ?? newest(mine);
  if (!latest) return { ok: false, reply: '你还没有可以修改的记录。要改别人的记录，请写明记录号，如“撤销 R2021-0003”（需管理员）。' };
  return { ok: true, record: latest };
}

/**
 * The change "更正：人数是2300人次" makes to a record: new amounts replace the amounts of the
 * same metric (or unit), a date replaces the date, named plan items replace the links.
 * Null when the message names nothing to change.
 */
const KINDS = [['人次', '人', '名'], ['场', '次'], ['期', '篇', '条'], ['份', '本', '册'], ['个', '家', '所'], ['万元', '元']];
function sameKind(a: string, b: string): boolean {
  return KINDS.some((k) => k.includes(a) && k.includes(b));
}

/** A record's figures hold only what a record keeps. */
function stripped(list: readonly { metricId: string | null; value: number; unit: string; mode?: 'add' | 'set' }[]): RecordFields['amounts'] {
  return list.map((a) => ({ metricId: a.metricId, value: a.value, unit: a.unit, ...(a.mode ? { mode: a.mode } : {}) }));
}

export function amendment(rec: ProgressRecord, c: CorrectionIntent, plan: Plan, text = ''): Partial<RecordFields> | null {
  const l = lookup(plan);
  const change: Partial<RecordFields> = {};
  let indicatorIds = rec.indicatorIds;
  if (c.indicators.length) {
    const ms = c.indicators.filter((id) => l.milestone(id));
    const inds = c.indicators.filter((id) => l.indicator(id));
    if (ms.length) change.milestoneIds = ms.slice(0, 1);
    indicatorIds = inds.length ? inds : ms.length ? [...(l.milestone(ms[0]!)?.indicators ?? [])] : indicatorIds;
    if (inds.length || ms.length) change.indicatorIds = indicatorIds;
  }
  if (change.indicatorIds) {
    // it names other items: the figures move to what those items count
    const amounts = rec.amounts.map((a) => ({ value: a.value, unit: a.unit, ...(a.mode ? { mode: a.mode } : {}) }));
    for (const f of c.amounts) {
      const idx = amounts.findIndex((a) => a.unit === f.unit || !f.unit);
      if (idx >= 0) amounts[idx] = { ...amounts[idx]!, value: f.value };
      else amounts.push({ value: f.value, unit: f.unit });
    }
    change.amounts = stripped(assignAmounts(plan, indicatorIds, amounts, text));
  } else if (c.amounts.length) {
    // "更正：是13期" keeps the record's target: only the number changes (a new kind of figure is placed anew)
    const amounts = rec.amounts.map((a) => ({ ...a }));
    for (const f of c.amounts) {
      const unit = f.unit || amounts[0]?.unit || '';
      const idx = [amounts.findIndex((a) => a.unit === unit), amounts.findIndex((a) => sameKind(a.unit, unit))].find((i) => i >= 0) ?? -1;
      if (idx >= 0) amounts[idx] = { ...amounts[idx]!, value: f.value };
      else amounts.push(...stripped(assignAmounts(plan, indicatorIds, [{ value: f.value, unit }], text)));
    }
    change.amounts = amounts;
  }
  if (c.date) change.activityDate = c.date;
  return Object.keys(change).length ? change : null;
}

/** Amounts, date and links as one comparable string: an amendment that changes nothing is not one. */
function fieldsKey(r: Partial<RecordFields>): string {
  return JSON.stringify([r.milestoneIds ?? null, r.indicatorIds ?? null, r.amounts ?? null, r.activityDate ?? null]);
}

export type CorrectionStep = { type: 'reply'; text: string } | { type: 'propose'; proposal: Proposal; text: string };

/**
 * 撤销 / 更正: which saved record, and what would happen to it, restated for 确认. Pure: the
 * bot stores the proposal and sends the text; nothing changes until the author confirms.
 */
export function proposeCorrection(args: {
  msg: InboundMessage;
  intent: CorrectionIntent;
  plan: Plan;
  records: readonly ProgressRecord[];
  isAdmin: boolean;
  now: Date;
  ttlMinutes: number;
}): CorrectionStep {
  const { msg, intent: c, plan, records, isAdmin, now } = args;
  const target = correctionTarget(records, c, msg.sender, isAdmin);
  if (!target.ok) return { type: 'reply', text: target.reply };
  const rec = target.record;
  const whose = rec.reporter.id === msg.sender.id ? '' : T.whose(displayName(rec.reporter.name));
  let change: Partial<RecordFields> = {};
  const lines: string[] = [];
  if (c.action === 'withdraw') {
    lines.push(...T.withdrawAsk(recordSummary(rec, plan), whose));
  } else {
    const amended = amendment(rec, c, plan, msg.text);
    if (!amended) return { type: 'reply', text: T.amendWhat(rec.id) };
    const before = fieldsKey({ milestoneIds: rec.milestoneIds, indicatorIds: rec.indicatorIds, amounts: rec.amounts, activityDate: rec.activityDate });
    const after = { milestoneIds: rec.milestoneIds, indicatorIds: rec.indicatorIds, amounts: rec.amounts, activityDate: rec.activityDate, ...amended };
    if (fieldsKey(after) === before) return { type: 'reply', text: T.amendNothing(recordSummary(rec, plan)) };
    // the same bounds as a new report: a correction never stores a figure a report could not
    const odd = amended.amounts?.find((a) => oddAmount(a));
    if (odd) return { type: 'reply', text: T.amendOdd(formatNumber(odd.value), odd.unit) };
    change = amended;
    lines.push(T.amendAsk(rec.id, whose));
    const relinked =
      (amended.milestoneIds && amended.milestoneIds.join() !== rec.milestoneIds.join()) ||
      (amended.indicatorIds && amended.indicatorIds.join() !== rec.indicatorIds.join());
    if (relinked) lines.push(T.amendLinks(recordSummary({ ...rec, ...after }, plan).replace(/^R\d{4}-\d+ \S+ /, '')));
    if (amended.amounts) {
      const olds = [...rec.amounts];
      for (const a of after.amounts) {
        // each new figure against the old one it replaces (the same target, or the same unit), once
        const k = olds.findIndex((b) => (b.metricId ?? b.unit) === (a.metricId ?? a.unit));
        const old = k >= 0 ? olds.splice(k, 1)[0] : undefined;
        if (old && old.value === a.value) continue; // unchanged figures need no confirmation
        const label = (a.metricId && lookup(plan).metric(a.metricId)?.metric.counts) || '数字';
        lines.push(T.amendFigure(label, old ? formatNumber(old.value) : null, formatNumber(a.value), a.unit));
      }
    }
    if (amended.activityDate && amended.activityDate !== rec.activityDate)
      lines.push(T.amendDate(dayLabel(rec.activityDate, plan.year), dayLabel(amended.activityDate, plan.year)));
    lines.push(T.amendConfirm);
  }
  const proposal: Proposal = {
    chat: { ...msg.chat },
    author: { ...msg.sender },
    planYear: plan.year,
    source: { messageId: msg.id, text: cleanStoredText(msg.text) },
    createdAt: isoShanghai(now),
    expiresAt: isoShanghai(new Date(now.getTime() + args.ttlMinutes * 60_000)),
    stage: 'correct',
    candidates: [],
    chosen: 0,
    amounts: [],
    activityDate: rec.activityDate,
    duplicates: [],
    correction: { action: c.action, recordId: rec.id, change },
  };
  return { type: 'propose', proposal, text: lines.join('\n') };
}
