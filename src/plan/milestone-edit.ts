import { z } from 'zod';
import { MilestoneSchema, PlanSchema, type Milestone, type Plan, type QuarterKey } from './schema.js';
import { dueFromText } from './import-columns.js';
import { milestoneLabel, quarterName } from './labels.js';
import { buildCorpus, rank } from '../text/similarity.js';
import { MT } from './milestone-text.js';

/**
 * Milestones edited in the chat by admins: "设置进度：科普日主场活动 第三季度 负责人王丽",
 * "删除进度 科普日主场活动", "把科普日主场活动的负责人改成李强". Pure: reads a message
 * against a plan, says what would change, and applies a confirmed change to a plan.
 *
 * An edit carries the whole resulting milestone, so replaying the edits in order over the
 * imported plan always gives the same milestones (the overlay file is that list).
 */
export const MilestoneEditSchema = z.object({
  action: z.enum(['set', 'remove']),
  /** For set: the milestone as it will be; for remove: the milestone as it was */
  milestone: MilestoneSchema,
  by: z.object({ id: z.string(), name: z.string() }),
  at: z.string(),
  message: z.object({ id: z.string(), text: z.string() }),
});
export type MilestoneEdit = z.infer<typeof MilestoneEditSchema>;

export const MilestoneOverlaySchema = z.object({
  schemaVersion: z.literal(1),
  year: z.number().int(),
  edits: z.array(MilestoneEditSchema),
});
export type MilestoneOverlay = z.infer<typeof MilestoneOverlaySchema>;

export type EditCommand =
  | { kind: 'set'; name: string; when: string | null; owners: string[] | null }
  | { kind: 'remove'; name: string }
  | { kind: 'owners'; name: string; owners: string[] };

const SET = /^(?:设置|添加|新增|增加|修改|更改|调整)(?:一个)?进度(?:节点)?\s*[:：,，]?\s*(.*)$/s;
const REMOVE = /^(?:删除|删掉|去掉|移除)(?:进度(?:节点)?)\s*[:：,，]?\s*(.+)$/s;
const OWNERS = /^(?:把|将)?\s*(.+?)\s*的?负责人(?:改成|改为|换成|设为|设置为|是|为)\s*(.+)$/s;
const OWNER_IN = /(?:负责人|由)\s*[:：是为]?\s*([\u4e00-\u9fa5A-Za-z·]{2,}(?:\s*[、,，和及]\s*[\u4e00-\u9fa5A-Za-z·]{2,})*)\s*(?:负责)?\s*$/;
/** 三季度第1项 / 第三季度第2项 / 全年第1项: a milestone by its place in the plan */
const LABEL_REF = /(?:第?([一二三四1-4])季度|(全年))\s*的?\s*第\s*([\d一二三四五六七八九十]+)\s*(?:项|条)/;
const CN_NUM: Record<string, number> = { 一: 1, 二: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9, 十: 10 };

function labelRef(text: string): { quarter: QuarterKey; number: number; span: [number, number] } | null {
  const m = LABEL_REF.exec(text);
  if (!m) return null;
  const q = m[2] ? 'annual' : (`q${/\d/.test(m[1]!) ? m[1] : CN_NUM[m[1]!]}` as QuarterKey);
  const raw = m[3]!;
  const number = /^\d+$/.test(raw) ? Number(raw) : raw.length === 2 && raw[0] === '十' ? 10 + CN_NUM[raw[1]!]! : CN_NUM[raw] ?? NaN;
  return { quarter: q as QuarterKey, number, span: [m.index, m.index + m[0].length] };
}

const WHEN = /(第?[一二三四1-4]季度(?:末|底|内)?|[Qq][1-4]|全年|年底前?|年内|上半年|下半年|(?:\d{4}年)?\d{1,2}月(?:\d{1,2}日)?(?:底|末|前|中旬|上旬|下旬)*(?:前|完成)?|\d{4}-\d{1,2}-\d{1,2})/;

function names(raw: string): string[] {
  return raw
    .split(/\s*[、,，和及]\s*/)
    .map((s) => s.replace(/[。.!！]+$/, '').trim())
    .filter(Boolean);
}

