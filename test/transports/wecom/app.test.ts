/**
 * End to end: `npm start` with BOT_TRANSPORT=wecom runs the whole bot (plan, store, scheduler,
 * exporter) on the real SDK against the fake WeCom server on 127.0.0.1. The office's staff
 * group asks, reports and confirms; a stranger's group is ignored; the weekly digest that fell
 * due at 09:00 is pushed when the bot comes up at 10:00; an admin gets the monitoring form as a
 * file. Wrong credentials stop `npm start` with exit code 1 and one line naming the setting.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { runApp } from '../../../src/app.js';
import { spawn } from 'node:child_process';
import { BOT_ID, BOT_SECRET, FakeWecom } from './fake-wecom.js';

const STAFF = 'wrkSFfCgAAqVLWHo1ir9Gx4ErYl5jfbg';
const OTHER = 'wrkSFfCgAAZ8f0p4NjzR3aD1kcyVbE2Q';
const ALICE = 'ZhangSan';
const ADMIN = 'ZhaoKe';
const LEADER = 'LiuZhuRen';

const ROOT = path.resolve(import.meta.dirname, '../../..');

/** `npm start` as a child process, without blocking this process, where the fake server lives. */
function start(e: NodeJS.ProcessEnv): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(path.join(ROOT, 'node_modules/.bin/tsx'), [path.join(ROOT, 'src/main.ts')], {
      cwd: ROOT,
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', DOTENV_CONFIG_PATH: '/nonexistent/.env', ...e },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += String(d)));
    const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stderr });
    });
  });
}

/** The whole bot answers on a machine shared with other work: generous, never a timing assertion */
const WAIT = { timeout: 15_000 };

let fake: FakeWecom | null = null;
afterEach(async () => {
  await fake?.close();
  fake = null;
});

function env(fakeUrl: string, dataDir: string, over: Record<string, string> = {}): NodeJS.ProcessEnv {
  return {
    BOT_TRANSPORT: 'wecom',
    WECOM_BOT_ID: BOT_ID,
    WECOM_BOT_SECRET: BOT_SECRET,
    WECOM_WS_URL: fakeUrl,
    BOT_ROOMS: STAFF,
    BOT_DIGEST_ROOM: STAFF,
    BOT_ADMINS: ADMIN,
    BOT_LEADERS: LEADER,
    // Monday 31 May 2021, 10:00 in Beijing: the weekly digest fell due at 09:00
    BOT_NOW: '2021-05-31T10:00',
    DATA_DIR: dataDir,
    PLANS_DIR: 'data/plans',
    LOG_LEVEL: 'silent',
    TZ: 'America/Los_Angeles',
    ...over,
  };
}

