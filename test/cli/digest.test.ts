import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore } from '../../src/store/lowdb-store.js';
import { weekOfReports } from '../digest/fixture.js';

const run = promisify(execFile);
let dir = '';

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'digest-cli-'));
  const store = await openStore(dir);
  await weekOfReports(store);
  await store.close();
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

function cleanEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('BOT_') && k !== 'DATA_DIR'));
  return { ...env, ...extra };
}

async function digest(args: string[], env = cleanEnv()): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run('npx', ['tsx', 'src/cli/digest.ts', ...args], { env });
    return { code: 0, stdout, stderr };
  } catch (e) {
    const err = e as { code: number; stdout: string; stderr: string };
    return { code: err.code, stdout: err.stdout, stderr: err.stderr };
  }
}

function snapshot(d: string): string {
  return readdirSync(d)
    .sort()
    .map((n) => `${n}:${statSync(path.join(d, n)).mtimeMs}:${statSync(path.join(d, n)).isFile() ? readFileSync(path.join(d, n), 'utf8').length : 'dir'}`)
    .join('\n');
}

describe('npm run digest', () => {
  it('prints the weekly digest of a store holding a week of reports: the reports and the quarter’s unreported milestones, without writing to the store', async () => {
    const before = snapshot(dir);
    const { code, stdout } = await digest(['--kind', 'weekly', '--now', '2021-10-08T09:00', '--data', dir]);
    expect(code).toBe(0);
    expect(stdout).toMatch(/^(────── 第 1\/\d 条 ──────\n)?【绩效周报】2021年10月8日（周五）\n9月27日以来新报 3 条/);
    expect(stdout).toContain('刘洋 9月28日 300人次（R2021-0005）');
    expect(stdout).toContain('陈静 9月30日（R2021-0006）');
    expect(stdout).toContain('四季度第1项「召开区全民科学素质建设工作会」');
    expect(stdout).not.toContain('R2021-0008');
    expect(snapshot(dir)).toBe(before);
  });

  it('separates the messages of a split digest with a numbered divider', async () => {
    const { code, stdout } = await digest(['--kind', 'quarterly', '--now', '2021-10-08T09:00', '--data', dir], cleanEnv({ BOT_MAX_MESSAGE_CHARS: '500' }));
    expect(code).toBe(0);
    const parts = stdout.split(/^────── 第 \d+\/\d+ 条 ──────$/m).slice(1);
    expect(parts.length).toBeGreaterThan(2);
    expect(stdout).toContain('────── 第 1/');
    for (const p of parts) expect(p.trim().length).toBeLessThanOrEqual(500);
    expect(stdout).toContain('【2021年三季度小结】');
  });

  it('prints the reminder for a quarter’s last working days', async () => {
    const { code, stdout } = await digest(['--kind', 'reminder', '--now', '2021-09-28T09:00', '--data', dir]);
    expect(code).toBe(0);
    expect(stdout).toContain('【季末提醒】三季度还剩 3 个工作日');
  });

  it('exits 2 with a message on stderr for a bad --kind or a missing data directory', async () => {
    const bad = await digest(['--kind', 'monthly', '--data', dir]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--kind monthly 不认识');
    const missing = await digest(['--kind', 'weekly', '--data', path.join(dir, 'nope')]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('不存在');
  });
});