/** Reads an admin's milestone command; null when the message is not one. */
export function parseMilestoneCommand(text: string): EditCommand | null {
  const t = text.trim();
  const rm = REMOVE.exec(t);
  if (rm) return { kind: 'remove', name: clean(rm[1]!) };
  const set = SET.exec(t);
  if (set) {
    let body = set[1]!.trim();
    let owners: string[] | null = null;
    const o = OWNER_IN.exec(body);
    if (o) {
      owners = names(o[1]!);
      body = body.slice(0, o.index).trim();
    }
    // "三季度第1项" names a milestone; it is not the 三季度 it moves to
    const ref = labelRef(body);
    let refName = '';
    if (ref) {
      refName = body.slice(ref.span[0], ref.span[1]);
      body = (body.slice(0, ref.span[0]) + ' ' + body.slice(ref.span[1])).trim();
    }
    const w = WHEN.exec(body);
    const when = w ? w[1]! : null;
    if (w) body = (body.slice(0, w.index) + ' ' + body.slice(w.index + w[0].length)).trim();
    return { kind: 'set', name: refName || clean(body), when, owners };
  }
  const own = OWNERS.exec(t);
  if (own && !/[?？吗]$/.test(t)) return { kind: 'owners', name: clean(own[1]!), owners: names(own[2]!) };
  return null;
}

