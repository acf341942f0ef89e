import OpenAI from 'openai';
import pino from 'pino';
import type { Refiner } from '../understand/types.js';
import { readLlmConfig, type LlmConfig } from './config.js';
import type { Log } from './log.js';
import { loadPrompts } from './prompts.js';
import { createLlmRefiner } from './refiner.js';

/**
 * A fetch that caps a server's Retry-After at `maxMs`: the SDK sleeps whatever the server
 * asks (a Moonshot 429 may say 60 s), which would hold the process long after the refiner
 * has given up and answered from the rules.
 */
export function capRetryAfter(fetchImpl: typeof fetch, maxMs: number): typeof fetch {
  return async (input, init) => {
    const res = await fetchImpl(input, init);
    if (!res.headers.has('retry-after') && !res.headers.has('retry-after-ms')) return res;
    const headers = new Headers(res.headers);
    const ms = Number(headers.get('retry-after-ms') ?? NaN);
    const s = Number(headers.get('retry-after') ?? NaN);
    const asked = Number.isFinite(ms) ? ms : Number.isFinite(s) ? s * 1000 : maxMs;
    headers.delete('retry-after');
    headers.set('retry-after-ms', String(Math.max(0, Math.min(asked, maxMs))));
    return new Response(res.body, { status: res.status, statusText: res.statusText, headers });
  };
}

/**
 * The SDK's own logger: warnings and errors only, to stderr. Left to itself the SDK reads
 * OPENAI_LOG and, at debug, prints request and response bodies (and a key a server echoes)
 * to stdout through console.log, which corrupts `npm run nlu` and the terminal chat.
 * Our own log (LOG_LEVEL) reports each LLM call's outcome instead.
 */
export const sdkLogger = {
  debug: () => {},
  info: () => {},
  warn: (msg: string) => void process.stderr.write(`openai: ${msg}\n`),
  error: (msg: string) => void process.stderr.write(`openai: ${msg}\n`),
};

/** The OpenAI SDK client for the settings: any OpenAI-compatible server, bounded time and retries. */
export function createLlmClient(config: LlmConfig): OpenAI {
  return new OpenAI({
    apiKey: config.apiKey,
    baseURL: config.baseURL ?? undefined,
    timeout: config.timeoutMs,
    maxRetries: config.maxRetries,
    fetch: capRetryAfter(globalThis.fetch, config.timeoutMs),
    // an explicit level: OPENAI_LOG is not read (issue 14)
    logLevel: 'warn',
    logger: sdkLogger,
  });
}

/** Warnings to stderr so they never mix with a CLI's stdout. */
function defaultLog(env: NodeJS.ProcessEnv): Log {
  return pino({ name: 'llm', level: env.LOG_LEVEL?.trim() || 'warn' }, pino.destination({ dest: 2, sync: true }));
}

/**
 * The OpenAI-compatible refiner when OPENAI_API_KEY is set, otherwise null (rules only).
 * Throws LlmConfigError / PromptLoadError at start-up, naming the setting or file to fix.
 */
export async function refinerFromEnv(env: NodeJS.ProcessEnv, log?: Log): Promise<Refiner | null> {
  const config = readLlmConfig(env);
  if (!config) return null;
  const prompts = loadPrompts();
  return createLlmRefiner({
    client: createLlmClient(config),
    model: config.model,
    timeoutMs: config.timeoutMs,
    prompts,
    log: log ?? defaultLog(env),
    responseFormat: config.responseFormat,
    minConfidence: config.minConfidence,
  });
}
