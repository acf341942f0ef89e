import path from 'node:path';
import type { Clock, OutboundMessage } from './core/types.js';
import type { Log } from './core/log.js';
import { shanghaiDay } from './core/time.js';
import { ConfigError, type AppConfig } from './config.js';
import type { Plan } from './plan/schema.js';
import type { RecordStore } from './store/types.js';
import type { BotDeps } from './bot.js';
import { scheduleConfigFromEnv } from './schedule/config.js';
import { createScheduler, type Scheduler } from './schedule/scheduler.js';
import { describeSchedule } from './schedule/describe.js';
import { calendarWarning } from './schedule/calendar.js';
import { loadHolidayFiles } from './schedule/holiday-file.js';
import { composeDigest, withChart } from './digest/compose.js';
import { exportFileName, exportWorkbook, loadFormSettingsFile, loadWeightsFile, monitorThrough, type FormSettings, type SelfEvalWeights } from './export/index.js';
import { defaultExportYear } from './cli/export.js';
import { saveProgressChart } from './chart/progress-chart.js';

export interface ExtrasInput {
  config: AppConfig;
  env: NodeJS.ProcessEnv;
  plans: Map<number, Plan>;
  store: RecordStore;
  clock: Clock;
  log: Log;
  /** Run the cron jobs (npm start), or only answer digest commands (npm run chat) */
  scheduler: boolean;
}

export interface Extras {
  botDeps: Pick<BotDeps, 'digest' | 'schedule' | 'exporter'>;
  /** Starts the jobs and runs missed ones once, posting through `post`. */
  start(post: (msgs: OutboundMessage[]) => Promise<void>): Promise<void>;
  /** The transport is (back) online: post what fell due while it was away. */
  onOnline(): Promise<void>;
  stop(): void;
}

/**
 * The scheduler, the digests the chat can ask for, the exporter and the chart, wired to
 * the store and the plans. Settings are read (and refused, naming the setting) here, at
 * start-up, before anything runs.
 */
export async function wireExtras(input: ExtrasInput): Promise<Extras> {
  const { config, env, plans, store, clock, log } = input;
  const schedule = scheduleConfigFromEnv(env);
  const weightsFile = env.SELFEVAL_WEIGHTS_FILE?.trim();
  const weights: SelfEvalWeights | undefined = weightsFile ? loadWeightsFile(weightsFile) : undefined;
  // issue 11: admin-filled holiday years (HOLIDAYS_DIR, default data/holidays) extend chinese-days
  const holidayYears = loadHolidayFiles(env.HOLIDAYS_DIR?.trim() || 'data/holidays');
  if (holidayYears.length) log.info({ years: holidayYears }, '已读入放假安排文件');
  const formFile = env.EXPORT_FORM_FILE?.trim();
  let formSettings: FormSettings | undefined;
  try {
    formSettings = formFile ? loadFormSettingsFile(formFile) : undefined;
  } catch (e) {
    throw new ConfigError('EXPORT_FORM_FILE', formFile ?? '', (e as Error).message);
  }
  const warning = calendarWarning([...plans.keys(), Number(shanghaiDay(clock()).slice(0, 4))]);
  if (warning) log.warn({}, warning);

  const chartDir = path.join(config.dataDir, 'charts');
  const chart = async (ctx: { plan: Plan; records: readonly import('./store/schema.js').ProgressRecord[]; now: Date }) =>
    saveProgressChart(chartDir, ctx);

  const botDeps: Extras['botDeps'] = {
    async digest(kind, view) {
      const composed = composeDigest({ job: kind, plans, records: (y) => store.records(y), config: schedule, now: view.now });
      if (!composed.ok) return [{ text: composed.reason }];
      return withChart(composed, kind, schedule, chart, { records: store.records(composed.plan.year), now: view.now }, (e) =>
        log.warn({ err: e instanceof Error ? e.message : String(e) }, 'chart failed'),
      );
    },
    schedule: (now) => describeSchedule(schedule, now),
    async exporter(kind, view, asked) {
      const year = defaultExportYear(kind, view.now, [...plans.keys()]);
      const plan = plans.get(year) ?? view.plan;
      const day = shanghaiDay(view.now);
      const through = kind === 'monitor' ? monitorThrough(plan, view.now, asked, formSettings?.monitorThrough) : undefined;
      const outFile = path.join(config.dataDir, 'exports', exportFileName(kind, plan.year, day, through));
      const result = await exportWorkbook(kind, { plan, records: store.records(plan.year), now: view.now, weights, through, settings: formSettings, outFile });
      log.info({ kind, file: result.path }, 'exported');
      return { text: result.summary, file: { path: result.path, name: path.basename(result.path), kind: 'file' } };
    },
  };

  let scheduler: Scheduler | null = null;
  return {
    botDeps,
    async start(post) {
      if (!input.scheduler) return;
      scheduler = createScheduler({ store, plans, clock, post, config: schedule, log, chart });
      scheduler.start();
      const outcomes = await scheduler.catchUp();
      for (const o of outcomes) log.info({ job: o.job, period: o.period, status: o.status }, 'catch-up');
    },
    async onOnline() {
      if (!scheduler) return;
      const outcomes = await scheduler.runDue();
      for (const o of outcomes) log.info({ job: o.job, period: o.period, status: o.status }, 'posted after reconnect');
    },
    stop() {
      scheduler?.stop();
    },
  };
}
