import type { LinkCandidate } from './types.js';
import { isIndicator, isMilestone, scoreDocs, type PlanIndex, type Scored } from './plan-index.js';
import type { Refs } from './refs.js';

export interface LinkInput {
  /** Prepared text with dates, amounts and record ids blanked */
  text: string;
  /** Units of the message's amounts */
  units: string[];
  refs: Refs;
  /** Quarter of the activity's date, to pick among look-alike milestones */
  quarter: 1 | 2 | 3 | 4 | null;
  /** Money spent (花了20万元, 执行数168万元) and no other amount: the cost indicator reads first */
  spending?: boolean;
}

const round = (x: number) => Math.round(Math.max(0, Math.min(1, x)) * 1000) / 1000;
/** A unit that only one indicator measures steers the reading (期 → quantity-8, % → satisfaction-1). */
function steeringIndicators(idx: PlanIndex, units: string[]): string[] {
  const out: string[] = [];
  for (const u of units) {
    // 一场讲座 / 一次活动: every activity has 场 and 次; only the words can say which
    if (u === '场' || u === '次') continue;
    const list = idx.unitIndicators.get(u) ?? [];
    if (list.length === 1 && !out.includes(list[0]!)) out.push(list[0]!);
  }
  return out;
}

function measures(idx: PlanIndex, id: string, units: string[]): boolean {
  const own = idx.indicatorUnits.get(id);
  return !!own && units.some((u) => own.has(u));
}

/** Explicit refs first, then indicators measuring one of the message's units, then the rest (stable). */
function orderIndicators(idx: PlanIndex, ids: string[], input: LinkInput): string[] {
  const unique = [...new Set(ids)];
  const rankOf = (id: string) => (input.refs.indicators.includes(id) ? 0 : measures(idx, id, input.units) ? 1 : 2);
  return unique.map((id, i) => ({ id, i })).sort((a, b) => rankOf(a.id) - rankOf(b.id) || a.i - b.i).map((x) => x.id);
}

/**
 * The readings of a report, best first: each a milestone with the indicators it advances
 * (the plan's milestone.indicators plus strong direct indicator matches), or an indicator
 * alone when no milestone fits (满意度, 经费支出). An indicator named explicitly wins;
 * a unit only one indicator measures steers; the date's quarter breaks ties.
 */
