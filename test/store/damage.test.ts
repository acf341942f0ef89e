import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openStore, StoreLoadError } from '../../src/store/lowdb-store.js';
import { newRecord, proposal } from './fixtures/make.js';
import { tempDir } from './helpers.js';

const V1 = path.join(import.meta.dirname, 'fixtures/records-2021.v1.json');

async function refusal(dir: string): Promise<StoreLoadError> {
  const err = await openStore(dir).catch((e: unknown) => e);
  expect(err).toBeInstanceOf(StoreLoadError);
  return err as StoreLoadError;
}

describe('data files are never rewritten with loss (issue 14)', () => {
  it('fault: a hand-edited records file with a second "records" key → refused, file unchanged (JSON.parse would keep only the last)', async () => {
    const dir = tempDir();
    const s = await openStore(dir);
    await s.addRecord(newRecord(1));
    await s.addRecord(newRecord(2));
    await s.close();
    const file = path.join(dir, 'records-2021.json');
    const text = readFileSync(file, 'utf8').replace(/\n}\s*$/, ',\n  "records": []\n}\n');
    writeFileSync(file, text);
    const err = await refusal(dir);
    expect(err.message).toContain('records');
    expect(err.message).toMatch(/两个/);
    expect(readFileSync(file, 'utf8')).toBe(text);
  });

  it('fault: a record with its status written twice → refused, not read as the last one', async () => {
    const dir = tempDir();
    const s = await openStore(dir);
    await s.addRecord(newRecord(1));
    await s.close();
    const file = path.join(dir, 'records-2021.json');
    const text = readFileSync(file, 'utf8').replace(/"status":\s*"active"/, '"status": "withdrawn", "status": "active"');
    expect(text).toContain('"status": "withdrawn", "status": "active"');
    writeFileSync(file, text);
    await refusal(dir);
    expect(readFileSync(file, 'utf8')).toBe(text);
  });

  it('fault: a reporter id with a byte that is not UTF-8 (v1 file, about to be migrated) → refused like other damage; file and id unchanged', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'records-2021.json');
    const text = readFileSync(V1, 'utf8');
    const bytes = Buffer.from(text.replace('"wxid_wangfang01"', '"wxid_wang\u0001fang01"'), 'utf8');
    bytes[bytes.indexOf(0x01)] = 0xff; // a lone 0xFF: not UTF-8
    writeFileSync(file, bytes);
    const err = await refusal(dir);
    expect(err.message).toContain(file);
    expect(err.place).toBe(`第 ${text.slice(0, text.indexOf('wxid_wangfang01')).split('\n').length} 行`);
    expect(err.message).toMatch(/UTF-8/);
    expect(err.message).toContain('该文件保持原样');
    expect(readFileSync(file).equals(bytes)).toBe(true);
  });

  it('fault: a GBK-saved state.json → refused with the same readable message, not decoded into �', async () => {
    const dir = tempDir();
    const s = await openStore(dir);
    await s.putPending(proposal('room@chatroom', 'u1'));
    await s.close();
    const file = path.join(dir, 'state.json');
    const bytes = Buffer.concat([readFileSync(file).subarray(0, -2), Buffer.from([0xd5, 0xc5, 0xc8, 0xfd]), Buffer.from('\n}')]);
    writeFileSync(file, bytes);
    const err = await refusal(dir);
    expect(err.message).toMatch(/无法载入数据文件 .*state\.json：第 \d+ 行：含有不是 UTF-8 的字节/);
    expect(readFileSync(file).equals(bytes)).toBe(true);
  });

  it('fault: a record with a field this program does not know → refused (naming the record and field), never saved without it', async () => {
    const dir = tempDir();
    const s = await openStore(dir);
    await s.addRecord(newRecord(1));
    await s.addRecord(newRecord(2));
    await s.close();
    const file = path.join(dir, 'records-2021.json');
    const text = readFileSync(file, 'utf8').replace('"id":"R2021-0002",', '"id":"R2021-0002","备注":"按区里要求补报",');
    writeFileSync(file, text);
    const err = await refusal(dir);
    expect(err.place).toBe('records[1].备注');
    expect(err.message).toMatch(/不认识的字段/);
    expect(readFileSync(file, 'utf8')).toBe(text);
  });

  it('fault: an unknown field nested in state.json (a pending proposal\'s author) → refused', async () => {
    const dir = tempDir();
    const s = await openStore(dir);
    await s.putPending(proposal('room@chatroom', 'u1'));
    await s.close();
    const file = path.join(dir, 'state.json');
    const data = JSON.parse(readFileSync(file, 'utf8'));
    data.pending[0].author.wecomUserId = 'zhangsan';
    writeFileSync(file, JSON.stringify(data));
    const err = await refusal(dir);
    expect(err.place).toBe('pending[0].author.wecomUserId');
  });

  it('migration keeps every reporter id exactly as it was', async () => {
    const dir = tempDir();
    const raw = JSON.parse(readFileSync(V1, 'utf8')) as { records: { id: string; reporterId: string }[] };
    raw.records[0]!.reporterId = ' wxid_王芳 01\u3000'; // spaces and a full-width space are part of the id
    writeFileSync(path.join(dir, 'records-2021.json'), JSON.stringify(raw));
    const s = await openStore(dir);
    expect(s.records(2021).map((r) => r.reporter.id)).toEqual(raw.records.map((r) => r.reporterId));
    await s.close();
  });
});
