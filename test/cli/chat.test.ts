import { describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync, rmSync, writeFileSync, readFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { runCli } from './run.js';

function tempDir(): string {
  return mkdtempSync(path.join(tmpdir(), 'jx-chat-'));
}

describe('npm run chat: the terminal chat', () => {
  it('answers "这个季度要做什么" piped in on 2021-05-10 with the nine Q2 milestones due 6月30日, and exits 0 at EOF', () => {
    const data = tempDir();
    try {
      const r = runCli('src/cli/chat.ts', ['--now', '2021-05-10', '--data', data], '这个季度要做什么\n');
      expect(r.code).toBe(0);
      expect(r.stdout).toContain('二季度（4月1日—6月30日）共9项');
      expect(r.stdout.match(/^\d\. .*（未报）$/gm)).toHaveLength(9);
    } finally {
      rmSync(data, { recursive: true, force: true });
    }
  });

  it('report → confirm → ask → withdraw → restart keeps the withdrawn record with its history on disk', () => {
    const data = tempDir();
    try {
      const first = runCli(
        'src/cli/chat.ts',
        ['--now', '2021-05-31T10:00', '--data', data, '--user', '王丽'],
        ['昨天科技工作者日主场活动办完了，约2100人次', '确认', '数量指标1完成多少了', '撤销', '确认'].join('\n') + '\n',
      );
      expect(first.code).toBe(0);
      expect(first.stdout).toContain('受益人数 +2100人次 → 累计 2100 / ≥2000人次（105%）');
      expect(first.stdout).toContain('已保存 R2021-0001');
      expect(first.stdout).toContain('受益人数：2100 / ≥2000人次，完成105%');
      expect(first.stdout).toContain('已撤销 R2021-0001');
      const file = JSON.parse(readFileSync(path.join(data, 'records-2021.json'), 'utf8'));
      expect(file.records[0]).toMatchObject({ id: 'R2021-0001', status: 'withdrawn', reporter: { name: '王丽' } });
      expect(file.records[0].history.map((e: { action: string }) => e.action)).toEqual(['create', 'withdraw']);

      const second = runCli('src/cli/chat.ts', ['--now', '2021-06-01T10:00', '--data', data, '--user', '王丽'], '我报了哪些\n数量指标1完成多少了\n');
      expect(second.code).toBe(0);
      expect(second.stdout).toContain('另有1条已撤销');
      expect(second.stdout).toContain('受益人数：目标 ≥2000人次，还没有上报');
    } finally {
      rmSync(data, { recursive: true, force: true });
    }
  });

  it('two reports add up, and a withdrawal takes its amount out of the total', () => {
    const data = tempDir();
    try {
      const r = runCli(
        'src/cli/chat.ts',
        ['--now', '2021-06-20T10:00', '--data', data, '--user', '李强'],
        [
          '昨天科技工作者日主场活动办完了，约2100人次',
          '确认',
          '科普综艺展演活动昨天结束，观众六百人次',
          '确认',
          '数量指标1完成多少了',
          '撤销',
          '确认',
          '数量指标1完成多少了',
        ].join('\n') + '\n',
      );
      expect(r.code).toBe(0);
      expect(r.stdout).toContain('受益人数 +600人次 → 累计 2700 / ≥2000人次（135%）');
      expect(r.stdout).toContain('受益人数：2700 / ≥2000人次，完成135%');
      expect(r.stdout).toContain('已撤销 R2021-0002');
      expect(r.stdout).toContain('受益人数：2100 / ≥2000人次，完成105%');
    } finally {
      rmSync(data, { recursive: true, force: true });
    }
  });

  it('a proposal left unconfirmed survives a restart and can be confirmed in the next session', () => {
    const data = tempDir();
    try {
      runCli('src/cli/chat.ts', ['--now', '2021-05-31T10:00', '--data', data], '昨天科技工作者日主场活动办完了，约2100人次\n');
      const r = runCli('src/cli/chat.ts', ['--now', '2021-05-31T10:10', '--data', data], '确认\n');
      expect(r.stdout).toContain('已保存 R2021-0001');
    } finally {
      rmSync(data, { recursive: true, force: true });
    }
  });

  it('a records file that fails validation stops start-up naming the file and the place, and is left untouched', () => {
    const data = tempDir();
    try {
      const file = path.join(data, 'records-2021.json');
      const broken = '{"schemaVersion":2,"planYear":2021,"nextSeq":1,"records":[{"id":"oops"}]}';
      writeFileSync(file, broken);
      const r = runCli('src/cli/chat.ts', ['--data', data], '你好\n');
      expect(r.code).toBe(1);
      expect(r.stderr).toContain('records-2021.json');
      expect(r.stderr).toContain('records[0]');
      expect(readFileSync(file, 'utf8')).toBe(broken);
    } finally {
      rmSync(data, { recursive: true, force: true });
    }
  });

  it('a broken plan file stops start-up with the file, the place in it and what is wrong', () => {
    const dir = tempDir();
    try {
      const plans = path.join(dir, 'plans');
      mkdirSync(plans);
      const plan = JSON.parse(readFileSync('data/plans/2021.json', 'utf8'));
      plan.indicators[4].metrics[0].value = '一场';
      writeFileSync(path.join(plans, '2021.json'), JSON.stringify(plan, null, 2));
      const r = runCli('src/cli/chat.ts', ['--data', path.join(dir, 'data'), '--plans', plans], '你好\n');
      expect(r.code).toBe(1);
      expect(r.stderr).toContain('2021.json');
      expect(r.stderr).toContain('indicators[4].metrics[0].value');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('refuses a data folder another running bot holds, so two writers never lose each other’s records', () => {
    const data = tempDir();
    try {
      writeFileSync(path.join(data, 'bot.lock'), `${process.pid}\n`);
      const r = runCli('src/cli/chat.ts', ['--data', data], '你好\n');
      expect(r.code).toBe(1);
      expect(r.stderr).toContain(`pid ${process.pid}`);
      expect(r.stderr).toContain('--data');
    } finally {
      rmSync(data, { recursive: true, force: true });
    }
  });

  it('takes over a lock left by a process that is gone, and releases it at exit', () => {
    const data = tempDir();
    try {
      writeFileSync(path.join(data, 'bot.lock'), '2147483646\n');
      const r = runCli('src/cli/chat.ts', ['--data', data, '--now', '2021-05-10'], '经费多少\n');
      expect(r.code).toBe(0);
      expect(r.stdout).toContain('540.41');
      expect(existsSync(path.join(data, 'bot.lock'))).toBe(false);
    } finally {
      rmSync(data, { recursive: true, force: true });
    }
  });

  it('a malformed setting stops start-up naming the setting and how to fix it', () => {
    const data = tempDir();
    try {
      const r = runCli('src/cli/chat.ts', ['--data', data], '', { BOT_PENDING_MINUTES: '半小时' });
      expect(r.code).toBe(2);
      expect(r.stderr).toContain('BOT_PENDING_MINUTES');
      expect(r.stderr).toContain('整数');
      const bad = runCli('src/cli/chat.ts', ['--now', '5月10日', '--data', data], '');
      expect(bad.code).toBe(2);
      expect(bad.stderr).toContain('--now');
    } finally {
      rmSync(data, { recursive: true, force: true });
    }
  });
});