function clean(s: string): string {
  return s.replace(/^[「“"'《]+|[」”"'》]+$/g, '').replace(/[，,。：:\s]+$/g, '').replace(/^[，,：:\s]+/, '').trim();
}

/** The quarter and due date a command's "第三季度 / 9月底前 / 全年" gives in the plan year. */
export function whenOf(when: string, year: number): { quarter: QuarterKey; due: string } | null {
  const w = when.replace(/^[Qq]([1-4])$/, '第$1季度');
  if (/^(全年|年内|年底前?)$/.test(w)) return { quarter: 'annual', due: `${year}-12-31` };
  if (w === '下半年') return { quarter: 'q4', due: `${year}-12-31` };
  return dueFromText(w, year);
}

/** The milestone a name points at: an id, 二季度第1项, the exact text, or the one clearly closest. */
export function findMilestone(plan: Plan, name: string): { ok: true; milestone: Milestone } | { ok: false; candidates: Milestone[] } {
  const n = name.trim();
  const byId = plan.milestones.find((m) => m.id === n);
  if (byId) return { ok: true, milestone: byId };
  const ref = labelRef(n);
  if (ref && ref.span[0] === 0 && ref.span[1] === n.length) {
    const at = plan.milestones.find((m) => m.quarter === ref.quarter && m.number === ref.number);
    return at ? { ok: true, milestone: at } : { ok: false, candidates: [] };
  }
  const exact = plan.milestones.filter((m) => m.text === n || m.text.startsWith(n) || milestoneLabel(m) === n);
  if (exact.length === 1) return { ok: true, milestone: exact[0]! };
  const corpus = buildCorpus(plan.milestones.map((m) => ({ id: m.id, text: m.text })));
  const ranked = rank(corpus, n).filter((r) => r.score >= 0.35);
  const contains = plan.milestones.filter((m) => m.text.includes(n));
  if (contains.length === 1) return { ok: true, milestone: contains[0]! };
  if (ranked.length && (ranked.length === 1 || ranked[0]!.score >= ranked[1]!.score * 1.5))
    return { ok: true, milestone: plan.milestones.find((m) => m.id === ranked[0]!.id)! };
  const cands = (contains.length ? contains : ranked.map((r) => plan.milestones.find((m) => m.id === r.id)!)).slice(0, 5);
  return { ok: false, candidates: cands };
}

/** What a command would do to the plan: the edit to confirm and its restatement, or why not. */
export type Prepared = { ok: true; action: 'set' | 'remove'; milestone: Milestone; restatement: string } | { ok: false; reply: string };

function dueText(m: Milestone): string {
  const q = m.quarter === 'annual' ? '全年' : quarterName(m.quarter);
  return `${q}，${Number(m.due.slice(5, 7))}月${Number(m.due.slice(8, 10))}日前`;
}

function nextId(plan: Plan, quarter: QuarterKey): { id: string; number: number } {
  const used = plan.milestones.filter((m) => m.id.startsWith(`schedule-${quarter}.`)).map((m) => Number(m.id.split('.')[1]));
  const inQuarter = plan.milestones.filter((m) => m.quarter === quarter).map((m) => m.number);
  const n = Math.max(0, ...used, ...inQuarter) + 1;
  return { id: `schedule-${quarter}.${n}`, number: n };
}

/**
 * Turns a command into the milestone it leads to. `recordsOf(id)` lists the records that name a
 * milestone: one with records is not removed (its evidence would lose its place).
 */
export function prepareEdit(plan: Plan, cmd: EditCommand, recordsOf: (milestoneId: string) => string[]): Prepared {
  if (!cmd.name) return { ok: false, reply: cmd.kind === 'set' ? MT.noName : MT.usage };
  if (cmd.kind === 'remove' || cmd.kind === 'owners') {
    const found = findMilestone(plan, cmd.name);
    if (!found.ok) return { ok: false, reply: found.candidates.length ? MT.ambiguous(found.candidates.map((m) => milestoneLabel(m))) : MT.notFound(cmd.name) };
    const m = found.milestone;
    if (cmd.kind === 'remove') {
      const recs = recordsOf(m.id);
      if (recs.length) return { ok: false, reply: MT.hasRecords(milestoneLabel(m), recs) };
      return { ok: true, action: 'remove', milestone: m, restatement: MT.restateRemove(milestoneLabel(m)) };
    }
    const before = m.owners ?? [];
    if (before.join() === cmd.owners.join()) return { ok: false, reply: MT.nothingChanges(milestoneLabel(m)) };
    const next = { ...m, owners: cmd.owners };
    return { ok: true, action: 'set', milestone: next, restatement: MT.restateChange(milestoneLabel(m), [MT.lineOwners(before, cmd.owners)]) };
  }
  // set: an existing milestone changes; a new name adds one
  const found = findMilestone(plan, cmd.name);
  const existing = found.ok ? found.milestone : null;
  const when = cmd.when ? whenOf(cmd.when, plan.year) : null;
  if (cmd.when && !when) return { ok: false, reply: MT.noWhen };
  if (existing) {
    const lines: string[] = [];
    let next: Milestone = { ...existing };
    if (when && (when.due !== existing.due || when.quarter !== existing.quarter)) {
      // the id stays: records point at it
      const number = when.quarter === existing.quarter ? existing.number : nextId(plan, when.quarter).number;
      next = { ...next, quarter: when.quarter, due: when.due, number };
      lines.push(MT.lineQuarter(dueText(existing), dueText(next)));
    }
    if (cmd.owners && cmd.owners.join() !== (existing.owners ?? []).join()) {
      next = { ...next, owners: cmd.owners };
      lines.push(MT.lineOwners(existing.owners ?? [], cmd.owners));
    }
    if (!lines.length) return { ok: false, reply: MT.nothingChanges(milestoneLabel(existing)) };
    return { ok: true, action: 'set', milestone: next, restatement: MT.restateChange(milestoneLabel(existing), lines) };
  }
  if (!when) return { ok: false, reply: MT.noWhen };
  const { id, number } = nextId(plan, when.quarter);
  const corpus = buildCorpus(plan.indicators.filter((i) => i.category === 'quantity' || i.category === 'quality').map((i) => ({ id: i.id, text: i.text })));
  // the indicators it advances: the clear best match, and a second only when nearly as close
  const ranked = rank(corpus, cmd.name).filter((r) => r.score >= 0.25);
  const linked = ranked.filter((r) => r.score >= (ranked[0]?.score ?? 0) * 0.8).slice(0, 2).map((r) => r.id);
  const m: Milestone = { id, quarter: when.quarter, number, text: cmd.name, due: when.due, indicators: linked, ...(cmd.owners ? { owners: cmd.owners } : {}) };
  // a near one already in the plan: say so, the admin may have meant it
  const near = found.ok ? [] : found.candidates.slice(0, 2);
  const restatement = MT.restateAdd(milestoneLabel(m), dueText(m), MT.owners(cmd.owners ?? []));
  const withNear = near.length ? restatement.replace(/\n(?=[^\n]*$)/, `\n${MT.similar(near.map((x) => milestoneLabel(x)))}\n`) : restatement;
  return { ok: true, action: 'set', milestone: m, restatement: withNear };
}

function order(q: QuarterKey): number {
  return ['q1', 'q2', 'q3', 'q4', 'annual'].indexOf(q);
}

/** A plan with one edit applied; throws (with the schema's words) when the result is not a valid plan. */
export function applyEdit(plan: Plan, edit: Pick<MilestoneEdit, 'action' | 'milestone'>): Plan {
  const rest = plan.milestones.filter((m) => m.id !== edit.milestone.id);
  const milestones = edit.action === 'remove' ? rest : [...rest, edit.milestone];
  milestones.sort((a, b) => order(a.quarter) - order(b.quarter) || a.number - b.number || a.id.localeCompare(b.id));
  const next = { ...plan, milestones };
  const parsed = PlanSchema.safeParse(next);
  if (!parsed.success) throw new Error(parsed.error.issues[0]?.message ?? '计划不合格');
  return parsed.data;
}

/** The imported plan with every confirmed edit replayed in order. */
export function applyOverlay(plan: Plan, overlay: MilestoneOverlay): Plan {
  return overlay.edits.reduce((p, e) => applyEdit(p, e), plan);
}
