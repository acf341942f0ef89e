import './closed-pipe.js';
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { parseShanghai } from '../core/time.js';
import { loadPlanFile } from '../plan/load.js';
import { toNluLine, understand } from '../understand/index.js';
import { formatAccuracy, scoreReadings, type LabelledMessage } from '../understand/evaluate.js';

const USAGE = `用法：npm run --silent eval -- [--part dev|test|all] [--errors] [--plan data/plans/2021.json]
  用标注语料（test/fixtures/corpus/dev.jsonl 开发集、test.jsonl 测试集）衡量规则读消息的准确率：
  类型、指标 top-1 / top-3、数量、新增/累计、日期。
  --errors  列出开发集上读错的消息（测试集只给总数：规则从不按测试集调）`;

const PARTS = { dev: 'test/fixtures/corpus/dev.jsonl', test: 'test/fixtures/corpus/test.jsonl' } as const;

function readCorpus(file: string): LabelledMessage[] {
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l, i) => {
      try {
        return JSON.parse(l) as LabelledMessage;
      } catch {
        throw new Error(`${file} 第${i + 1}行不是 JSON`);
      }
    });
}

/** The corpus accuracy of the rules alone (no LLM): what `npm run bench` and `npm run eval` print. */
export function evaluateCorpus(part: keyof typeof PARTS, planFile = 'data/plans/2021.json') {
  const plan = loadPlanFile(planFile);
  const items = readCorpus(PARTS[part]);
  const lines = items.map((it) => toNluLine(understand(it.text, { plan, now: parseShanghai(it.now.slice(0, 16))! })));
  return scoreReadings(items, lines);
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { part: { type: 'string' }, errors: { type: 'boolean' }, plan: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
    strict: true,
  });
  if (values.help) return void console.log(USAGE);
  const part = values.part ?? 'all';
  if (!['dev', 'test', 'all'].includes(part)) {
    console.error(`--part ${part} 不对：应为 dev、test 或 all`);
    process.exit(2);
  }
  const parts = part === 'all' ? (['dev', 'test'] as const) : ([part] as ('dev' | 'test')[]);
  const results = parts.map((p) => ({ p, ...evaluateCorpus(p, values.plan) }));
  for (const r of results) console.log(formatAccuracy(r.p, r.accuracy));
  if (results.length === 2) {
    const [d, t] = [results[0]!.accuracy, results[1]!.accuracy];
    const gap = (k: 'kind' | 'top1' | 'top3' | 'amounts' | 'date') => `${k} ${((d[k] - t[k]) * 100).toFixed(1)}`;
    console.log(`gap (dev − test, points): ${['kind', 'top1', 'top3', 'amounts', 'date'].map((k) => gap(k as 'kind')).join('  ')}`);
  }
  if (values.errors) {
    const dev = results.find((r) => r.p === 'dev');
    if (!dev) console.error('--errors 只列开发集（--part dev）。');
    else for (const m of dev.misses) console.log(`${m.id} ${m.what}: want ${JSON.stringify(m.want)} got ${JSON.stringify(m.got)} | ${m.text}`);
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await main();