/** 《科普进行时》 / “简约生活 创意无限”: a quoted name the plan uses picks the items that carry it. */
function quotedNames(idx: PlanIndex, text: string): string[] {
  const names = [...text.matchAll(/[《“"「]([^》”"」]{2,16})[》”"」]/g)].map((m) => m[1]!.trim());
  return names.filter((n) => idx.planText.includes(n));
}

export function linkReport(idx: PlanIndex, input: LinkInput): LinkCandidate[] {
  const named = quotedNames(idx, input.text);
  const carries = (id: string) => {
    const doc = idx.milestoneById.get(id)?.text ?? idx.indicatorById.get(id)?.text ?? '';
    return named.some((n) => doc.replace(/[“”"'‘’《》「」『』]/g, '').includes(n.replace(/[“”"'‘’《》「」『』]/g, '')));
  };
  const ms = scoreDocs(idx, input.text, isMilestone).map((m) => (carries(m.id) ? { ...m, score: m.score + 0.3 } : m)).sort((a, b) => b.score - a.score);
  const inds = scoreDocs(idx, input.text, (id) => isIndicator(id) && !id.startsWith('benefit-')).map((i) => (carries(i.id) ? { ...i, score: i.score + 0.3 } : i)).sort((a, b) => b.score - a.score);
  const steer = steeringIndicators(idx, input.units);
  const bestInd = inds[0]?.score ?? 0;
  const strongInds = inds.filter((i) => i.score >= 0.6 && i.score >= 0.85 * bestInd).map((i) => i.id);
  const cands: LinkCandidate[] = [];

  for (const m of ms.slice(0, 6)) {
    if (m.score < 0.2) break;
    const milestone = idx.milestoneById.get(m.id)!;
    let score = m.score;
    if (input.quarter && milestone.quarter === `q${input.quarter}`) score += 0.04;
    else if (milestone.quarter === 'annual') score += 0.02;
    if (milestone.indicators.some((id) => measures(idx, id, input.units))) score += 0.05;
    if (milestone.indicators.some((id) => steer.includes(id))) score += 0.1;
    if (milestone.indicators.some((id) => input.refs.indicators.includes(id))) score += 0.1;
    const extra = strongInds.filter((id) => inds.find((i) => i.id === id)!.hits.some((h) => m.hits.includes(h)));
    cands.push({ milestoneId: m.id, indicatorIds: orderIndicators(idx, [...milestone.indicators, ...extra], input), score });
  }

  const covered = (id: string) => cands.some((c) => c.score >= 0.45 && c.indicatorIds.includes(id));
  for (const i of inds.slice(0, 3)) {
    if (i.score < 0.45 || covered(i.id)) continue;
    const score = i.score * 0.85 + (measures(idx, i.id, input.units) ? 0.15 : 0) + (steer.includes(i.id) ? 0.1 : 0);
    cands.push({ milestoneId: null, indicatorIds: [i.id], score });
  }
  for (const id of steer) {
    if (cands.some((c) => c.indicatorIds.includes(id))) continue;
    const textual = inds.find((i) => i.id === id)?.score ?? 0;
    cands.push({ milestoneId: null, indicatorIds: [id], score: 0.45 + 0.4 * textual });
  }

  // An indicator named explicitly (数量指标13) wins; with it, the milestone the text names if that milestone advances it.
  const explicit: LinkCandidate[] = [];
  for (const ref of input.refs.indicators) {
    const withMs = cands.find((c) => c.milestoneId && c.score >= 0.35 && c.indicatorIds.includes(ref));
    explicit.push({
      milestoneId: withMs?.milestoneId ?? null,
      indicatorIds: orderIndicators(idx, [ref, ...(withMs?.indicatorIds ?? [])], input),
      score: 1,
    });
  }
  for (const ref of input.refs.milestones) {
    const milestone = idx.milestoneById.get(ref)!;
    explicit.push({ milestoneId: ref, indicatorIds: orderIndicators(idx, milestone.indicators, input), score: 1 });
  }
  // Spending is the cost indicator's, whatever activity the money went to (the activity stays as an alternative).
  const spent: LinkCandidate[] = [];
  if (input.spending && !input.refs.indicators.length)
    for (const id of idx.categoryIds.get('cost') ?? []) if (measures(idx, id, ['万元', '元'])) spent.push({ milestoneId: null, indicatorIds: [id], score: 0.95 });
  cands.sort((a, b) => b.score - a.score);
  // a milestone of another quarter that only shares its indicator's words (街道项目 in September is not
  // 二季度's 督促街道实施项目): the indicator on its own reads the report better
  const lead = cands[0];
  const leadMs = lead?.milestoneId ? idx.milestoneById.get(lead.milestoneId) : undefined;
  if (lead && leadMs && input.quarter && /^q[1-4]$/.test(leadMs.quarter) && leadMs.quarter !== `q${input.quarter}`) {
    const alone = cands.find((c) => !c.milestoneId && c.indicatorIds.some((id) => lead.indicatorIds.includes(id)));
    if (alone && alone.score >= lead.score - 0.15) {
      cands.splice(cands.indexOf(alone), 1);
      cands.unshift({ ...alone, score: Math.max(alone.score, lead.score) });
    }
  }
  const all = [...explicit, ...spent, ...cands];
  const seen = new Set<string>();
  const out: LinkCandidate[] = [];
  for (const c of all) {
    const key = c.milestoneId ?? `:${c.indicatorIds[0] ?? ''}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push({ ...c, score: round(c.score) });
    if (out.length >= 5) break;
  }
  return out;
}

/** Two readings conflict when they name different milestones or share no indicator. */
export function conflicts(a: LinkCandidate, b: LinkCandidate): boolean {
  if (a.milestoneId && b.milestoneId) return a.milestoneId !== b.milestoneId;
  return !a.indicatorIds.some((id) => b.indicatorIds.includes(id));
}

export interface Named {
  milestones: Scored[];
  indicators: Scored[];
}

/** The plan items a question names by their words (科普日, 编程大赛, 受益人数, 宣传刊物). */
export function namedThings(idx: PlanIndex, text: string): Named {
  const pick = (list: Scored[], min: number) => {
    const best = list[0]?.score ?? 0;
    // a question about 会议室投影仪 shares one bigram (会议) with the plan: not a name
    return list.filter((s) => s.score >= min && s.score >= best * 0.75 && s.share >= 0.3).slice(0, 4);
  };
  return {
    milestones: pick(scoreDocs(idx, text, isMilestone), 0.45),
    indicators: pick(scoreDocs(idx, text, isIndicator), 0.45),
  };
}
