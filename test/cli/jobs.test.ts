import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);

/** The environment without any BOT_* schedule settings of the machine running the tests. */
function cleanEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('BOT_')));
  return { ...env, ...extra };
}

async function jobs(args: string[], env = cleanEnv()): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run('npx', ['tsx', 'src/cli/jobs.ts', ...args], { env });
    return { code: 0, stdout, stderr };
  } catch (e) {
    const err = e as { code: number; stdout: string; stderr: string };
    return { code: err.code, stdout: err.stdout, stderr: err.stderr };
  }
}

describe('npm run jobs', () => {
  it('lists the weekly digest and the Q3 summary on 2021-10-08T09:00+08:00 for --now 2021-09-30T10:00, three runs per job', async () => {
    const { code, stdout } = await jobs(['--now', '2021-09-30T10:00']);
    expect(code).toBe(0);
    const section = (job: string) => stdout.split(/\n(?=\S)/).find((s) => s.startsWith(job))!;
    expect(section('weekly').split('\n').slice(1)).toEqual(['  2021-10-08T09:00+08:00  2021-W40', '  2021-10-11T09:00+08:00  2021-W41', '  2021-10-18T09:00+08:00  2021-W42']);
    expect(section('quarterly')).toContain('  2021-10-08T09:00+08:00  2021-Q3');
    expect(section('reminder').trim().split('\n').slice(1)).toHaveLength(3);
  });

  it('exits 2 with a message on stderr for a malformed --now', async () => {
    const { code, stderr } = await jobs(['--now', '2021-02-30T10:00']);
    expect(code).toBe(2);
    expect(stderr).toContain('--now 2021-02-30T10:00 不是日期时间');
  });

  it('exits 2 naming the setting when a cron setting is bad', async () => {
    const { code, stderr } = await jobs(['--now', '2021-09-30T10:00'], cleanEnv({ BOT_WEEKLY_CRON: '61 9 * * *' }));
    expect(code).toBe(2);
    expect(stderr).toContain('BOT_WEEKLY_CRON="61 9 * * *"');
  });
});
