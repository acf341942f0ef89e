import './closed-pipe.js';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import dotenv from 'dotenv';
import { parseShanghai, shanghaiParts } from '../core/time.js';
import { LlmConfigError, readLlmConfig } from '../llm/config.js';
import { refinerFromEnv } from '../llm/from-env.js';
import { PromptLoadError } from '../llm/prompts.js';
import { choosePlan, loadPlans, PlanLoadError } from '../plan/load.js';
import type { Plan } from '../plan/schema.js';
import { DEFAULT_LLM_THRESHOLD, toNluLine, understandMessage, type Refiner, type Understanding } from '../understand/index.js';
import { MAX_CHARS } from '../understand/text.js';

const USAGE = `用法：npm run --silent nlu -- [--now 2021-09-19T10:00] [--plans data/plans] [--rules-only] [--verbose] [--text 消息 …]
  逐行读标准输入（或 --text 之后的每个参数），每条消息输出一行 JSON：
  text, kind, indicators, amounts, date, source（rules|llm）。
  --verbose     再加上 confidence，以及有时的 question / correction / truncated
  --now         消息发送的北京时间（YYYY-MM-DD 或 YYYY-MM-DDTHH:mm），默认现在；“昨天”“上周五”据此推算
  --plans       计划文件目录（内含 2021.json 等），默认 data/plans
  --rules-only  即使设置了 OPENAI_API_KEY 也只用规则
  设置 OPENAI_API_KEY（可写在 .env）时，规则把握低于 LLM_MIN_CONFIDENCE 的消息交给模型再读；
  模型超时（LLM_TIMEOUT_MS）或出错时仍用规则的结果。`;

/** Exit codes: 0 done, 2 usage or configuration problem (the one stderr line says which). */
const EXIT_USAGE = 2;

class UsageError extends Error {}

interface Options {
  now: Date | null;
  plansDir: string;
  rulesOnly: boolean;
  /** Also print confidence, question, correction, truncated */
  verbose: boolean;
  /** Messages given on the command line; null = read stdin */
  texts: string[] | null;
}

function readOptions(argv: string[]): Options | 'help' {
  const at = argv.indexOf('--text');
  const own = at >= 0 ? argv.slice(0, at) : argv;
  const texts = at >= 0 ? argv.slice(at + 1) : null;
  if (texts && texts.length === 0) throw new UsageError('--text 后面要跟至少一条消息');
  let values: { now?: string; plans?: string; 'rules-only'?: boolean; verbose?: boolean; help?: boolean };
  try {
    ({ values } = parseArgs({
      args: own,
      options: {
        now: { type: 'string' },
        plans: { type: 'string' },
        'rules-only': { type: 'boolean' },
        verbose: { type: 'boolean', short: 'v' },
        help: { type: 'boolean', short: 'h' },
      },
      allowPositionals: false,
      strict: true,
    }));
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
  if (values.help) return 'help';
  let now: Date | null = null;
  if (values.now !== undefined) {
    now = parseShanghai(values.now);
    if (!now) throw new UsageError(`--now ${JSON.stringify(values.now)} 不是日期：应形如 2021-09-19 或 2021-09-19T10:00（北京时间）`);
  }
  return { now, plansDir: values.plans ?? 'data/plans', rulesOnly: values['rules-only'] === true, verbose: values.verbose === true, texts };
}

/** At most MAX_CHARS UTF-16 units, never splitting a surrogate pair. */
function clip(text: string): string {
  if (text.length <= MAX_CHARS) return text;
  let cut = MAX_CHARS;
  const last = text.charCodeAt(cut - 1);
  if (last >= 0xd800 && last <= 0xdbff) cut -= 1;
  return text.slice(0, cut);
}

/** The JSON line for one message: exactly the nlu keys and source; with --verbose, what else the reader saw. */
function outputLine(u: Understanding, originalLength: number, verbose: boolean): Record<string, unknown> {
  const out: Record<string, unknown> = { ...toNluLine(u), source: u.source };
  if (!verbose) return out;
  out.confidence = u.confidence;
  if (u.question) out.question = u.question;
  if (u.correction) out.correction = u.correction;
  if (originalLength > u.text.length) {
    out.truncated = true;
    out.length = originalLength;
  }
  return out;
}

function oneLine(message: string): string {
  return message.replace(/\s*\n\s*/g, ' ').trim();
}

async function* stdinLines(): AsyncGenerator<string> {
  const rl = createInterface({ input: process.stdin, crlfDelay: Infinity, terminal: false });
  let first = true;
  for await (const line of rl) {
    yield first ? line.replace(/^\uFEFF/, '') : line;
    first = false;
  }
}

async function* argLines(texts: string[]): AsyncGenerator<string> {
  for (const t of texts) for (const line of t.split(/\r?\n/)) yield line;
}

function write(line: string): Promise<void> {
  return new Promise((resolve) => {
    if (process.stdout.write(`${line}\n`)) resolve();
    else process.stdout.once('drain', resolve);
  });
}

async function main(): Promise<number> {
  // A reader that went away (nlu … | head -1) is not an error.
  process.stdout.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE') process.exit(0);
    throw e;
  });

  let options: Options | 'help';
  try {
    options = readOptions(process.argv.slice(2));
  } catch (e) {
    console.error(`nlu: ${oneLine((e as Error).message)}（npm run nlu -- --help 查看用法）`);
    return EXIT_USAGE;
  }
  if (options === 'help') {
    console.log(USAGE);
    return 0;
  }

  let plans: Map<number, Plan>;
  try {
    plans = loadPlans(options.plansDir);
  } catch (e) {
    if (!(e instanceof PlanLoadError)) throw e;
    console.error(`nlu: --plans ${options.plansDir}: ${oneLine(e.message)}`);
    return EXIT_USAGE;
  }

  // .env may hold the LLM settings; the real environment wins over it.
  dotenv.config({ quiet: true });
  let refiner: Refiner | null = null;
  let threshold = DEFAULT_LLM_THRESHOLD;
  if (!options.rulesOnly) {
    try {
      const config = readLlmConfig(process.env);
      if (config) {
        threshold = config.minConfidence;
        refiner = await refinerFromEnv(process.env);
      }
    } catch (e) {
      if (e instanceof LlmConfigError) {
        console.error(`nlu: LLM 设置有误：${e.problems.join('；')}`);
        return EXIT_USAGE;
      }
      if (e instanceof PromptLoadError) {
        console.error(`nlu: ${oneLine(e.message)}`);
        return EXIT_USAGE;
      }
      throw e;
    }
  }

  const lines = options.texts ? argLines(options.texts) : stdinLines();
  for await (const raw of lines) {
    const line = raw.replace(/\r$/, '');
    if (!line.trim()) continue;
    const text = clip(line);
    const now = options.now ?? new Date();
    const plan = choosePlan(plans, shanghaiParts(now).year).plan;
    const u = await understandMessage(text, { plan, now }, refiner, threshold);
    await write(JSON.stringify(outputLine(u, line.length, options.verbose)));
  }
  return 0;
}

const code = await main();
// Flush, then leave at once: an abandoned LLM request (a server that never answers) must not hold the process.
process.stdout.write('', () => process.exit(code));
