import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { promptSafe } from '../../src/transports/console.js';
import { prettyLog } from '../../src/core/pretty-log.js';

describe('terminal chat: log lines and the prompt', () => {
  it('a warning clears the half-typed prompt line, prints on its own line and gives the prompt back', () => {
    const term = new PassThrough();
    let screen = '';
    term.on('data', (c) => (screen += c));
    screen += '我> ';
    const log = prettyLog(promptSafe(term, () => term.write('我> ')), 'warn', () => new Date('2021-11-30T01:00:00Z'));
    log.warn({}, '工作日历没有 2027 年的放假安排');
    log.info({}, '不显示');
    expect(screen).toBe('我> \r\x1b[K09:00:00 注意 工作日历没有 2027 年的放假安排\n我> ');
  });
});
