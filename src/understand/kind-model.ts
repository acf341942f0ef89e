/**
 * A small statistical reader of a message's kind: multinomial logistic regression over the
 * character 1–3-grams of the prepared text plus a few binary cues. Trained by
 * `npm run train-kind` on the development corpus and the phrasings table only (never on the
 * held-out test part); the weights live in kind-model.json next to this file.
 *
 * Pure apart from reading that committed JSON once, on first use.
 */
import { readFileSync } from 'node:fs';
import { prepareText } from './text.js';
import type { MessageKind } from './types.js';
import type { KindPolicy } from './kind-combine.js';

export const KINDS: readonly MessageKind[] = ['question', 'report', 'correction', 'other'];

export interface KindModel {
  version: 1;
  kinds: MessageKind[];
  /** One bias per kind, in `kinds` order */
  bias: number[];
  /** Feature → one weight per kind */
  weights: Record<string, number[]>;
  /** How it was trained (for the record; prediction does not read it) */
  trained?: { examples: number; options: TrainOptions };
  /** Per combination family, the thresholds chosen on dev by cross-validation, with their dev kind accuracy */
  policies?: { policy: KindPolicy; devKind: number }[];
}

export interface KindPrediction {
  kind: MessageKind;
  p: Record<MessageKind, number>;
}

/** 3人次 / 1.2万元 / 85% / 12期: a stated quantity, whatever the number */
const NUMBER_UNIT = /\d(?:[.,]\d+)?\s*(?:万|千|百)?(?:人次|人|场|次|期|份|个|家|元|%|件|项|所|篇|部|校|队|名|户|天)/;
const QUESTION_END = /(?:\?|吗|呢|么|没有|了没|多少|几个|哪些)[\s.。!~啊呀]*$/;

/**
 * What the model sees of a message: the set of its character 1–3-grams (digits folded to 0,
 * ^ and $ marking the ends) and a few binary cues. Exported for the trainer and tests.
 */
export function kindFeatures(text: string): string[] {
  const s = prepareText(text).toLowerCase();
  const folded = `^${s.replace(/\d+(?:[.,]\d+)*/g, '0')}$`;
  const chars = [...folded];
  const out = new Set<string>();
  for (let n = 1; n <= 3; n++)
    for (let i = 0; i + n <= chars.length; i++) {
      const g = chars.slice(i, i + n).join('');
      if (g !== '^' && g !== '$') out.add(g);
    }
  if (NUMBER_UNIT.test(s)) out.add('#number+unit');
  if (/\d/.test(s)) out.add('#number');
  if (s.includes('?')) out.add('#question-mark');
  if (QUESTION_END.test(s)) out.add('#ends-as-question');
  out.add(s.length <= 8 ? '#len:short' : s.length <= 25 ? '#len:mid' : '#len:long');
  return [...out];
}

function softmax(z: number[]): number[] {
  const m = Math.max(...z);
  const e = z.map((x) => Math.exp(x - m));
  const sum = e.reduce((a, b) => a + b, 0);
  return e.map((x) => x / sum);
}

/** The model's reading of one message. Pure. */
export function scoreKind(model: KindModel, text: string): KindPrediction {
  const all = kindFeatures(text);
  // scaled by all the message's features, known or not, exactly as in training
  const scale = all.length ? 1 / Math.sqrt(all.length) : 0;
  const feats = all.filter((f) => Object.hasOwn(model.weights, f));
  const z = [...model.bias];
  for (const f of feats) {
    const w = model.weights[f]!;
    for (let k = 0; k < z.length; k++) z[k]! += w[k]! * scale;
  }
  const probs = softmax(z);
  const p = { question: 0, report: 0, correction: 0, other: 0 } as Record<MessageKind, number>;
  let best = 0;
  model.kinds.forEach((k, i) => {
    p[k] = probs[i]!;
    if (probs[i]! > probs[best]!) best = i;
  });
  return { kind: model.kinds[best]!, p };
}

let loaded: KindModel | null = null;

/** The committed model (src/understand/kind-model.json), read once. */
export function defaultKindModel(): KindModel {
  if (!loaded) {
    const raw = JSON.parse(readFileSync(new URL('./kind-model.json', import.meta.url), 'utf8')) as KindModel;
    if (raw.version !== 1 || !Array.isArray(raw.kinds) || raw.bias.length !== raw.kinds.length)
      throw new Error('src/understand/kind-model.json 不是有效的模型文件：请运行 npm run train-kind 重新生成');
    loaded = raw;
  }
  return loaded;
}

