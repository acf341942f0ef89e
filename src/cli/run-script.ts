import dotenv from 'dotenv';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadPlans } from '../plan/load.js';
import type { Plan } from '../plan/schema.js';
import { openStore, type LowdbStore } from '../store/lowdb-store.js';

/** What a command-line tool reads and writes: passed in, so tests run it in process. */
export interface CliIo {
  argv: string[];
  env: Record<string, string | undefined>;
  out: (s: string) => void;
  err: (s: string) => void;
  clock?: () => Date;
}

/**
 * Runs `main` when this module is the script node was started with (npm run digest / progress):
 * .env read, output to stdout, errors to stderr as one line, the exit code set.
 */
export function runAsScript(moduleUrl: string, main: (io: CliIo) => Promise<number>): void {
  if (!process.argv[1] || path.resolve(process.argv[1]) !== fileURLToPath(moduleUrl)) return;
  dotenv.config({ quiet: true });
  main({ argv: process.argv.slice(2), env: process.env, out: (s) => console.log(s), err: (s) => console.error(s) }).then(
    (code) => (process.exitCode = code),
    (e: unknown) => {
      console.error(e instanceof Error ? e.message : String(e));
      process.exitCode = 1;
    },
  );
}

/**
 * The plans and the data folder opened read-only, for the tools that only read (digest,
 * progress); or the exit code after one readable line on stderr: 2 for a folder that is not
 * there, 1 for a plan or data file that cannot be read.
 */
export async function openForReading(io: CliIo, dataDir: string, plansDir: string, now: Date): Promise<{ plans: Map<number, Plan>; store: LowdbStore } | number> {
  if (!existsSync(dataDir)) {
    io.err(`数据目录 ${dataDir} 不存在：用 --data 指向机器人的数据目录（或设置 DATA_DIR）`);
    return 2;
  }
  let plans: Map<number, Plan>;
  try {
    plans = loadPlans(plansDir);
  } catch (e) {
    io.err((e as Error).message);
    return 1;
  }
  try {
    return { plans, store: await openStore(dataDir, { clock: () => now, readOnly: true }) };
  } catch (e) {
    io.err((e as Error).message);
    return 1;
  }
}
