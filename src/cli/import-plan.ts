import './closed-pipe.js';
import { readFileSync, mkdirSync, existsSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { importPlanFile } from '../plan/import.js';
import { writeFileAtomic } from '../plan/write-atomic.js';

const USAGE = '用法：npm run import-plan -- 申报表.txt|.docx|.xlsx [--out data/plans/YYYY.json] [--year 2027] [--project 名称或序号] [--force]';

/**
 * npm run import-plan -- FILE
 * exit 0: imported, everything placed; 3: imported, some text listed as not placed;
 * 2: several projects in the file, choose one with --project; 1: nothing could be read.
 */
async function main(): Promise<number> {
  let values: { out?: string; year?: string; project?: string; force?: boolean };
  let positionals: string[];
  try {
    ({ values, positionals } = parseArgs({
      args: process.argv.slice(2),
      options: { out: { type: 'string' }, year: { type: 'string' }, project: { type: 'string' }, force: { type: 'boolean' } },
      allowPositionals: true,
    }));
  } catch (e) {
    console.error(`${(e as Error).message}\n${USAGE}`);
    return 1;
  }
  const file = positionals[0];
  if (!file) {
    console.error(USAGE);
    return 1;
  }
  let year: number | undefined;
  if (values.year !== undefined) {
    if (!/^\d{4}$/.test(values.year)) {
      console.error(`--year 应是四位年份，如 --year 2027（现在是「${values.year}」）`);
      return 1;
    }
    year = Number(values.year);
  }
  let data: Buffer;
  try {
    data = readFileSync(file);
  } catch (e) {
    console.error(`读不到 ${file}（${(e as NodeJS.ErrnoException).code ?? (e as Error).message}）`);
    return 1;
  }
  const result = await importPlanFile(file, data, { year, project: values.project });
  if (result.kind === 'fail') {
    console.error(`${file} 无法转换成计划：${result.reason}`);
    return 1;
  }
  if (result.kind === 'choose') {
    console.error(`${file} 里有 ${result.projects.length} 个项目，请用 --project 序号（或名称）选一个：`);
    result.projects.forEach((p, i) => console.error(`  ${i + 1}. ${p}`));
    return 2;
  }
  const { plan, unplaced, notes } = result;
  const out = values.out ?? path.join('data', 'plans', `${plan.year}.json`);
  if (existsSync(out) && !values.force && !values.out) {
    console.error(`${out} 已经存在，没有覆盖。要替换它请加 --force（旧文件会留在 ${out}.bak-时间），或用 --out 写到别处。`);
    return 1;
  }
  try {
    mkdirSync(path.dirname(out), { recursive: true });
    writeFileAtomic(out, `${JSON.stringify(plan, null, 2)}\n`, { keepOld: true });
  } catch (e) {
    console.error(`写不了 ${out}（${(e as NodeJS.ErrnoException).code ?? (e as Error).message}）`);
    return 1;
  }
  const metrics = plan.indicators.reduce((n, i) => n + i.metrics.length, 0);
  console.log(
    `已写入 ${out}：${plan.year} 年${plan.project ? `「${plan.project}」` : ''}，${plan.indicators.length} 个指标（${metrics} 个量化指标值），${plan.milestones.length} 个进度节点，${plan.goals.length} 个绩效目标，经费 ${plan.funding.total} 万元。`,
  );
  for (const n of notes) console.log(`  注意：${n}`);
  if (!plan.milestones.length)
    console.log('  表里没有进度节点：管理员可以在群里说“设置进度：科普日主场活动 第三季度 负责人王丽”来添加。');
  if (unplaced.length) {
    console.log(`以下 ${unplaced.length} 处没有放进计划，请核对：`);
    for (const u of unplaced) console.log(`  ${u.ref ?? `第 ${u.line} 行`}：${u.reason}${u.text ? `「${u.text.slice(0, 60)}」` : ''}`);
    return 3;
  }
  return 0;
}

process.exitCode = await main();
