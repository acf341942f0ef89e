import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { fromShanghai } from '../src/core/time.js';
import { shouldAsk } from '../src/llm/refiner.js';
import { loadPlanFile } from '../src/plan/load.js';
import type { MessageKind, UnderstandContext, Understanding } from '../src/understand/types.js';
import { BENCH_MESSAGES } from './messages.js';

/** `understand(text, ctx)` of src/understand/index.ts (the rules). */
type Understand = (text: string, ctx: UnderstandContext) => Understanding | Promise<Understanding>;

/** Loaded when the bench runs, so the LLM bench type-checks before the rules module lands. */
async function loadRules(): Promise<Understand> {
  let mod: { understand?: Understand };
  try {
    mod = (await import('../src/understand/' + 'index.js')) as { understand?: Understand };
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ERR_MODULE_NOT_FOUND')
      throw new Error('bench/llm 需要规则理解 src/understand/index.ts 的 understand(text, ctx)，该文件还不存在。');
    throw e;
  }
  if (typeof mod.understand !== 'function') throw new Error('src/understand/index.ts 没有导出 understand(text, ctx)');
  return mod.understand;
}

const pct = (n: number, of: number) => (of ? `${Math.round((n / of) * 100)}%` : '-');

/**
 * How many of 100 office messages the rules would hand to the LLM (confidence below the
 * threshold), overall and per kind: the cost and latency the LLM adds, with no network.
 */
export async function benchLlm(
  options: { understand?: Understand; threshold?: number } = {},
): Promise<string[]> {
  const threshold = options.threshold ?? Number(process.env.LLM_MIN_CONFIDENCE || 0.6);
  const understand = options.understand ?? (await loadRules());
  const plan = loadPlanFile(path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../data/plans/2021.json'));
  const ctx: UnderstandContext = { plan, now: fromShanghai(2021, 5, 10, 10, 0) };

  const kinds: MessageKind[] = ['report', 'question', 'correction', 'other'];
  const byKind = new Map(kinds.map((k) => [k, { total: 0, asked: 0, kindRight: 0 }]));
  const asked: string[] = [];
  let ms = 0;
  for (const m of BENCH_MESSAGES) {
    const t = performance.now();
    const rules = await understand(m.text, ctx);
    ms += performance.now() - t;
    const row = byKind.get(m.kind)!;
    row.total++;
    if (rules.kind === m.kind) row.kindRight++;
    if (shouldAsk(rules, threshold)) {
      row.asked++;
      asked.push(`    ${rules.confidence.toFixed(2)} ${rules.kind.padEnd(10)} ${m.text}`);
    }
  }
  const total = BENCH_MESSAGES.length;
  const sent = asked.length;
  return [
    `llm: ${sent}/${total} messages (${pct(sent, total)}) would go to the model (rules confidence < ${threshold}); rules took ${(ms / total).toFixed(2)} ms/message`,
    ...kinds.map((k) => {
      const r = byKind.get(k)!;
      return `  ${k.padEnd(10)} ${String(r.total).padStart(3)} messages, ${String(r.asked).padStart(3)} sent (${pct(r.asked, r.total)}), rules kind right ${pct(r.kindRight, r.total)}`;
    }),
    ...(sent ? ['  sent (confidence, rules kind, text):', ...asked] : []),
  ];
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  benchLlm()
    .then((lines) => console.log(lines.join('\n')))
    .catch((e: unknown) => {
      console.error(e instanceof Error ? e.message : e);
      process.exitCode = 1;
    });
}
