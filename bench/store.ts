import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { openStore } from '../src/store/lowdb-store.js';
import { yearFileBytes } from '../src/store/codec.js';
import { YearFileSchema } from '../src/store/schema.js';
import { makeYearFile, newRecord } from '../test/store/fixtures/make.js';
import { runChild } from './child.js';

/**
 * The durable store (src/store/lowdb-store.ts) at 1k, 10k and 100k records of one plan
 * year: open/load time, time to save one record (addRecord resolves after fsync of file
 * and folder), and peak RSS. Each size runs in its own processes (one writes the seed file,
 * one opens and saves) so that the RSS is the store's alone.
 * Target: save ≤ 50 ms p99 at 10k records.
 */

interface Figures {
  n: number;
  bytesPerRecord: number;
  fileMB: number;
  openMs: number;
  saves: number;
  medianMs: number;
  p99Ms: number;
  maxMs: number;
  zodWholeFileMs: number;
  peakRssMB: number;
}

const SIZES = [1_000, 10_000, 100_000];
const SAVES: Record<number, number> = { 1_000: 300, 10_000: 300, 100_000: 25 };

function quantile(sorted: number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)]!;
}

/** Child 1: writes a seed file of n records; returns what a whole-file zod check of it costs. */
async function seed(n: number, dir: string): Promise<{ bytesPerRecord: number; zodWholeFileMs: number }> {
  const f = makeYearFile(n);
  const bytes = yearFileBytes(f);
  writeFileSync(path.join(dir, 'records-2021.json'), bytes);
  // what validating the whole file before every write would cost (the store does not)
  const t = performance.now();
  YearFileSchema.parse(f);
  return { bytesPerRecord: Math.round(bytes.length / n), zodWholeFileMs: performance.now() - t };
}

/** Child 2: opens the store on the seed and saves records one by one; RSS is the store's alone. */
async function measure(n: number, dir: string): Promise<Omit<Figures, 'bytesPerRecord' | 'zodWholeFileMs'>> {
  const file = path.join(dir, 'records-2021.json');
  const t0 = performance.now();
  const store = await openStore(dir);
  const openMs = performance.now() - t0;
  const saves = SAVES[n] ?? 50;
  const times: number[] = [];
  for (let i = 0; i < saves; i++) {
    const t = performance.now();
    await store.addRecord(newRecord(n + i, { reporter: { id: `wxid_bench${i % 40}`, name: '测试' } }));
    times.push(performance.now() - t);
  }
  await store.close();
  times.sort((a, b) => a - b);
  return {
    n,
    fileMB: statSync(file).size / 1e6,
    openMs,
    saves,
    medianMs: quantile(times, 0.5),
    p99Ms: quantile(times, 0.99),
    maxMs: times.at(-1)!,
    peakRssMB: process.resourceUsage().maxRSS / 1024,
  };
}

function child<T>(mode: string, n: number, dir: string): Promise<T> {
  return runChild<T>(import.meta.url, [mode, String(n), dir], `bench/store ${mode} ${n}`);
}

async function inChildren(n: number): Promise<Figures> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'jixiao-bench-store-'));
  try {
    const s = await child<Awaited<ReturnType<typeof seed>>>('--seed', n, dir);
    const m = await child<Awaited<ReturnType<typeof measure>>>('--measure', n, dir);
    return { ...s, ...m };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const f1 = (x: number) => x.toFixed(1);

export async function benchStore(): Promise<string[]> {
  const lines = [`store (lowdb, durable writes, one file per year), ${os.cpus().length} cores:`];
  const started = performance.now();
  for (const n of SIZES) {
    const r = await inChildren(n);
    lines.push(
      `  ${String(n).padStart(6)} records (${r.bytesPerRecord} B each, file ${f1(r.fileMB)} MB): ` +
        `save median ${f1(r.medianMs)} ms, p99 ${f1(r.p99Ms)} ms, max ${f1(r.maxMs)} ms (${r.saves} saves); ` +
        `open ${Math.round(r.openMs)} ms; peak RSS ${Math.round(r.peakRssMB)} MB; ` +
        `(whole-file zod check would add ${Math.round(r.zodWholeFileMs)} ms per save)`,
    );
    if (n === 10_000) lines.push(`  target save p99 ≤ 50 ms at 10k: ${r.p99Ms <= 50 ? 'met' : 'NOT met'}`);
  }
  lines.push(`  (bench took ${Math.round((performance.now() - started) / 1000)} s)`);
  return lines;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const [mode, n, dir] = process.argv.slice(2);
  if ((mode === '--seed' || mode === '--measure') && dir) {
    (mode === '--seed' ? seed : measure)(Number(n), dir).then(
      (r) => console.log(JSON.stringify(r)),
      (e: unknown) => {
        console.error(e);
        process.exitCode = 1;
      },
    );
  } else {
    benchStore()
      .then((lines) => console.log(lines.join('\n')))
      .catch((e: unknown) => {
        console.error(e instanceof Error ? e.message : e);
        process.exitCode = 1;
      });
  }
}
