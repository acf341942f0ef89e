import type { Indicator, Milestone, Plan } from '../plan/schema.js';
import { bigrams, buildCorpus, rank, type Corpus } from '../text/similarity.js';

/**
 * Per-plan lookup tables for the rules, built once per plan object (WeakMap cache):
 * bigram/IDF corpora of the milestones and of the indicators, which units each
 * indicator measures, and the ids by 二级指标 number.
 */
export interface PlanIndex {
  plan: Plan;
  /** Every milestone and indicator text, quotes removed: to tell 明天小小科学家 (a name) from 明天 (a date) */
  planText: string;
  /** Milestones and indicators in one corpus, so that IDF and query coverage are comparable */
  corpus: Corpus;
  /** Sum of the IDF weights of a document's bigrams (how much text it has to match) */
  docWeight: Map<string, number>;
  milestoneById: Map<string, Milestone>;
  indicatorById: Map<string, Indicator>;
  /** unit → indicators with a metric in that unit (metrics restating another, sameAs, skipped) */
  unitIndicators: Map<string, string[]>;
  /** indicator → units it measures */
  indicatorUnits: Map<string, Set<string>>;
  /** `${category}:${number}` → indicator id */
  byCategoryNumber: Map<string, string>;
  categoryIds: Map<string, string[]>;
  /** indicator → milestones that advance it */
  milestonesOf: Map<string, string[]>;
}

/**
 * Words staff use for the same thing as the plan's text. A document containing any word of
 * a group also gets its text with each other word in its place, so 编程比赛 finds 编程大赛
 * and 公众号 finds 微信平台.
 */
const SYNONYMS: string[][] = [
  ['大赛', '比赛', '竞赛'],
  ['学术交流月', '学术月'],
  ['微信平台', '公众号', '推文', '微信'],
  ['对口援助', '对口帮扶', '对口支援', '帮扶', '援助', '下乡'],
  ['走访慰问', '慰问', '走访'],
  ['培训班', '培训'],
  ['委员会', '全委会', '委员会议'],
  ['简约生活', '创意无限', '废品再设计'],
  ['领导干部', '公务员'],
  ['全民科学素质', '科学素质', '科素'],
  ['人工智能', 'AI'],
  ['学协会', '学会', '协会'],
  ['宣传刊物', '刊物', '期刊', '内刊'],
  ['科普宣传品', '宣传品', '宣传册', '宣传材料', '折页'],
  ['满意度', '满意'],
  ['经费支出', '经费执行', '执行率', '执行数', '预算执行'],
  ['综艺展演', '文艺展演', '展演', '汇演'],
  ['务虚会', '务虚'],
  // 评选评优 is what staff report as 获评 / 荣获 / 推荐候选人
  ['评选评优', '评优', '获评', '荣获', '获奖', '候选人', '推荐参评'],
  ['科学素质建设工作会', '素质大会', '科素大会', '素质工作会'],
];

function expand(raw: string): string {
  // “全国科普日”主场 reads as 全国科普日主场: quotes and book-title marks do not break a name
  const text = raw.replace(/[“”"'‘’《》「」『』]/g, '');
  const variants = [text];
  for (const group of SYNONYMS)
    for (const w of group)
      if (text.includes(w)) for (const other of group) if (other !== w) variants.push(text.split(w).join(other));
  return variants.join(' ');
}

const cache = new WeakMap<Plan, PlanIndex>();

export function planIndex(plan: Plan): PlanIndex {
  const hit = cache.get(plan);
  if (hit) return hit;
  const corpus = buildCorpus([
    ...plan.milestones.map((m) => ({ id: m.id, text: expand(m.text) })),
    ...plan.indicators.map((i) => ({ id: i.id, text: expand(`${i.text} ${i.metrics.map((m) => m.counts).join(' ')}`) })),
  ]);
  const docWeight = new Map<string, number>();
  for (const d of corpus.docs) docWeight.set(d.id, [...d.grams].reduce((s, g) => s + (corpus.idf.get(g) ?? 0), 0));
  const unitIndicators = new Map<string, string[]>();
  const indicatorUnits = new Map<string, Set<string>>();
  const byCategoryNumber = new Map<string, string>();
  const categoryIds = new Map<string, string[]>();
  for (const ind of plan.indicators) {
    byCategoryNumber.set(`${ind.category}:${ind.number}`, ind.id);
    categoryIds.set(ind.category, [...(categoryIds.get(ind.category) ?? []), ind.id]);
    const units = new Set<string>();
    for (const m of ind.metrics) {
      if (m.sameAs) continue;
      units.add(m.unit);
      const list = unitIndicators.get(m.unit) ?? [];
      if (!list.includes(ind.id)) list.push(ind.id);
      unitIndicators.set(m.unit, list);
    }
    indicatorUnits.set(ind.id, units);
  }
  const milestonesOf = new Map<string, string[]>();
  for (const m of plan.milestones)
    for (const id of m.indicators) milestonesOf.set(id, [...(milestonesOf.get(id) ?? []), m.id]);
  const idx: PlanIndex = {
    plan,
    planText: [...plan.milestones.map((m) => m.text), ...plan.indicators.map((i) => i.text)].join('\n').replace(/[“”"'‘’《》「」『』]/g, ''),
    corpus,
    docWeight,
    milestoneById: new Map(plan.milestones.map((m) => [m.id, m])),
    indicatorById: new Map(plan.indicators.map((i) => [i.id, i])),
    unitIndicators,
    indicatorUnits,
    byCategoryNumber,
    categoryIds,
    milestonesOf,
  };
  cache.set(plan, idx);
  return idx;
}

export const isMilestone = (id: string) => id.startsWith('schedule-');
export const isIndicator = (id: string) => !id.startsWith('schedule-');

export interface Scored {
  id: string;
  /** 0…1 */
  score: number;
  hits: string[];
  /** IDF weight of the matched bigrams: how much evidence there is */
  evidence: number;
  /** Share of all the query's bigrams (known to the plan or not) that the document holds */
  share: number;
}

/**
 * Bigram/IDF ranking (text/similarity.rank: the share of the query's known bigrams a document
 * holds), blended with the share of the document the query covers, so that a message naming
 * most of one milestone beats one that shares a single word with many.
 */
export function scoreDocs(idx: PlanIndex, query: string, keep: (id: string) => boolean): Scored[] {
  if (!query) return [];
  const corpus = idx.corpus;
  const all = new Set(bigrams(query)).size || 1;
  const out: Scored[] = [];
  for (const r of rank(corpus, query)) {
    if (!keep(r.id)) continue;
    const evidence = r.hits.reduce((s, g) => s + (corpus.idf.get(g) ?? 0), 0);
    const weight = idx.docWeight.get(r.id) ?? 1;
    const dc = Math.min(1, (2 * evidence) / Math.max(weight, 1e-9));
    out.push({ id: r.id, score: 0.75 * r.score + 0.25 * dc, hits: r.hits, evidence, share: r.hits.length / all });
  }
  return out.sort((a, b) => b.score - a.score || a.id.localeCompare(b.id, 'en', { numeric: true }));
}

