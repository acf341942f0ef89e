import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import { readConfig } from '../../src/config.js';
import { memoryLog } from '../../src/core/log.js';
import { MemoryStore } from '../../src/store/memory-store.js';
import { wireExtras } from '../../src/wiring.js';
import { T } from '../../src/export/text.js';
import { admin, harness, manualClock, plans } from './helpers.js';

const dir = mkdtempSync(path.join(tmpdir(), 'export-chat-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function chatExport(now: string, text: string) {
  const form = path.join(dir, 'form.json');
  writeFileSync(form, JSON.stringify({ financeHead: '孙丽', preparer: '周敏' }));
  const env = { DATA_DIR: dir, EXPORT_FORM_FILE: form } as NodeJS.ProcessEnv;
  const store = new MemoryStore();
  const clock = manualClock(now);
  const extras = await wireExtras({ config: readConfig(env), env, plans, store, clock, log: memoryLog(), scheduler: false });
  const h = harness(now, { store, clock, ...extras.botDeps });
  const replies = await h.bot.handle({ id: 'm1', text, chat: { id: 'room1@chatroom', name: '科协工作群', kind: 'room' }, sender: admin, at: clock() });
  const file = replies[0]!.file!.path;
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(file);
  const ws = wb.getWorksheet(T.monitor.sheet)!;
  const texts: string[] = [];
  ws.eachRow((row) => row.eachCell((c) => texts.push(String(c.value))));
  return { reply: replies[0]!.text, file, a2: String(ws.getCell('A2').value), texts };
}

describe('exporting the 监控表 in the chat', () => {
  it('"导出监控表" in August covers January–July, signed as configured', async () => {
    const r = await chatExport('2021-08-09T10:00', '导出监控表');
    expect(r.reply).toContain('绩效监控表（1–7月）已生成');
    expect(r.a2).toContain('监控期间：2021年1–7月');
    expect(path.basename(r.file)).toBe('2021年绩效监控表（1-7月）.xlsx');
    expect(r.texts).toContain('财务负责人：孙丽');
  });

  it('a bad form settings file stops start-up, naming EXPORT_FORM_FILE', async () => {
    const form = path.join(dir, 'bad-form.json');
    writeFileSync(form, '{"financeHead": 3}');
    const env = { DATA_DIR: dir, EXPORT_FORM_FILE: form } as NodeJS.ProcessEnv;
    const clock = manualClock('2021-08-09T10:00');
    await expect(wireExtras({ config: readConfig(env), env, plans, store: new MemoryStore(), clock, log: memoryLog(), scheduler: false })).rejects.toThrow(/EXPORT_FORM_FILE.*financeHead/);
  });

  it('"导出1-6月监控表" covers January–June', async () => {
    const r = await chatExport('2021-08-09T10:00', '导出1-6月监控表');
    expect(r.reply).toContain('绩效监控表（1–6月）已生成');
    expect(r.a2).toContain('监控期间：2021年1–6月');
  });
});
