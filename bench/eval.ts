import { evaluateCorpus } from '../src/cli/eval.js';
import { formatAccuracy } from '../src/understand/evaluate.js';

/**
 * How well messages are read, on the labelled corpus: the development part (rules and the kind
 * model were tuned on it) and the test part (never tuned on). The gap is the over-fitting.
 */
export async function benchEval(): Promise<string[]> {
  const dev = evaluateCorpus('dev').accuracy;
  const test = evaluateCorpus('test').accuracy;
  const gap = (k: 'kind' | 'top1' | 'top3' | 'amounts' | 'date') => `${k} ${((dev[k] - test[k]) * 100).toFixed(1)}`;
  return [
    '读消息的准确率（npm run eval 有明细）',
    formatAccuracy('dev', dev),
    formatAccuracy('test', test),
    `gap (dev − test, points): ${(['kind', 'top1', 'top3', 'amounts', 'date'] as const).map(gap).join('  ')}`,
  ];
}
