import { existsSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createLlmRefiner } from '../../src/llm/refiner.js';
import { loadPrompts } from '../../src/llm/prompts.js';
import type { Refiner, UnderstandContext, Understanding } from '../../src/understand/types.js';
import { captureLog, clientFor, ctx } from './helpers.js';
import { completion, startFakeOpenAI, type FakeServer } from './fake-openai.js';

/**
 * The threshold gate as the bot runs it: understandMessage (src/understand/index.ts, owned by
 * the rules engineer) asks the refiner only when the rules' confidence is below 0.6. Skipped
 * until that module exists; shouldAsk/minConfidence are covered in refiner.test.ts meanwhile.
 */
interface UnderstandModule {
  understand(text: string, ctx: UnderstandContext): Understanding | Promise<Understanding>;
  understandMessage(text: string, ctx: UnderstandContext, refiner?: Refiner): Promise<Understanding>;
}
const INDEX = path.resolve(import.meta.dirname, '../../src/understand/index.ts');
const mod: UnderstandModule | null = existsSync(INDEX) ? await import(/* @vite-ignore */ '../../src/understand/' + 'index.js') : null;

const MESSAGES = [
  '数量指标12完成了多少？',
  '这个季度要做什么',
  '帮助',
  '6月5日科普之夏主场活动办完了，受益人数1200人次',
  '嗯嗯，收到',
  '那个活动搞完了，人挺多的',
  '上次说的那个事弄好了',
  '撤回上一条',
];

let server: FakeServer | null = null;
afterEach(async () => {
  await server?.close();
  server = null;
});

describe.skipIf(!mod)('understandMessage asks the LLM only when the rules are unsure (needs src/understand/index.ts)', () => {
  const refinerOn = (s: FakeServer) =>
    createLlmRefiner({ client: clientFor(s.baseURL), model: 'm', timeoutMs: 2000, prompts: loadPrompts(), log: captureLog() });

  it('a confident rules result makes no request and stays source rules', async () => {
    server = await startFakeOpenAI(() => ({ body: completion({ kind: 'other', indicators: [], amounts: [], date: null }) }));
    const refiner = refinerOn(server);
    let confident = 0;
    for (const text of MESSAGES) {
      const rules = await mod!.understand(text, ctx);
      if (rules.confidence < 0.6) continue;
      confident++;
      const u = await mod!.understandMessage(text, ctx, refiner);
      expect(u.source, text).toBe('rules');
    }
    expect(confident, 'at least one of MESSAGES should be clear to the rules').toBeGreaterThan(0);
    expect(server.requests).toHaveLength(0);
  });

  it('an unsure rules result sends exactly one request per message', async () => {
    server = await startFakeOpenAI(() => ({ body: completion({ kind: 'other', indicators: [], amounts: [], date: null }) }));
    const refiner = refinerOn(server);
    let unsure = 0;
    for (const text of MESSAGES) {
      const rules = await mod!.understand(text, ctx);
      if (rules.confidence >= 0.6) continue;
      unsure++;
      const u = await mod!.understandMessage(text, ctx, refiner);
      expect(u.source, text).toBe('llm');
    }
    expect(server.requests).toHaveLength(unsure);
  });
});