/** The committed model's reading of one message. */
export function predictKind(text: string): KindPrediction {
  return scoreKind(defaultKindModel(), text);
}

// ── training ────────────────────────────────────────────────────────────────────────────

export interface TrainOptions {
  /** Full-batch gradient steps */
  epochs: number;
  learningRate: number;
  /** L2 penalty on the weights (not the biases) */
  l2: number;
  /** A feature must occur in at least this many training messages */
  minCount: number;
  /** Keep only the features with the largest weights */
  maxFeatures: number;
}

/** Chosen by 5-fold cross-validation on the dev corpus (l2 1e-3 → 87.9%, 3e-4 → 90.9%, 1e-4 → 91.8%, lower no better) */
export const DEFAULT_TRAIN_OPTIONS: TrainOptions = { epochs: 300, learningRate: 3, l2: 0.0001, minCount: 2, maxFeatures: 3000 };

export interface KindExample {
  text: string;
  kind: MessageKind;
}

const round = (x: number) => Math.round(x * 1e4) / 1e4;

/**
 * Fits the model by full-batch gradient descent with momentum from zero weights: no random
 * draw anywhere, so the same examples and options always give the same model.
 */
export function trainKindModel(examples: readonly KindExample[], options: Partial<TrainOptions> = {}): KindModel {
  const o = { ...DEFAULT_TRAIN_OPTIONS, ...options };
  const kinds = [...KINDS];
  const K = kinds.length;
  const featSets = examples.map((e) => kindFeatures(e.text));
  const counts = new Map<string, number>();
  for (const fs of featSets) for (const f of fs) counts.set(f, (counts.get(f) ?? 0) + 1);
  const vocab = [...counts.keys()].filter((f) => counts.get(f)! >= o.minCount).sort();
  const index = new Map(vocab.map((f, i) => [f, i]));
  const rows = featSets.map((fs) => fs.map((f) => index.get(f)).filter((i): i is number => i !== undefined));
  const scales = featSets.map((fs) => (fs.length ? 1 / Math.sqrt(fs.length) : 0));
  const ys = examples.map((e) => kinds.indexOf(e.kind));
  const N = Math.max(1, examples.length);
  const V = vocab.length;
  const W = new Float64Array(V * K);
  const b = new Float64Array(K);
  const vW = new Float64Array(V * K);
  const vb = new Float64Array(K);
  const gW = new Float64Array(V * K);
  const gb = new Float64Array(K);
  const momentum = 0.9;
  for (let epoch = 0; epoch < o.epochs; epoch++) {
    gW.fill(0);
    gb.fill(0);
    rows.forEach((row, n) => {
      const scale = scales[n]!;
      const z = Array.from(b);
      for (const j of row) for (let k = 0; k < K; k++) z[k]! += W[j * K + k]! * scale;
      const p = softmax(z);
      for (let k = 0; k < K; k++) {
        const d = (p[k]! - (ys[n] === k ? 1 : 0)) / N;
        gb[k]! += d;
        for (const j of row) gW[j * K + k]! += d * scale;
      }
    });
    for (let i = 0; i < V * K; i++) {
      vW[i] = momentum * vW[i]! - o.learningRate * (gW[i]! + o.l2 * W[i]!);
      W[i]! += vW[i]!;
    }
    for (let k = 0; k < K; k++) {
      vb[k] = momentum * vb[k]! - o.learningRate * gb[k]!;
      b[k]! += vb[k]!;
    }
  }
  // keep the features that move a decision most; ties by name so pruning is deterministic too
  const strength = vocab.map((f, j) => ({ f, j, s: Math.max(...Array.from({ length: K }, (_, k) => Math.abs(W[j * K + k]!))) }));
  strength.sort((x, y) => y.s - x.s || (x.f < y.f ? -1 : 1));
  const weights: Record<string, number[]> = {};
  for (const { f, j } of strength.slice(0, o.maxFeatures).sort((x, y) => (x.f < y.f ? -1 : 1)))
    weights[f] = Array.from({ length: K }, (_, k) => round(W[j * K + k]!));
  return { version: 1, kinds, bias: Array.from(b, round), weights, trained: { examples: examples.length, options: o } };
}