describe('npm start with BOT_TRANSPORT=wecom (real SDK, fake WeCom server)', () => {
  it('answers the staff group, saves a report after 确认, ignores a stranger’s group, pushes the digest and sends an exported form', async () => {
    fake = await FakeWecom.start();
    const f = fake;
    const dataDir = mkdtempSync(path.join(os.tmpdir(), 'wecom-app-'));
    const stderr = new PassThrough();
    let errText = '';
    stderr.on('data', (d) => (errText += String(d)));
    const app = runApp('start', { argv: [], env: env(f.url, dataDir), stdin: new PassThrough(), stdout: new PassThrough(), stderr });

    // the digest that fell due at 09:00 goes out once the bot is connected: markdown text and the chart
    await vi.waitFor(() => expect(f.pushed().filter((p) => p.chatid === STAFF && p.msgtype === 'image')).toHaveLength(1), { timeout: 20_000 });
    const digest = f.pushed().find((p) => p.chatid === STAFF && p.msgtype === 'markdown')!;
    expect(digest.markdown!.content).toMatch(/^\*\*【绩效周报】/);
    await vi.waitFor(() => expect(f.pushed().filter((p) => p.chatid === LEADER && p.msgtype === 'image')).toHaveLength(1), { timeout: 20_000 });
    const chart = f.media.get(f.pushed().find((p) => p.msgtype === 'image')!.image!.media_id)!;
    expect(chart.data.subarray(1, 4).toString()).toBe('PNG');

    f.say(ALICE, '@绩效助手 这个季度要做什么', { chatid: STAFF });
    await vi.waitFor(() => expect(f.replyTexts()).toHaveLength(1), WAIT);
    expect(f.replyTexts()[0]).toContain('二季度（4月1日—6月30日）共9项');

    f.say(ALICE, '@绩效助手 昨天科技工作者日主场活动办完了，约2100人次', { chatid: STAFF });
    await vi.waitFor(() => expect(f.replyTexts()).toHaveLength(2), WAIT);
    expect(f.replyTexts()[1]).toContain('2100');
    expect(f.replyTexts()[1]).toContain('确认');

    const forged = f.say('WaiBuRenYuan', '@绩效助手 撤销', { chatid: OTHER });
    f.say(ALICE, '@绩效助手 确认', { chatid: STAFF });
    await vi.waitFor(() => expect(f.replyTexts()).toHaveLength(3), WAIT);
    expect(f.replyTexts()[2]).toContain('已保存');
    const saved = JSON.parse(readFileSync(path.join(dataDir, 'records-2021.json'), 'utf8')) as { records: { amounts: { value: number }[]; reporter: { id: string } }[] };
    expect(saved.records).toHaveLength(1);
    expect(saved.records[0]!.reporter.id).toBe(ALICE);
    expect(saved.records[0]!.amounts[0]!.value).toBe(2100);
    expect(f.replies().map((r) => r.headers.req_id)).not.toContain(forged.reqId);

    f.say(ADMIN, '@绩效助手 本群id', { chatid: STAFF });
    await vi.waitFor(() => expect(f.replyTexts()).toHaveLength(4), WAIT);
    expect(f.replyTexts()[3]).toContain(`本群id：${STAFF}`);

    f.say(ADMIN, '@绩效助手 导出监控表', { chatid: STAFF });
    await vi.waitFor(() => expect(f.pushed().filter((p) => p.msgtype === 'file')).toHaveLength(1), { timeout: 20_000 });
    const form = f.media.get(f.pushed().find((p) => p.msgtype === 'file')!.file!.media_id)!;
    expect(form.filename).toMatch(/\.xlsx$/);
    expect(form.data.subarray(0, 2).toString()).toBe('PK');
    expect(f.replyTexts()).toHaveLength(5);

    // a second connection of the same bot knocks this one out: the app ends with one readable line
    f.knockOut();
    expect(await app).toBe(1);
    expect(errText).toContain('WECOM_BOT_ID');
    expect(errText.trim().split('\n')).toHaveLength(1);
  }, 60_000);

  it('exits 1 within the minute, one line naming WECOM_BOT_ID and WECOM_BOT_SECRET, when WeCom refuses the secret', async () => {
    fake = await FakeWecom.start({ botId: BOT_ID, secret: 'the-secret-in-the-admin-console' });
    const dataDir = mkdtempSync(path.join(os.tmpdir(), 'wecom-app-'));
    const e = env(fake.url, dataDir);
    const res = await start(e);

    expect(res.code).toBe(1);
    const lines = res.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^绩效助手没有启动：企业微信拒绝了机器人的凭证（errcode 853000）.*WECOM_BOT_ID.*WECOM_BOT_SECRET/);
    expect(fake.refusedAuths).toBe(1);
  }, 60_000);

  it('logs at start-up that a name in BOT_ADMINS or BOT_ROOMS grants nothing, and how to find the id', async () => {
    fake = await FakeWecom.start({ botId: BOT_ID, secret: 'the-secret-in-the-admin-console' });
    const dataDir = mkdtempSync(path.join(os.tmpdir(), 'wecom-app-'));
    const res = await start(env(fake.url, dataDir, { BOT_ADMINS: '赵科长', BOT_ROOMS: '区科协工作群', LOG_LEVEL: 'warn' }));

    expect(res.stderr).toContain('BOT_ADMINS 里的“赵科长”像是名字，不是个人id');
    expect(res.stderr).toContain('不给任何人管理员权限');
    expect(res.stderr).toContain('我的id');
    expect(res.stderr).toContain('BOT_ROOMS 里的“区科协工作群”像是群名');
    expect(res.stderr).toContain('本群id');
  }, 60_000);

  it('stops start-up naming WECOM_BOT_SECRET when it is not set', async () => {
    const dataDir = mkdtempSync(path.join(os.tmpdir(), 'wecom-app-'));
    const e = env('ws://127.0.0.1:9', dataDir, { WECOM_BOT_SECRET: '' });
    const res = await start(e);

    expect(res.code).toBe(2);
    expect(res.stderr).toContain('WECOM_BOT_SECRET');
    expect(res.stderr).toContain('智能机器人');
  }, 60_000);
});
