import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { runApp } from '../../src/app.js';
import { demoStart } from '../../src/plan/plan-year.js';
import { plans } from '../bot/helpers.js';
import { parseShanghai, shanghaiDay } from '../../src/core/time.js';

describe('a newcomer’s first minute: the terminal chat as a living demo', () => {
  it('runs on the same day of the bundled plan’s year and says so in one line', () => {
    const d = demoStart(plans, parseShanghai('2026-11-30T10:15')!)!;
    expect(shanghaiDay(d.start)).toBe('2021-11-30');
    expect(d.line).toContain('时钟拨到2021年11月30日');
    expect(d.line.split('\n')).toHaveLength(1);
    expect(shanghaiDay(demoStart(plans, parseShanghai('2028-02-29T09:00')!)!.start)).toBe('2021-02-28');
    expect(demoStart(plans, parseShanghai('2021-05-10T09:00')!)).toBeNull();
  });

  it('greets with the demo line and answers from that day when started without --now', async () => {
    const data = mkdtempSync(path.join(tmpdir(), 'jx-demo-'));
    try {
      const stdin = Object.assign(new PassThrough(), { isTTY: true });
      const stdout = Object.assign(new PassThrough(), { isTTY: true });
      const stderr = new PassThrough();
      let out = '';
      stdout.on('data', (c) => (out += c));
      let err = '';
      stderr.on('data', (c) => (err += c));
      const done = runApp('chat', { argv: ['--data', data], env: { PATH: process.env.PATH, LOG_LEVEL: 'warn' }, stdin, stdout, stderr });
      stdin.end('总体进度怎么样\n');
      expect(await done).toBe(0);
      expect(out).toMatch(/演示：还没有\d{4}年的计划，时钟拨到2021年\d{1,2}月\d{1,2}日（今天的同一天）/);
      expect(out).toContain('2021年进度（截至');
      expect(out).not.toContain('还没有2021年的计划');
      expect(err).toBe('');
    } finally {
      rmSync(data, { recursive: true, force: true });
    }
  });
});
