import { spawnSync } from 'node:child_process';
import path from 'node:path';

const ROOT = path.resolve(import.meta.dirname, '../..');
const TSX = path.join(ROOT, 'node_modules/.bin/tsx');

/** Runs a CLI entry point the way npm scripts do, with stdin piped in; no network, no .env. */
export function runCli(script: string, args: string[], input = '', env: Record<string, string> = {}) {
  const res = spawnSync(TSX, [path.join(ROOT, script), ...args], {
    cwd: ROOT,
    input,
    encoding: 'utf8',
    timeout: 60_000,
    env: {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? '/tmp',
      TZ: 'America/Los_Angeles',
      DOTENV_CONFIG_PATH: '/nonexistent/.env',
      ...env,
    },
  });
  return { code: res.status, stdout: res.stdout, stderr: res.stderr };
}
