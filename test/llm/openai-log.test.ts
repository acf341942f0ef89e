import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runChild, type ChildRun } from '../helpers/run-child.js';
import { completion, startFakeOpenAI, type FakeServer } from './fake-openai.js';

const ROOT = path.resolve(import.meta.dirname, '../..');
const KEY = 'sk-log-SECRET-9876543210';
const LINES = ['那个活动搞完了，人挺多的', '上次说的那个事弄好了'];

let server: FakeServer | null = null;
afterEach(async () => {
  await server?.close();
  server = null;
});

function runNlu(env: NodeJS.ProcessEnv, input: string): Promise<ChildRun> {
  return runChild(path.join(ROOT, 'node_modules/.bin/tsx'), ['src/cli/nlu.ts', '--now', '2021-05-10'], { cwd: ROOT, env, input });
}

describe('logs stay clean whatever OPENAI_LOG says (issue 14)', () => {
  it('fault: OPENAI_LOG=debug and a server that echoes the key → npm run nlu prints only its JSON lines, and the key nowhere', async () => {
    // the server answers and echoes the Authorization header it got, as some proxies do
    server = await startFakeOpenAI((req) => ({
      headers: { 'x-echo-authorization': String(req.headers.authorization) },
      body: { ...completion({ kind: 'other', indicators: [], amounts: [], date: null }), echo: String(req.headers.authorization) },
    }));
    const env: NodeJS.ProcessEnv = { ...process.env, OPENAI_API_KEY: KEY, OPENAI_BASE_URL: server.baseURL, OPENAI_LOG: 'debug', DOTENV_CONFIG_PATH: '/nonexistent/.env' };
    for (const k of ['OPENAI_MODEL', 'LLM_MAX_RETRIES', 'LLM_MIN_CONFIDENCE', 'LLM_RESPONSE_FORMAT', 'LLM_TIMEOUT_MS', 'LOG_LEVEL']) env[k] = '';

    const run = await runNlu(env, LINES.join('\n') + '\n');
    expect(run.code, run.stderr).toBe(0);
    expect(server.requests.length).toBeGreaterThan(0); // the SDK did talk to the server
    const out = run.stdout.trim().split('\n');
    expect(out).toHaveLength(LINES.length);
    expect(out.map((l) => (JSON.parse(l) as { text: string }).text)).toEqual(LINES);
    expect(run.stdout + run.stderr).not.toContain(KEY);
    expect(run.stdout + run.stderr).not.toContain('sending request');
  }, 60_000);
});
