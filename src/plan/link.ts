import type { Indicator, Milestone } from './schema.js';
import { buildCorpus, rank } from '../text/similarity.js';

/** A 质量指标 that restates a 数量指标's number (6期, 100期) measures the same thing. */
export function linkSameAs(indicators: Indicator[]): void {
  const quantity = indicators.filter((i) => i.category === 'quantity');
  for (const ind of indicators) {
    if (ind.category === 'quantity') continue;
    for (const m of ind.metrics) {
      const twin = quantity
        .flatMap((q) => q.metrics)
        .find((qm) => qm.value === m.value && qm.unit === m.unit && shareChars(qm.counts, m.counts) >= 2);
      if (twin) m.sameAs = twin.id;
    }
  }
}

function shareChars(a: string, b: string): number {
  return [...new Set(a)].filter((c) => b.includes(c)).length;
}

/**
 * Which 数量/质量 indicators each milestone advances: the best textual match and
 * any close second, at most three. Stored in the plan so people can correct it.
 */
/** How much of a chosen indicator's words the other-category indicator must share to join it. */
const PAIR_MIN = 0.2;

export function linkMilestones(milestones: Milestone[], indicators: Indicator[]): void {
  const targets = indicators.filter((i) => i.category === 'quantity' || i.category === 'quality');
  const corpus = buildCorpus(targets.map((i) => ({ id: i.id, text: i.text })));
  for (const m of milestones) {
    const ranked = rank(corpus, m.text);
    const best = ranked[0]?.score ?? 0;
    if (best < 0.25) continue;
    const close = ranked.filter((r) => r.score >= Math.max(0.25, best * 0.7));
    // a milestone usually advances a 数量指标 and the 质量指标 that says it went well
    // (学术月: quantity-2 and quality-3): the best of the other category joins when clearly related
    const category = (id: string) => id.split('-')[0];
    for (const c of ['quantity', 'quality']) {
      if (close.some((r) => category(r.id) === c)) continue;
      const top = ranked.find((r) => category(r.id) === c);
      if (!top || top.score < Math.max(0.25, best * 0.45)) continue;
      // …and only when it restates the chosen indicator (质量指标3 says 学术月交流活动 went well)
      const primary = targets.find((t) => t.id === close[0]!.id)!;
      const pair = rank(corpus, primary.text).find((r) => r.id === top.id)?.score ?? 0;
      if (pair >= PAIR_MIN) close.push(top);
    }
    m.indicators = close.slice(0, 3).map((r) => r.id);
  }
}
