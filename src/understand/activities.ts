import type { Activity, Amount, LinkCandidate, UnderstandContext } from './types.js';
import { parse, type Parsed } from './parse.js';
import { pickDate } from './dates.js';
import { linkReport, conflicts } from './link.js';
import { COMPLETION } from './lexicon.js';
import { quarterOf, shanghaiDay } from '../core/time.js';

/**
 * Where one activity ends and the next begins: ；, a numbered list (1. 2) ① ✅ （1）),
 * 另外 / 还有 / 此外 / 同时, a line break. A comma separates activities only when both sides
 * say something was done and name different work (周一开了素质工作会，周三杂志也订好了).
 */
const HARD = /[;；\n]|[①②③④⑤⑥⑦⑧⑨⑩✅☑]|(?<![\d.])\d{1,2}[、)）](?!\d)|(?<![\d.])\d{1,2}\.(?=[\u4e00-\u9fff])|(?:^|(?<=[\s,:：。]))(?:\d{1,2}\.(?!\d)|[（(]\d{1,2}[)）]|[一二三四五六七八九十][、])|另外|此外|还有就是|同时还/g;
const SOFT = /[,，。]|(?:嗯|啊)?(?:然后|接着|随后|之后还)/g;
/** Still under way or yet to come: 正在进行, 预计…完成, 下周, 筹备中. */
const UNDER_WAY = /正在|进行中|筹备中|准备中|预计[^,，。;；]{0,10}完成|尚未|还没|未完成|下周|下个?月|将于|计划于|拟于/;

/** A reading this strong stands on its own as an activity. */
const OWN_READING = 0.5;

interface Piece {
  start: number;
  end: number;
}

function cut(s: string, re: RegExp, within: Piece): Piece[] {
  const out: Piece[] = [];
  let from = within.start;
  const text = s.slice(within.start, within.end);
  re.lastIndex = 0;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    const at = within.start + m.index;
    if (at > from) out.push({ start: from, end: at });
    from = at + m[0].length;
    if (m[0].length === 0) re.lastIndex++;
  }
  if (within.end > from) out.push({ start: from, end: within.end });
  return out.filter((p) => /[\p{L}\p{N}]/u.test(s.slice(p.start, p.end)));
}

interface Reading {
  piece: Piece;
  /** Cut at a comma: it stands on its own only when it says something was done, or when */
  soft?: boolean;
  parsed: Parsed;
  top: LinkCandidate | undefined;
  cands: LinkCandidate[];
  done: boolean;
}

function readPiece(s: string, piece: Piece, ctx: UnderstandContext, fallbackDate: string | null): Reading {
  const text = s.slice(piece.start, piece.end);
  const parsed = parse(text, ctx);
  const date = pickDate(parsed.dates, true, fallbackDate);
  const quarter = date ? quarterOf(Number(date.slice(5, 7))) : parsed.thisQuarter;
  const cands = linkReport(parsed.idx, { text: parsed.linkText, units: parsed.amounts.map((a) => a.unit), refs: parsed.refs, quarter });
  return { piece, parsed, top: cands[0], cands, done: COMPLETION.some((re) => re.test(text)) };
}

const strong = (r: Reading) => !!r.top && r.top.score >= OWN_READING;

/**
 * Different work: the readings conflict, and the later one names none of the indicators the
 * plan links to the earlier one (编程大赛办完了，赛前还培训了一次: 培训 is the 大赛's own
 * indicator, so one activity; 周一开了素质工作会，周三杂志也订好了: two).
 */
function different(a: Reading, b: Reading): boolean {
  if (!a.top || !b.top) return false;
  if (!conflicts(a.top, b.top)) return false;
  const linked = a.top.milestoneId ? (a.parsed.idx.milestoneById.get(a.top.milestoneId)?.indicators ?? []) : a.top.indicatorIds;
  return !b.top.indicatorIds.some((id) => linked.includes(id));
}

/**
 * The activities of a report, when it holds more than one: each with its own text, readings,
 * amounts and date (a piece without its own date takes the message's). Null when the message
 * is about one activity, which is most of them.
 */
export function splitActivities(s: string, ctx: UnderstandContext, messageDate: string | null): Activity[] | null {
  const whole: Piece = { start: 0, end: s.length };
  const pieces = cut(s, HARD, whole);
  let hard = pieces.map((p) => readPiece(s, p, ctx, messageDate));
  // 本周：… / 今天：…: a heading before a list belongs to every item, not to the first
  const head = hard[0];
  // a heading's date (今天：… / 6月第二周：…) is every item's; an item without one is the message's day, not another item's
  let headingDate: string | null = null;
  if (head && hard.length > 1 && !head.done && !strong(head) && !head.parsed.amounts.length) {
    headingDate = pickDate(head.parsed.dates, true, null);
    hard = hard.slice(1);
  }
  const undated = headingDate ?? shanghaiDay(ctx.now);
  // within a hard piece, commas split only between two done things with different strong readings
  const readings: Reading[] = [];
  for (const r of hard) {
    const soft = cut(s, SOFT, r.piece).map((p) => readPiece(s, p, ctx, messageDate));
    if (soft.length > 1 && soft.filter((x) => strong(x) && x.done).length >= 2) readings.push(...soft.map((x) => ({ ...x, soft: true })));
    else readings.push(r);
  }
  if (readings.length < 2) return null;
  // group: a piece with no strong reading of its own, or about the same work, joins the one before
  const groups: Reading[][] = [];
  for (const r of readings) {
    const last = groups[groups.length - 1];
    const lead = last?.find(strong);
    // 受益800人次 after a comma is the figure of the activity before it, not an activity of its own
    const ownClause = !r.soft || r.done || r.parsed.dates.some((d) => d.level === 'day');
    if (last && (!strong(r) || !ownClause || (lead && !different(lead, r)))) last.push(r);
    else groups.push([r]);
  }
  const all = groups.filter((g) => g.some(strong));
  if (all.length < 2) return null;
  // 筛选工作正在进行，预计4月上旬完成: an item still under way in a round-up is not reported done
  const activities = all.filter((g) => !g.every((r) => UNDER_WAY.test(s.slice(r.piece.start, r.piece.end)) && !r.parsed.amounts.length));
  if (!activities.length) return null;
  return activities.map((g) => {
    const start = g[0]!.piece.start;
    const end = g[g.length - 1]!.piece.end;
    const text = s.slice(start, end);
    const lead = g.find(strong)!;
    const amounts: Amount[] = g.flatMap((r) => r.parsed.amounts);
    const date = g.map((r) => pickDate(r.parsed.dates, true, null)).find((d) => d) ?? (messageDate === null ? null : undated);
    return { text, candidates: lead.cands, amounts, date };
  });
}
