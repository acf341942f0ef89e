import './closed-pipe.js';
import { writeFileSync, renameSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { loadPlanFile } from '../plan/load.js';
import { describePolicy } from '../understand/kind-combine.js';
import { DEFAULT_TRAIN_OPTIONS, trainKindModel, type KindModel } from '../understand/kind-model.js';
import { CORPUS_PARTS, phrasingExamples, readCorpus } from './corpus.js';
import { choosePolicies, modelKindAccuracy, outOfFold, readingsOf } from './kind-study.js';

const USAGE = `用法：npm run --silent train-kind -- [--out src/understand/kind-model.json] [--plan data/plans/2021.json]
  用开发集（test/fixtures/corpus/dev.jsonl）和 test/understand/phrasings.ts 训练消息类型模型
  （字符 1–3 元组的多项逻辑回归），从不读测试集。训练是确定的：同样的数据得到同样的文件。
  再在开发集上做 5 折交叉验证，为每种与规则结合的方式选阈值，一并写入模型文件。`;

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { out: { type: 'string' }, plan: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
    strict: true,
  });
  if (values.help) return void console.log(USAGE);
  const out = values.out ?? 'src/understand/kind-model.json';
  const plan = loadPlanFile(values.plan ?? 'data/plans/2021.json');
  const dev = readCorpus(CORPUS_PARTS.dev);
  const extra = phrasingExamples();
  const model: KindModel = trainKindModel([...dev, ...extra], DEFAULT_TRAIN_OPTIONS);
  console.log(`trained on ${dev.length} dev messages + ${extra.length} phrasings: ${Object.keys(model.weights).length} features`);

  const cv = readingsOf(dev, plan, outOfFold(dev, extra, DEFAULT_TRAIN_OPTIONS));
  console.log(`dev, 5-fold cross-validated: model alone kind ${(modelKindAccuracy(cv) * 100).toFixed(1)}%`);
  const chosen = choosePolicies(cv);
  for (const c of chosen) console.log(`  ${c.label.padEnd(28)} dev kind ${(c.accuracy.kind * 100).toFixed(1)}%  switched ${c.switched}`);
  model.policies = chosen.filter((c) => c.policy).map((c) => ({ policy: c.policy!, devKind: Math.round(c.accuracy.kind * 1e4) / 1e4 }));

  // atomic: a half-written model file would leave every reader on the rules alone
  const tmp = `${out}.tmp`;
  writeFileSync(tmp, JSON.stringify(model) + '\n');
  renameSync(tmp, out);
  console.log(`wrote ${out} (${Math.round(JSON.stringify(model).length / 1024)} KB); policies: ${model.policies.map((p) => describePolicy(p.policy)).join('; ')}`);
}

if (import.meta.url === `file://${process.argv[1]}`) await main();
