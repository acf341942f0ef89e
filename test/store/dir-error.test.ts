import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { startupMessage } from '../../src/app.js';
import { describeDataDirError } from '../../src/store/dir-error.js';
import { StoreWriteError } from '../../src/store/load-error.js';
import { runCli } from '../cli/run.js';
import { tempDir } from './helpers.js';

function errno(code: string, syscall: string, p: string): NodeJS.ErrnoException {
  return Object.assign(new Error(`${code}: ${syscall} '${p}'`), { code, syscall, path: p, errno: -1 });
}

/** What the operator reads for a start-up failure: exactly one line, no stack trace. */
function oneLine(err: unknown): string {
  const { text } = startupMessage(err);
  expect(text.split('\n')).toHaveLength(1);
  expect(text).not.toMatch(/\n\s+at |node:internal/);
  return text;
}

describe('readable start-up failures for the data folder (issue 14)', () => {
  // the suite runs as root, so chmod cannot make a folder unwritable: the errors are injected as the fs reports them
  it.each([
    ['ENOSPC', 'open', /磁盘已满.*腾出磁盘空间/],
    ['EROFS', 'mkdir', /只读的文件系统.*DATA_DIR/],
    ['EACCES', 'open', /没有权限写数据目录.*chown \/ chmod/],
    ['EPERM', 'rename', /没有权限写数据目录/],
  ])('fault: %s from %s → one line naming the folder and what to do', (code, syscall, advice) => {
    const dir = '/srv/jixiao/data';
    const err = describeDataDirError(dir, errno(code, syscall, `${dir}/.bot.lock.1.1.1.new`));
    const text = oneLine(err);
    expect(text).toContain(dir);
    expect(text).toMatch(advice);
  });

  it('fault: a save during start-up (migration) fails on a full disk → the cause is found under StoreWriteError', () => {
    const cause = errno('ENOSPC', 'write', '/data/.records-2021.json.1.1.tmp');
    const text = oneLine(describeDataDirError('/data', new StoreWriteError('保存失败：写入 records-2021.json 时出错（ENOSPC）', 'io', { cause })));
    expect(text).toMatch(/^数据目录 \/data 所在的磁盘已满/);
  });

  it('fault: a file where the data folder should be → npm run chat prints one line and exits 1', () => {
    const base = tempDir();
    const data = path.join(base, 'data');
    writeFileSync(data, 'not a folder');
    const r = runCli('src/cli/chat.ts', ['--data', data], '你好\n');
    expect(r.code).toBe(1);
    const lines = r.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain(data);
    expect(lines[0]).toMatch(/应该是文件夹.*DATA_DIR/);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it('fault: the data folder sits under a file (ENOTDIR) → one line as well', () => {
    const base = tempDir();
    writeFileSync(path.join(base, 'blocker'), '');
    mkdirSync(path.join(base, 'ok'));
    const r = runCli('src/cli/chat.ts', ['--data', path.join(base, 'blocker', 'data')], '你好\n');
    expect(r.code).toBe(1);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toContain(path.join(base, 'blocker', 'data'));
  });
});
