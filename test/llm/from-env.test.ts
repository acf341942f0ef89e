import { Writable } from 'node:stream';
import pino from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { capRetryAfter, refinerFromEnv } from '../../src/llm/from-env.js';
import { LlmConfigError } from '../../src/llm/config.js';
import { API_KEY, captureLog, ctx, rulesReading } from './helpers.js';
import { completion, startFakeOpenAI, type FakeServer } from './fake-openai.js';

let server: FakeServer | null = null;
afterEach(async () => {
  await server?.close();
  server = null;
});

describe('refinerFromEnv', () => {
  it('is null without OPENAI_API_KEY: the bot runs on rules alone', async () => {
    expect(await refinerFromEnv({})).toBeNull();
  });

  it('a bad setting stops start-up with an error naming it', async () => {
    await expect(refinerFromEnv({ OPENAI_API_KEY: 'k', LLM_MAX_RETRIES: 'many' })).rejects.toThrow(LlmConfigError);
  });

  it('wires the settings into the SDK: base URL, key, model, JSON mode', async () => {
    server = await startFakeOpenAI(() => ({ body: completion({ kind: 'other', indicators: [], amounts: [], date: null }) }));
    const refiner = await refinerFromEnv(
      { OPENAI_API_KEY: API_KEY, OPENAI_BASE_URL: server.baseURL, OPENAI_MODEL: 'qwen-local', LLM_RESPONSE_FORMAT: 'json_object' },
      captureLog(),
    );

    const u = await refiner!.refine('大家中午好', rulesReading('大家中午好'), ctx);

    expect(u.source).toBe('llm');
    expect(server.requests[0]!.headers.authorization).toBe(`Bearer ${API_KEY}`);
    expect(server.requests[0]!.body).toMatchObject({ model: 'qwen-local', response_format: { type: 'json_object' } });
  });

  it('LLM_MIN_CONFIDENCE gates requests: a confident rules reading makes no request', async () => {
    server = await startFakeOpenAI(() => ({ body: completion({ kind: 'other', indicators: [], amounts: [], date: null }) }));
    const refiner = await refinerFromEnv({ OPENAI_API_KEY: API_KEY, OPENAI_BASE_URL: server.baseURL, LLM_MIN_CONFIDENCE: '0.5' }, captureLog());
    const rules = rulesReading('科普日办完了', { kind: 'report', confidence: 0.55 });

    expect(await refiner!.refine(rules.text, rules, ctx)).toBe(rules);
    expect(server.requests).toHaveLength(0);
  });

  it('a pino logger works as the log, and its output never holds the key', async () => {
    server = await startFakeOpenAI((req) => ({ status: 401, body: { error: { message: `bad key ${String(req.headers.authorization)}` } } }));
    let out = '';
    const sink = new Writable({
      write(chunk, _enc, done) {
        out += String(chunk);
        done();
      },
    });
    const refiner = await refinerFromEnv({ OPENAI_API_KEY: API_KEY, OPENAI_BASE_URL: server.baseURL }, pino({ level: 'debug' }, sink));

    await refiner!.refine('报一下', rulesReading('报一下'), ctx);

    expect(out).toContain('"reason":"api-error"');
    expect(out).not.toContain(API_KEY);
  });
});

describe('a long Retry-After', () => {
  it('does not hold the answer past LLM_TIMEOUT_MS: the rules answer on time', async () => {
    server = await startFakeOpenAI(() => ({ status: 429, headers: { 'retry-after': '30' }, body: { error: { message: 'slow down' } } }));
    const log = captureLog();
    const refiner = await refinerFromEnv({ OPENAI_API_KEY: API_KEY, OPENAI_BASE_URL: server.baseURL, LLM_TIMEOUT_MS: '400', LLM_MAX_RETRIES: '1' }, log);
    const rules = rulesReading('那个活动搞完了');

    const started = Date.now();
    const u = await refiner!.refine(rules.text, rules, ctx);

    expect(u).toBe(rules);
    expect(Date.now() - started).toBeLessThan(1200);
    expect(log.lines.find((l) => l.level === 'warn')?.obj).toMatchObject({ reason: 'timeout' });
  });

  it('a short Retry-After is kept: the SDK retries through the capped fetch and the answer is used', async () => {
    server = await startFakeOpenAI((_r, i) =>
      i === 0 ? { status: 429, headers: { 'retry-after': '0.05' }, body: { error: { message: 'slow down' } } } : { body: completion({ kind: 'other', indicators: [], amounts: [], date: null }) },
    );
    const refiner = await refinerFromEnv({ OPENAI_API_KEY: API_KEY, OPENAI_BASE_URL: server.baseURL }, captureLog());

    const u = await refiner!.refine('哈哈', rulesReading('哈哈'), ctx);

    expect(server.requests).toHaveLength(2);
    expect(u.source).toBe('llm');
  });

  it('capRetryAfter rewrites the header to at most the cap and leaves other responses alone', async () => {
    const fake = (headers: Record<string, string>) => async () => new Response('{}', { status: 429, headers });
    expect((await capRetryAfter(fake({ 'retry-after': '30' }), 500)('http://x')).headers.get('retry-after-ms')).toBe('500');
    expect((await capRetryAfter(fake({ 'retry-after-ms': '20' }), 500)('http://x')).headers.get('retry-after-ms')).toBe('20');
    expect((await capRetryAfter(fake({}), 500)('http://x')).headers.get('retry-after-ms')).toBeNull();
  });
});
