import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { defaultExportYear, runExportCli } from '../../src/cli/export.js';
import { fromShanghai } from '../../src/core/time.js';
import { encodeYearFile } from '../../src/store/codec.js';
import { T } from '../../src/export/text.js';
import { readBook, workedRecords } from './fixtures.js';

const tmp = mkdtempSync(path.join(tmpdir(), 'export-cli-'));
const data = path.join(tmp, 'data');
const storeFile = path.join(data, 'records-2021.json');
const plans = path.resolve('data/plans');

beforeAll(() => {
  const records = workedRecords();
  mkdirSync(data, { recursive: true });
  writeFileSync(storeFile, Buffer.concat(encodeYearFile({ schemaVersion: 2, planYear: 2021, nextSeq: records.length + 1, records })));
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
afterEach(() => vi.restoreAllMocks());

async function run(args: string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  vi.spyOn(console, 'log').mockImplementation((...a: unknown[]) => void out.push(a.join(' ')));
  vi.spyOn(console, 'error').mockImplementation((...a: unknown[]) => void err.push(a.join(' ')));
  const code = await runExportCli(args);
  return { code, out: out.join('\n'), err: err.join('\n') };
}

describe('npm run export', () => {
  it('writes the monitoring form from the store and prints its path and summary, leaving the store untouched', async () => {
    const before = readFileSync(storeFile);
    const listing = readdirSync(data).sort();
    const out = path.join(tmp, 'out', '监控表.xlsx');
    const r = await run(['--kind', 'monitor', '--now', '2021-06-30', '--data', data, '--out', out, '--plans', plans]);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(r.out.split('\n')[0]).toBe(out);
    // exported on 6月30日, June is over: 1–6月
    expect(r.out).toContain('绩效监控表（1–6月）已生成');
    expect((await readBook(out)).getWorksheet(T.monitor.sheet)).toBeDefined();
    expect(readFileSync(storeFile).equals(before)).toBe(true);
    expect(readdirSync(data).sort()).toEqual(listing);
  });

  it('takes self-evaluation weights from a JSON file', async () => {
    const wfile = path.join(tmp, 'w.json');
    writeFileSync(wfile, '{"budget":20,"output":40,"benefit":30,"satisfaction":10}');
    const out = path.join(tmp, 'out', 'se.xlsx');
    const r = await run(['--kind', 'selfeval', '--now', '2022-01-15', '--data', data, '--out', out, '--plans', plans, '--weights', wfile]);
    expect(r.code).toBe(0);
    expect(r.out).toContain('2021年度绩效自评表已生成');
    const ws = (await readBook(out)).getWorksheet(T.selfeval.sheet)!;
    let budget = 0;
    ws.eachRow((row) => {
      if (row.getCell(1).value === '年度资金总额') budget = Number(row.getCell(8).value);
    });
    expect(budget).toBe(20);
  });

  it('covers 1 to the month given with --through, and names the file after it', async () => {
    const r = await run(['--kind', 'monitor', '--now', '2021-08-10', '--through', '6', '--data', data, '--plans', plans]);
    expect(r.code).toBe(0);
    const file = r.out.split('\n')[0]!;
    expect(path.basename(file)).toBe('2021年绩效监控表（1-6月）.xlsx');
    const ws = (await readBook(file)).getWorksheet(T.monitor.sheet)!;
    expect(String(ws.getCell('A2').value)).toContain('监控期间：2021年1–6月');
    rmSync(file);
  });

  it('takes the signers and the budget by funding source from the form settings file', async () => {
    const ffile = path.join(tmp, 'form.json');
    writeFileSync(ffile, JSON.stringify({ financeHead: '孙丽', preparer: '周敏', phone: '83976000', budget: { fiscal: 500.41, carryover: 40 } }));
    const out = path.join(tmp, 'out', 'm7.xlsx');
    const r = await run(['--kind', 'monitor', '--now', '2021-08-10', '--data', data, '--out', out, '--plans', plans, '--form', ffile]);
    expect(r.err).toBe('');
    const texts: string[] = [];
    (await readBook(out)).getWorksheet(T.monitor.sheet)!.eachRow((row) => row.eachCell((c) => texts.push(String(c.value))));
    expect(texts).toContain('财务负责人：孙丽');
    expect(texts).toContain('联系电话：83976000');
    expect(texts).toContain('500.41');
    writeFileSync(ffile, '{"financeHead":"孙丽","budgett":{}}');
    const bad = await run(['--kind', 'monitor', '--now', '2021-08-10', '--data', data, '--out', out, '--plans', plans, '--form', ffile]);
    expect(bad.code).toBe(2);
    expect(bad.err).toMatch(/form\.json 有误.*budgett/);
  });

  it('exits 2 with a message on stderr for bad arguments', async () => {
    const cases: [string[], RegExp][] = [
      [['--kind', 'budget', '--now', '2021-06-30', '--data', data], /--kind 应为 monitor \/ selfeval \/ records/],
      [['--kind', 'monitor', '--data', data], /缺少 --now/],
      [['--kind', 'monitor', '--now', '2021-02-30', '--data', data], /不是日期/],
      [['--kind', 'monitor', '--now', '2021-06-30', '--data', path.join(tmp, 'nope')], /数据目录 .* 不存在/],
      [['--kind', 'monitor', '--now', '2021-06-30', '--data', data, '--bogus'], /Unknown option/],
      [['--kind', 'monitor', '--now', '2021-08-10', '--data', data, '--through', '13'], /--through「13」应为 1 到 12 的月份/],
      [['--kind', 'selfeval', '--now', '2022-01-15', '--data', data, '--through', '6'], /--through 只用于 --kind monitor/],
    ];
    for (const [args, msg] of cases) {
      const r = await run([...args, '--plans', plans]);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.err).toMatch(msg);
    }
    expect(existsSync(path.join(tmp, 'nope'))).toBe(false);
  });

  it('exits 2 when the weights file is invalid, naming the problem', async () => {
    const wfile = path.join(tmp, 'bad.json');
    writeFileSync(wfile, '{"budget":10,"output":50,"benefit":30,"satisfaction":20}');
    const r = await run(['--kind', 'selfeval', '--now', '2022-01-15', '--data', data, '--out', path.join(tmp, 'x.xlsx'), '--plans', plans, '--weights', wfile]);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/应等于 100/);
  });

  it('evaluates the previous year when the self-evaluation is exported in January–May', () => {
    expect(defaultExportYear('selfeval', fromShanghai(2022, 3, 1), [2021])).toBe(2021);
    expect(defaultExportYear('selfeval', fromShanghai(2021, 12, 20), [2021])).toBe(2021);
    expect(defaultExportYear('monitor', fromShanghai(2022, 3, 1), [2021, 2022])).toBe(2022);
  });
});
