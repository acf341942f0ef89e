import dotenv from 'dotenv';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

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
