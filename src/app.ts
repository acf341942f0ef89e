import { parseArgs } from 'node:util';
import pino from 'pino';
import type { Clock, Transport } from './core/types.js';
import type { Log } from './core/log.js';
import { prettyLog } from './core/pretty-log.js';
import { ConfigError, parseNow, readConfig, type AppConfig } from './config.js';
import { loadPlans } from './plan/load.js';
import { openStore } from './store/lowdb-store.js';
import { lockDataDir } from './store/lock.js';
import { describeDataDirError } from './store/dir-error.js';
import { createBot } from './bot.js';
import { createConsoleTransport, promptSafe } from './transports/console.js';
import { refinerFromEnv } from './llm/from-env.js';
import { readLlmConfig } from './llm/config.js';
import { HELP_TEXT } from './answer/answer.js';
import { wireExtras } from './wiring.js';
import { createMilestoneChat } from './plan/milestone-chat.js';
import { appendOverlayEdit } from './plan/milestone-file.js';
import { createYearNotice, demoStart, missingPlanNotice } from './plan/plan-year.js';

export interface AppIo {
  argv: string[];
  env: NodeJS.ProcessEnv;
  stdin: NodeJS.ReadableStream & { isTTY?: boolean };
  stdout: NodeJS.WritableStream & { isTTY?: boolean };
  stderr: NodeJS.WritableStream;
}

/** 'start': the bot as configured (BOT_TRANSPORT), with the scheduler; 'chat': the terminal chat only. */
export type AppMode = 'start' | 'chat';

export class UsageError extends Error {
  override name = 'UsageError';
}

const USAGE = `用法：npm start -- [--now 2021-05-10] [--user 张三] [--data data] [--plans data/plans]
      npm run chat -- [同上]`;

function cliOverrides(argv: string[], env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        now: { type: 'string' },
        user: { type: 'string' },
        data: { type: 'string' },
        plans: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
    }));
  } catch (e) {
    throw new UsageError(`${(e as Error).message}\n${USAGE}`);
  }
  if (values.help) throw new UsageError(USAGE);
  const out = { ...env };
  if (typeof values.now === 'string') {
    parseNow('--now', values.now);
    out.BOT_NOW = values.now;
  }
  if (typeof values.user === 'string') out.BOT_USER = values.user;
  if (typeof values.data === 'string') out.DATA_DIR = values.data;
  if (typeof values.plans === 'string') out.PLANS_DIR = values.plans;
  return out;
}

/** Real time, or a clock that starts at --now / BOT_NOW and runs on from there. */
export function makeClock(start: Date | null): Clock {
  if (!start) return () => new Date();
  const t0 = Date.now();
  return () => new Date(start.getTime() + (Date.now() - t0));
}

function makeLog(config: AppConfig, env: NodeJS.ProcessEnv, stderr: AppIo['stderr']): Log {
  // the terminal chat keeps stderr quiet unless asked; logs never go to stdout
  const level = env.LOG_LEVEL?.trim() || (config.transport === 'console' ? 'warn' : 'info');
  // a person at a terminal reads lines; a daemon's log collector gets JSON
  if ((stderr as { isTTY?: boolean }).isTTY) return prettyLog(stderr, level);
  return pino({ name: '绩效助手', level }, pino.destination({ dest: 2, sync: true }));
}

/**
 * The composition root: reads the settings, loads plans and the store, builds the bot with
 * its adapters (LLM, scheduler, exporter) and runs it on the chosen transport. Resolves with
 * the exit code once the chat ends (terminal EOF) or the transport gives up.
 */
