/**
 * How the kind model and its combinations with the rules score on the corpus: the figures
 * `npm run train-kind` chooses thresholds by and `npm run eval` prints. Thresholds are chosen
 * on the development part only, from out-of-fold model readings (5-fold cross-validation).
 */
import { parseShanghai } from '../core/time.js';
import type { Plan } from '../plan/schema.js';
import { applyKindModel, toNluLine, understand, type Understanding, type UnderstandContext } from '../understand/index.js';
import { scoreReadings, type Accuracy, type LabelledMessage } from '../understand/evaluate.js';
import { describePolicy, type KindPolicy } from '../understand/kind-combine.js';
import { scoreKind, trainKindModel, type KindExample, type KindModel, type KindPrediction, type TrainOptions } from '../understand/kind-model.js';
import { foldOf } from './corpus.js';

export const FOLDS = 5;

export interface Readings {
  items: LabelledMessage[];
  ctxs: UnderstandContext[];
  rules: Understanding[];
  model: KindPrediction[];
}

/** The rules' readings of a corpus part with the given model readings beside them. */
export function readingsOf(items: LabelledMessage[], plan: Plan, model: (text: string, i: number) => KindPrediction): Readings {
  const ctxs = items.map((it) => ({ plan, now: parseShanghai(it.now.slice(0, 16))! }));
  return {
    items,
    ctxs,
    rules: items.map((it, i) => understand(it.text, ctxs[i]!, { kindPolicy: null })),
    model: items.map((it, i) => model(it.text, i)),
  };
}

/** Model readings of the dev part, each by a model that never saw it (trained on the other folds + extra). */
export function outOfFold(dev: LabelledMessage[], extra: KindExample[], options: Partial<TrainOptions>): (text: string, i: number) => KindPrediction {
  const models: KindModel[] = [];
  for (let f = 0; f < FOLDS; f++) models.push(trainKindModel([...dev.filter((_, i) => foldOf(i, FOLDS) !== f), ...extra], options));
  return (text, i) => scoreKind(models[foldOf(i, FOLDS)]!, text);
}

export interface PolicyScore {
  label: string;
  policy: KindPolicy | null;
  accuracy: Accuracy;
  /** messages whose kind the model changed */
  switched: number;
}

/** The whole pipeline's accuracy under a policy (null = rules alone). */
export function scorePolicy(r: Readings, policy: KindPolicy | null, label = policy ? describePolicy(policy) : 'rules'): PolicyScore {
  let switched = 0;
  const lines = r.rules.map((u, i) => {
    if (!policy) return toNluLine(u);
    const v = applyKindModel(u, r.ctxs[i]!, policy, r.model[i]!);
    if (v.kind !== u.kind) switched++;
    return toNluLine(v);
  });
  return { label, policy, accuracy: scoreReadings(r.items, lines).accuracy, switched };
}

/** The model's kind alone, with no reading built (kind accuracy only). */
export function modelKindAccuracy(r: Readings): number {
  return r.items.filter((it, i) => r.model[i]!.kind === it.kind).length / (r.items.length || 1);
}

const T = [0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.01];
const Q = [0.5, 0.6, 0.7, 0.8, 0.9, 0.95, 0.99];
const W = [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9];

export const POLICY_GRID: Record<KindPolicy['name'], KindPolicy[]> = {
  unsure: T.flatMap((t) => Q.map((q) => ({ name: 'unsure' as const, t, q }))),
  'question-other': T.flatMap((t) => Q.map((q) => ({ name: 'question-other' as const, t, q }))),
  blend: W.map((w) => ({ name: 'blend' as const, w })),
};

/**
 * Per family, the thresholds with the best dev kind accuracy that keep top-1, amounts and date
 * at least as good as the rules'; ties go to the policy that switches fewest messages.
 */
export function choosePolicies(devOutOfFold: Readings): PolicyScore[] {
  const rules = scorePolicy(devOutOfFold, null);
  const keeps = (a: Accuracy) => a.top1 >= rules.accuracy.top1 && a.amounts >= rules.accuracy.amounts && a.date >= rules.accuracy.date;
  return (Object.keys(POLICY_GRID) as KindPolicy['name'][]).map((family) => {
    let best: PolicyScore | null = null;
    for (const p of POLICY_GRID[family]) {
      const s = scorePolicy(devOutOfFold, p);
      if (!keeps(s.accuracy)) continue;
      if (!best || s.accuracy.kind > best.accuracy.kind || (s.accuracy.kind === best.accuracy.kind && s.switched < best.switched)) best = s;
    }
    return best ?? { ...rules, label: `${family} (none better)` };
  });
}

/** "Model alone": the model's kind for every message, read as that kind. */
export const MODEL_ALONE: KindPolicy = { name: 'unsure', t: Infinity, q: 0 };
