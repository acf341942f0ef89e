/**
 * Character-bigram matching for Chinese text: no segmenter needed, and robust to
 * the small rewordings staff use (科技工作者日 / 全国科技工作者日主场).
 */
const STOP = new Set(['开展', '举办', '组织', '活动', '工作', '进行', '完成', '召开', '参加', '顺利', '区级', '全区', '我们', '今天', '昨天', '已经']);

export function bigrams(text: string): string[] {
  const out: string[] = [];
  const runs = text.match(/[\u4e00-\u9fff]+|[a-z0-9]+/gi) ?? [];
  for (const run of runs) {
    if (run.length === 1) continue;
    for (let k = 0; k + 1 < run.length; k++) {
      const b = run.slice(k, k + 2).toLowerCase();
      if (!STOP.has(b)) out.push(b);
    }
  }
  return out;
}

export interface Corpus {
  idf: Map<string, number>;
  docs: { id: string; grams: Set<string> }[];
}

export function buildCorpus(docs: { id: string; text: string }[]): Corpus {
  const grams = docs.map((d) => ({ id: d.id, grams: new Set(bigrams(d.text)) }));
  const df = new Map<string, number>();
  for (const d of grams) for (const g of d.grams) df.set(g, (df.get(g) ?? 0) + 1);
  const n = docs.length;
  const idf = new Map<string, number>();
  for (const [g, c] of df) idf.set(g, Math.log(1 + n / c));
  return { idf, docs: grams };
}

/**
 * How much of the query's weighted bigrams each document contains (0…1), best first.
 * Bigrams unknown to the corpus carry no weight, so chatter does not dilute a match.
 */
export function rank(corpus: Corpus, query: string): { id: string; score: number; hits: string[] }[] {
  const q = [...new Set(bigrams(query))].filter((g) => corpus.idf.has(g));
  const total = q.reduce((s, g) => s + corpus.idf.get(g)!, 0);
  if (total === 0) return [];
  return corpus.docs
    .map((d) => {
      const hits = q.filter((g) => d.grams.has(g));
      const score = hits.reduce((s, g) => s + corpus.idf.get(g)!, 0) / total;
      return { id: d.id, score, hits };
    })
    .filter((r) => r.score > 0)
    .sort((a, b) => b.score - a.score || a.id.localeCompare(b.id, 'en', { numeric: true }));
}
