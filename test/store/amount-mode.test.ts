import { describe, expect, it } from 'vitest';
import { decodeYearFile, encodeYearFile } from '../../src/store/codec.js';
import { spendingYear } from '../export/fixtures.js';

describe('amount mode in the year file', () => {
  it('keeps add/set on amounts through a save and a load, and old amounts without it stay valid', () => {
    const records = spendingYear();
    const text = Buffer.concat(encodeYearFile({ schemaVersion: 2, planYear: 2021, nextSeq: records.length + 1, records })).toString('utf8');
    const { data } = decodeYearFile('records-2021.json', text, 2021);
    const level = data.records.find((r) => r.id === 'R2021-0006')!;
    expect(level.amounts).toEqual([{ metricId: 'spend:total', value: 232.5, unit: '万元', mode: 'set' }]);
    const old = data.records.find((r) => r.id === 'R2021-0001')!;
    expect(old.amounts[0]).not.toHaveProperty('mode');
  });
});
