import './closed-pipe.js';
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { importPlanText } from '../plan/import-text.js';

/** npm run import-plan -- FILE [--out data/plans/YYYY.json] */
async function main(): Promise<number> {
  const { values, positionals } = parseArgs({
    args: process.argv.slice(2),
    options: { out: { type: 'string' } },
    allowPositionals: true,
  });
  const file = positionals[0];
  if (!file) {
    console.error('用法：npm run import-plan -- 申报表.txt|申报表.docx [--out data/plans/YYYY.json]');
    return 2;
  }
  let text: string;
  try {
    if (/\.docx$/i.test(file)) {
      const { docxToText } = await import('../plan/import-docx.js');
      text = await docxToText(file);
    } else text = readFileSync(file, 'utf8');
  } catch (e) {
    console.error(`读不到 ${file}：${(e as Error).message}`);
    return 1;
  }
  let result;
  try {
    result = importPlanText(text);
  } catch (e) {
    console.error(`${file} 无法转换成计划：${(e as Error).message}`);
    return 1;
  }
  const { plan, unplaced } = result;
  const out = values.out ?? path.join('data', 'plans', `${plan.year}.json`);
  mkdirSync(path.dirname(out), { recursive: true });
  writeFileSync(out, `${JSON.stringify(plan, null, 2)}\n`);
  const metrics = plan.indicators.reduce((n, i) => n + i.metrics.length, 0);
  console.log(
    `已写入 ${out}：${plan.year} 年，${plan.indicators.length} 个指标（${metrics} 个量化指标值），${plan.milestones.length} 个进度节点，${plan.goals.length} 个绩效目标。`,
  );
  if (unplaced.length) {
    console.log(`以下 ${unplaced.length} 行没有放进计划，请核对：`);
    for (const u of unplaced) console.log(`  第 ${u.line} 行：${u.reason}${u.text ? `「${u.text.slice(0, 60)}」` : ''}`);
    return 3;
  }
  return 0;
}

process.exitCode = await main();
