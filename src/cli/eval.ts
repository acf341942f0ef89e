import './closed-pipe.js';
import { parseArgs } from 'node:util';
import { parseShanghai } from '../core/time.js';
import { loadPlanFile } from '../plan/load.js';
import { toNluLine, understand } from '../understand/index.js';
import { formatAccuracy, scoreReadings } from '../understand/evaluate.js';
import { DEFAULT_KIND_POLICY, describePolicy } from '../understand/kind-combine.js';
import { defaultKindModel, scoreKind } from '../understand/kind-model.js';
import { CORPUS_PARTS, phrasingExamples, readCorpus } from './corpus.js';
import { MODEL_ALONE, modelKindAccuracy, outOfFold, readingsOf, scorePolicy } from './kind-study.js';

const USAGE = `用法：npm run --silent eval -- [--part dev|test|final|all] [--errors] [--plan data/plans/2021.json]
  用标注语料（test/fixtures/corpus/dev.jsonl 开发集、test.jsonl 测试集、final.jsonl 最后一次核对用）衡量规则读消息的准确率：
  类型、指标 top-1 / top-3、数量、新增/累计、日期。
  --errors  列出开发集上读错的消息（测试集只给总数：规则从不按测试集调）
  --no-model 不比较消息类型模型（默认还列出：模型单用、与规则的各种结合；开发集上的模型为 5 折交叉验证）`;

const PARTS = CORPUS_PARTS;

/** The corpus accuracy of the reader as configured (no LLM): what `npm run bench` and `npm run eval` print. */
export function evaluateCorpus(part: keyof typeof PARTS, planFile = 'data/plans/2021.json') {
  const plan = loadPlanFile(planFile);
  const items = readCorpus(PARTS[part]);
  const lines = items.map((it) => toNluLine(understand(it.text, { plan, now: parseShanghai(it.now.slice(0, 16))! })));
  return scoreReadings(items, lines);
}

const pct = (x: number) => `${(x * 100).toFixed(1)}%`;

/**
 * The kind model beside the rules: model alone and each combination the trainer chose on dev.
 * On dev the model readings are out-of-fold (5-fold cross-validation), on test the committed model's.
 */
function compareKindModel(parts: readonly ('dev' | 'test')[], planFile: string): string[] {
  const model = defaultKindModel();
  const plan = loadPlanFile(planFile);
  const policies = (model.policies ?? []).map((p) => p.policy);
  const out = [`kind model (${Object.keys(model.weights).length} features; default: ${DEFAULT_KIND_POLICY ? describePolicy(DEFAULT_KIND_POLICY) : 'rules alone'}):`];
  for (const part of parts) {
    const items = readCorpus(PARTS[part]);
    const predict =
      part === 'dev' ? outOfFold(items, phrasingExamples(), model.trained?.options ?? {}) : (text: string) => scoreKind(model, text);
    const r = readingsOf(items, plan, predict);
    out.push(`${part}${part === 'dev' ? ' (model 5-fold CV)' : ''}: model alone kind ${pct(modelKindAccuracy(r))}`);
    for (const s of [scorePolicy(r, null), scorePolicy(r, MODEL_ALONE, 'model alone, read as its kind'), ...policies.map((p) => scorePolicy(r, p))])
      out.push(`  ${formatAccuracy(s.label.padEnd(30), s.accuracy).replace(/ n=\s*\d+/, '')}  switched ${s.switched}`);
  }
  return out;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { part: { type: 'string' }, errors: { type: 'boolean' }, 'no-model': { type: 'boolean' }, plan: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
    strict: true,
  });
  if (values.help) return void console.log(USAGE);
  const part = values.part ?? 'all';
  if (!['dev', 'test', 'final', 'all'].includes(part)) {
    console.error(`--part ${part} 不对：应为 dev、test、final 或 all`);
    process.exit(2);
  }
  const parts = part === 'all' ? (['dev', 'test'] as const) : part === 'final' ? [] : ([part] as ('dev' | 'test')[]);
  const results = parts.map((p) => ({ p, ...evaluateCorpus(p, values.plan) }));
  for (const r of results) console.log(formatAccuracy(r.p, r.accuracy));
  if (part === 'all' || part === 'final') console.log(formatAccuracy('final', evaluateCorpus('final', values.plan).accuracy));
  if (DEFAULT_KIND_POLICY && parts.includes('dev'))
    console.log(`(dev above uses the kind model trained on dev itself, ${describePolicy(DEFAULT_KIND_POLICY)}: see its 5-fold line below)`);
  if (results.length === 2) {
    const [d, t] = [results[0]!.accuracy, results[1]!.accuracy];
    const gap = (k: 'kind' | 'top1' | 'top3' | 'amounts' | 'date') => `${k} ${((d[k] - t[k]) * 100).toFixed(1)}`;
    console.log(`gap (dev − test, points): ${['kind', 'top1', 'top3', 'amounts', 'date'].map((k) => gap(k as 'kind')).join('  ')}`);
  }
  if (!values['no-model']) for (const line of compareKindModel(parts, values.plan ?? 'data/plans/2021.json')) console.log(line);
  if (values.errors) {
    const dev = results.find((r) => r.p === 'dev');
    if (!dev) console.error('--errors 只列开发集（--part dev）。');
    else for (const m of dev.misses) console.log(`${m.id} ${m.what}: want ${JSON.stringify(m.want)} got ${JSON.stringify(m.got)} | ${m.text}`);
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await main();
