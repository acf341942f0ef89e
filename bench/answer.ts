import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { openStore } from '../src/store/lowdb-store.js';
import { yearFileBytes } from '../src/store/codec.js';
import { loadPlans } from '../src/plan/load.js';
import { createBot } from '../src/bot.js';
import { fromShanghai } from '../src/core/time.js';
import type { InboundMessage } from '../src/core/types.js';
import { makeYearFile } from '../test/store/fixtures/make.js';
import { runChild } from './child.js';

/**
 * Understanding and answering a message through the real bot (createBot.handle) on a lowdb
 * store of n records: questions while nothing changes (progress cached by store revision),
 * questions right after a save (progress recomputed), and a report up to its proposal.
 * Each size runs in its own process so peak RSS is that size's alone.
 * Target: answering ≤ 5 ms p99 at 100k records.
 */

const SIZES = [1_000, 10_000, 100_000];
const QUESTIONS = [
  '这个季度要做什么',
  '科普日是哪个季度的',
  '数量指标5是什么',
  '受益人数完成多少了',
  '总体进度怎么样',
  '哪些还没完成',
  '本周谁报了',
  '经费多少',
  '我报了哪些',
  '编程大赛什么时候',
];
const REPORTS = ['昨天科技工作者日主场活动办完了，约2100人次', '科普综艺展演办完了，观众600人次', '上周五学术月交流活动开完了'];

function quantile(sorted: number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)]!;
}

interface Row {
  n: number;
  warm: { median: number; p99: number; count: number };
  cold: { median: number; p99: number; count: number };
  report: { median: number; p99: number; count: number };
  peakRssMB: number;
}

function stats(times: number[]) {
  const s = [...times].sort((a, b) => a - b);
  return { median: quantile(s, 0.5), p99: quantile(s, 0.99), count: s.length };
}

async function measure(n: number): Promise<Row> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'jixiao-bench-answer-'));
  try {
    writeFileSync(path.join(dir, 'records-2021.json'), yearFileBytes(makeYearFile(n)));
    const plans = loadPlans(path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../data/plans'));
    let now = fromShanghai(2021, 11, 10, 10, 0);
    const clock = () => now;
    const store = await openStore(dir, { clock });
    const bot = createBot({ plans, store, clock, roles: { admins: [], leaders: [] } });
    let seq = 0;
    const msg = (text: string, who = 'wxid_000abc'): InboundMessage => ({
      id: `b${++seq}`,
      text,
      chat: { id: 'room@chatroom', name: '群', kind: 'room' },
      sender: { id: who, name: '王芳' },
      at: now,
    });
    const time = async (text: string, who?: string) => {
      const t = performance.now();
      await bot.handle(msg(text, who));
      return performance.now() - t;
    };
    for (const q of QUESTIONS) await time(q); // warm-up (JIT, first progress)
    const warm: number[] = [];
    for (let i = 0; i < 500; i++) warm.push(await time(QUESTIONS[i % QUESTIONS.length]!));
    const cold: number[] = [];
    const report: number[] = [];
    const rounds = n >= 100_000 ? 20 : 60;
    for (let i = 0; i < rounds; i++) {
      const who = `wxid_bench${i}`;
      report.push(await time(REPORTS[i % REPORTS.length]!, who));
      await bot.handle(msg('确认', who)); // a save: the next question recomputes progress
      now = new Date(now.getTime() + 60_000);
      cold.push(await time(QUESTIONS[i % QUESTIONS.length]!));
    }
    await store.close();
    return { n, warm: stats(warm), cold: stats(cold), report: stats(report), peakRssMB: process.resourceUsage().maxRSS / 1024 };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function child(n: number): Promise<Row> {
  return runChild<Row>(import.meta.url, ['--measure', String(n)], `bench/answer ${n}`);
}

const f = (x: number) => x.toFixed(2);

export async function benchAnswer(): Promise<string[]> {
  const lines = [`answer (understand + answer through createBot.handle, lowdb store), ${os.cpus().length} cores:`];
  for (const n of SIZES) {
    const r = await child(n);
    lines.push(
      `  ${String(n).padStart(6)} records: question median ${f(r.warm.median)} ms, p99 ${f(r.warm.p99)} ms (${r.warm.count}); ` +
        `right after a save median ${f(r.cold.median)} ms, p99 ${f(r.cold.p99)} ms (${r.cold.count}); ` +
        `report→proposal median ${f(r.report.median)} ms, p99 ${f(r.report.p99)} ms; peak RSS ${Math.round(r.peakRssMB)} MB`,
    );
    if (n === 100_000) lines.push(`  target answer p99 ≤ 5 ms at 100k: ${r.warm.p99 <= 5 ? 'met' : 'NOT met'} (questions between saves)`);
  }
  return lines;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const [mode, n] = process.argv.slice(2);
  if (mode === '--measure' && n) {
    measure(Number(n)).then(
      (r) => console.log(JSON.stringify(r)),
      (e: unknown) => {
        console.error(e);
        process.exitCode = 1;
      },
    );
  } else {
    benchAnswer().then(
      (lines) => console.log(lines.join('\n')),
      (e: unknown) => {
        console.error(e instanceof Error ? e.message : e);
        process.exitCode = 1;
      },
    );
  }
}
