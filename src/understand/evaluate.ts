import type { NluLine } from './types.js';

/** One labelled message of the corpus (test/fixtures/corpus/*.jsonl). */
export interface LabelledMessage {
  id: string;
  author?: string;
  /** When it was sent, ISO with +08:00 */
  now: string;
  text: string;
  kind: NluLine['kind'];
  /** Acceptable plan ids, best first; [] = the message names nothing of the plan */
  indicators: string[];
  amounts: { value: number; unit: string; mode?: 'add' | 'set'; ambiguous_mode?: boolean }[];
  date: string | null;
}

export interface Accuracy {
  n: number;
  kind: number;
  /** Of the messages whose label names plan ids: the reader's first id is one of them */
  top1: number;
  /** …one of its first three is */
  top3: number;
  /** Every stated quantity, value and unit, and nothing else (order aside) */
  amounts: number;
  /** Of the amounts both found: running total vs increment agrees (labels marked ambiguous aside) */
  mode: number;
  date: number;
  counts: { indicators: number; modes: number };
}

export interface Miss {
  id: string;
  text: string;
  what: 'kind' | 'top1' | 'top3' | 'amounts' | 'mode' | 'date';
  want: unknown;
  got: unknown;
}

const key = (a: { value: number; unit: string }) => `${Math.round(a.value * 1e4) / 1e4}${a.unit}`;

/** Scores the reader's lines against the labels: the figures `npm run eval` prints. Pure. */
export function scoreReadings(items: readonly LabelledMessage[], lines: readonly NluLine[]): { accuracy: Accuracy; misses: Miss[] } {
  const misses: Miss[] = [];
  let kind = 0, top1 = 0, top3 = 0, amounts = 0, date = 0, withIds = 0, modes = 0, modeOk = 0;
  items.forEach((item, i) => {
    const got = lines[i]!;
    const miss = (what: Miss['what'], want: unknown, g: unknown) => misses.push({ id: item.id, text: item.text, what, want, got: g });
    if (got.kind === item.kind) kind++;
    else miss('kind', item.kind, got.kind);
    if (item.indicators.length) {
      withIds++;
      if (got.indicators[0] && item.indicators.includes(got.indicators[0])) top1++;
      else miss('top1', item.indicators, got.indicators);
      if (got.indicators.slice(0, 3).some((id) => item.indicators.includes(id))) top3++;
      else miss('top3', item.indicators, got.indicators);
    }
    const want = item.amounts.map(key).sort();
    const have = got.amounts.map(key).sort();
    if (JSON.stringify(want) === JSON.stringify(have)) amounts++;
    else miss('amounts', item.amounts.map(key), got.amounts.map(key));
    for (const a of item.amounts) {
      if (a.ambiguous_mode) continue;
      const g = got.amounts.find((b) => key(b) === key(a));
      if (!g) continue;
      modes++;
      if ((g.mode ?? 'add') === (a.mode ?? 'add')) modeOk++;
      else miss('mode', `${key(a)} ${a.mode ?? 'add'}`, g.mode ?? 'add');
    }
    if (got.date === item.date) date++;
    else miss('date', item.date, got.date);
  });
  const n = items.length || 1;
  return {
    accuracy: {
      n: items.length,
      kind: kind / n,
      top1: withIds ? top1 / withIds : 1,
      top3: withIds ? top3 / withIds : 1,
      amounts: amounts / n,
      mode: modes ? modeOk / modes : 1,
      date: date / n,
      counts: { indicators: withIds, modes },
    },
    misses,
  };
}

const pct = (x: number) => `${(x * 100).toFixed(1)}%`;

export function formatAccuracy(name: string, a: Accuracy): string {
  return `${name.padEnd(6)} n=${String(a.n).padStart(3)}  kind ${pct(a.kind)}  top-1 ${pct(a.top1)}  top-3 ${pct(a.top3)}  amounts ${pct(a.amounts)}  mode ${pct(a.mode)}  date ${pct(a.date)}`;
}