export async function runApp(mode: AppMode, io: AppIo): Promise<number> {
  const env = cliOverrides(io.argv, io.env);
  const config = readConfig(mode === 'chat' ? { ...env, BOT_TRANSPORT: 'console' } : env);
  // issue 11: in the terminal chat a log line clears the prompt line and puts the prompt back after it
  const interactiveConsole = config.transport === 'console' && Boolean(io.stdin.isTTY && io.stdout.isTTY);
  let chatting = false;
  const logOut = interactiveConsole ? promptSafe(io.stderr, () => (chatting ? io.stdout.write(`${config.consoleUser}> `) : undefined)) : io.stderr;
  const log = makeLog(config, env, logOut);
  const plans = loadPlans(config.plansDir);
  // issue 11: a fresh clone's terminal chat is a living demo of the bundled plan, on today's date in its year
  const demo = config.transport === 'console' && !config.now ? demoStart(plans, new Date()) : null;
  const clock = makeClock(config.now ?? demo?.start ?? null);
  const llm = readLlmConfig(env); // a bad LLM setting stops start-up before anything is opened
  // a full disk, a read-only or foreign folder: one line naming the folder (issue 14)
  const dataDirFault = (e: unknown): never => {
    throw describeDataDirError(config.dataDir, e) ?? e;
  };
  let unlock: () => void = () => {};
  try {
    unlock = lockDataDir(config.dataDir);
  } catch (e) {
    dataDirFault(e);
  }
  const store = await openStore(config.dataDir, { clock, log: (line) => log.info({}, line), warn: (line) => log.warn({}, line) }).catch((e: unknown) => {
    unlock();
    return dataDirFault(e);
  });
  const refiner = await refinerFromEnv(env, log);
  const admins = config.admins.length || config.transport !== 'console' ? config.admins : [config.consoleUser];
  // issue 11: a deployed bot in a year without a plan says how to import it (log now, admins in the chat once)
  const missing = config.now ? null : missingPlanNotice(plans, clock());
  if (missing) log.warn({ year: missing.year }, missing.text.replace(/\n/g, ' '));

  let transport: Transport;
  let fatal: ((reason: string) => void) | null = null;
  const fatalReason = new Promise<string>((resolve) => (fatal = resolve));
  const extras = await wireExtras({ config, env, plans, store, clock, log, scheduler: mode === 'start' && config.scheduler });

  const bot = createBot({
    plans,
    store,
    clock,
    roles: { admins, leaders: config.leaders },
    refiner,
    llmThreshold: llm?.minConfidence,
    log,
    pendingMinutes: config.pendingMinutes,
    maxInputChars: config.maxInputChars,
    ...extras.botDeps,
    yearNotice: config.now ? undefined : createYearNotice({ plans, store, roles: { admins, leaders: config.leaders }, onNotice: (t) => log.warn({}, t.replace(/\n/g, ' ')) }),
    // issue 11: milestones edited in the chat, kept in PLANS_DIR/YYYY.milestones.json
    milestones: createMilestoneChat({
      plans,
      roles: { admins, leaders: config.leaders },
      saveEdit: (year, edit) => appendOverlayEdit(config.plansDir, year, edit),
      recordsOf: (year, id) => store.records(year).filter((r) => r.status === 'active' && r.milestoneIds.includes(id)).map((r) => r.id),
      ttlMinutes: config.pendingMinutes,
    }),
  });

  if (config.transport !== 'console') {
    // rooms and roles go by id only (issue 12): say what a name-like setting allows, and how to find the id
    const { nameSettingWarnings } = await import('./transports/shared/access.js');
    const { wechat: w } = config;
    for (const line of nameSettingWarnings({ rooms: w.rooms, digestRoom: w.digestRoom, admins: config.admins, leaders: config.leaders })) log.warn({}, line);
    if (!w.rooms.length)
      log.warn({}, 'BOT_ROOMS 为空：机器人不会回答任何群消息。请管理员在群里@机器人说“本群id”，把回复的群id写进 .env 的 BOT_ROOMS');
  }
  if (config.transport === 'wechaty') {
    const { createWechaty } = await import('./wiring-wechaty.js');
    transport = await createWechaty({ config, env, log, clock, onFatal: (r) => fatal?.(r), onLogin: () => void extras.onOnline() });
  } else if (config.transport === 'wecom') {
    const { createWecom } = await import('./wiring-wecom.js');
    transport = await createWecom({ config, log, clock, onFatal: (r) => fatal?.(r), onLogin: () => void extras.onOnline() });
  } else {
    const interactive = Boolean(io.stdin.isTTY && io.stdout.isTTY);
    const year = [...plans.keys()].join('、');
    transport = createConsoleTransport({
      input: io.stdin,
      output: io.stdout,
      user: config.consoleUser,
      clock,
      interactive,
      greeting: `绩效助手（终端对话，${year}年计划）。你是“${config.consoleUser}”。Ctrl-D 退出。\n${demo ? `${demo.line}\n` : ''}${HELP_TEXT}\n`,
    });
  }

  await transport.start(bot.handle);
  chatting = true;
  await extras.start((msgs) => transport.broadcast(msgs));

  const closed = 'closed' in transport ? (transport as { closed: Promise<void> }).closed.then(() => null) : new Promise<null>(() => {});
  const signalled = new Promise<null>((resolve) => {
    process.once('SIGINT', () => resolve(null));
    process.once('SIGTERM', () => resolve(null));
  });
  const reason = await Promise.race([closed, signalled, fatalReason]);
  extras.stop();
  await transport.stop().catch(() => undefined);
  await store.close();
  unlock();
  if (reason) {
    io.stderr.write(`${reason}\n`);
    return 1;
  }
  return 0;
}

const KNOWN_ERRORS = new Set([
  'ConfigError',
  'PlanLoadError',
  'StoreLoadError',
  'LlmConfigError',
  'PromptLoadError',
  'ScheduleConfigError',
  'CalendarError',
  'WeightsError',
  'WechatLoginError',
  'WecomStartError',
  'DataLockError',
  'DataDirError',
]);

/** Start-up errors print as one readable line (what, where, how to fix); bugs keep their stack. */
export function startupMessage(err: unknown): { text: string; code: number } {
  if (err instanceof UsageError || err instanceof ConfigError) return { text: err.message, code: 2 };
  if (err instanceof Error && KNOWN_ERRORS.has(err.name)) return { text: err.message, code: 1 };
  return { text: err instanceof Error ? (err.stack ?? err.message) : String(err), code: 1 };
}

export async function main(mode: AppMode): Promise<void> {
  const { config: loadEnv } = await import('dotenv');
  loadEnv({ quiet: true });
  try {
    const code = await runApp(mode, { argv: process.argv.slice(2), env: process.env, stdin: process.stdin, stdout: process.stdout, stderr: process.stderr });
    process.exit(code);
  } catch (err) {
    const { text, code } = startupMessage(err);
    process.stderr.write(`绩效助手没有启动：${text}\n`);
    process.exit(code);
  }
}
