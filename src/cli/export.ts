import './closed-pipe.js';
import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import { loadPlans, choosePlan } from '../plan/load.js';
import { openStore } from '../store/lowdb-store.js';
import { parseShanghai, shanghaiParts } from '../core/time.js';
import type { ExportKind } from '../export/index.js';
import { EXPORT_KINDS, exportFileName, exportWorkbook, FormSettingsError, loadFormSettingsFile, loadWeightsFile, monitorThrough, WeightsError } from '../export/index.js';
import type { SelfEvalWeights } from '../export/weights.js';

const USAGE = `用法：npm run export -- --kind monitor|selfeval|records --now 2021-08-10 --data 数据目录 [--through 7] [--out 文件.xlsx] [--plans data/plans] [--year 2021] [--weights 权重.json] [--form 表格设置.json]
  monitor   绩效监控表：1月至 --through 月（默认7月，或表格设置里的 monitorThrough；不超过已过完的月份）
  selfeval  绩效自评表草稿（1–5月导出时默认评上一年度）
  records   全部上报记录及修改历史（审计用）
  --now     填报日期（监控表、自评表落款）和数据截止的参考日期
  权重也可用环境变量 SELFEVAL_WEIGHTS_FILE 指定文件；表格设置（财务负责人、填报人、电话、分来源预算）用 EXPORT_FORM_FILE 或 --form。`;

class UsageError extends Error {}

/**
 * The plan year an export covers when --year is not given: the self-evaluation is filed
 * between January and May for the year before; everything else covers the current year.
 */
export function defaultExportYear(kind: ExportKind, now: Date, years: readonly number[]): number {
  const { year, month } = shanghaiParts(now);
  if (kind === 'selfeval' && month <= 5 && years.includes(year - 1)) return year - 1;
  return year;
}

async function main(argv: string[]): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        kind: { type: 'string' },
        now: { type: 'string' },
        data: { type: 'string' },
        out: { type: 'string' },
        plans: { type: 'string', default: path.join('data', 'plans') },
        year: { type: 'string' },
        weights: { type: 'string' },
        through: { type: 'string' },
        form: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
      allowPositionals: false,
    }));
  } catch (e) {
    console.error(`${(e as Error).message}\n${USAGE}`);
    return 2;
  }
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  try {
    const kind = values.kind as ExportKind | undefined;
    if (!kind || !EXPORT_KINDS.includes(kind)) throw new UsageError(`--kind 应为 ${EXPORT_KINDS.join(' / ')}${kind ? `，收到「${kind}」` : ''}`);
    if (!values.now) throw new UsageError('缺少 --now（截止日期，如 2021-06-30）');
    const now = parseShanghai(values.now);
    if (!now) throw new UsageError(`--now「${values.now}」不是日期，请写成 2021-06-30`);
    if (!values.data) throw new UsageError('缺少 --data（记录所在的数据目录）');
    if (!existsSync(values.data) || !statSync(values.data).isDirectory()) throw new UsageError(`数据目录 ${values.data} 不存在`);
    if (values.year !== undefined && !/^\d{4}$/.test(values.year)) throw new UsageError(`--year「${values.year}」应为四位年份`);
    const weightsFile = values.weights ?? process.env.SELFEVAL_WEIGHTS_FILE;
    let weights: SelfEvalWeights | undefined;
    if (weightsFile) {
      if (kind !== 'selfeval') throw new UsageError('--weights 只用于 --kind selfeval');
      weights = loadWeightsFile(weightsFile);
    }

    let through: number | undefined;
    if (values.through !== undefined) {
      if (kind !== 'monitor') throw new UsageError('--through 只用于 --kind monitor');
      if (!/^\d{1,2}$/.test(values.through) || Number(values.through) < 1 || Number(values.through) > 12) throw new UsageError(`--through「${values.through}」应为 1 到 12 的月份，如 --through 6 表示 1–6月`);
      through = Number(values.through);
    }
    const formFile = values.form ?? process.env.EXPORT_FORM_FILE;
    const settings = formFile ? loadFormSettingsFile(formFile) : undefined;

    const plans = loadPlans(values.plans);
    const year = values.year ? Number(values.year) : defaultExportYear(kind, now, [...plans.keys()]);
    const { plan, exact } = choosePlan(plans, year);
    if (!exact) console.error(`没有 ${year} 年的计划，改用 ${plan.year} 年的计划。`);

    // Opened for reading only: nothing below calls a mutating method.
    const store = await openStore(values.data, { readOnly: true });
    let records;
    try {
      records = store.records(plan.year);
    } finally {
      await store.close();
    }
    const day = values.now;
    const months = kind === 'monitor' ? monitorThrough(plan, now, through, settings?.monitorThrough) : undefined;
    const outFile = values.out ?? path.join('exports', exportFileName(kind, plan.year, day, months));
    const result = await exportWorkbook(kind, { plan, records, now, weights, through: months, settings, outFile });
    console.log(result.path);
    console.log(result.summary);
    return 0;
  } catch (e) {
    if (e instanceof UsageError) {
      console.error(`${e.message}\n${USAGE}`);
      return 2;
    }
    if (e instanceof WeightsError || e instanceof FormSettingsError) {
      console.error((e as Error).message);
      return 2;
    }
    console.error(`导出失败：${(e as Error).message}`);
    return 1;
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  process.exitCode = await main(process.argv.slice(2));
}

export { main as runExportCli };
