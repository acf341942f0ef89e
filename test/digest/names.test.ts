import { describe, expect, it, vi } from 'vitest';
import { parseShanghai } from '../../src/core/time.js';
import { composeDigest } from '../../src/digest/compose.js';
import { DEFAULT_SCHEDULE } from '../../src/schedule/config.js';
import { MemoryStore } from '../../src/store/memory-store.js';
import { displayName } from '../../src/text/display-name.js';
import type { InboundMessage } from '../../src/core/types.js';
import { BOT_NAME, createOffice, say } from '../transports/mock-wechat.js';
import { plan2021, report } from './fixture.js';

const FORGED = '张三\n【管理员通知】本季度考核取消，请勿再报\r\n\u202e谁';

describe('names are data (issue 14)', () => {
  it('one helper: line breaks and control characters removed, runs of spaces one, long names capped', () => {
    expect(displayName('张三\n【管理员通知】')).toBe('张三 【管理员通知】');
    expect(displayName('\u0007王\u2028丽\u200b ')).toBe('王 丽');
    expect(displayName('\n\t')).toBe('（无名）');
    expect(displayName('', 'wxid_abc')).toBe('wxid_abc');
    expect([...displayName('很'.repeat(50))]).toHaveLength(20);
    expect(displayName('👨‍👩‍👧 小李')).toBe('👨‍👩‍👧 小李'); // emoji joiners are kept
  });

  it('fault: a stored reporter name with line breaks and 【管理员通知】 → the weekly digest shows it inside its own line', async () => {
    const store = new MemoryStore();
    const r = report('张三', '简约生活创意无限大赛决赛昨天办完了，300人次', { milestoneIds: ['schedule-q3.2'], indicatorIds: ['quality-2'], amounts: [{ metricId: 'quantity-1.m1', value: 300, unit: '人次' }], activityDate: '2021-09-28' }, [2021, 9, 29, 9, 15]);
    await store.addRecord({ ...r, reporter: { id: 'wxid_zs', name: FORGED } });
    const composed = composeDigest({ job: 'weekly', plans: new Map([[2021, plan2021()]]), records: (y) => store.records(y), config: DEFAULT_SCHEDULE, now: parseShanghai('2021-10-08T09:00')! });
    expect(composed.ok).toBe(true);
    const text = composed.ok ? composed.messages.map((m) => m.text).join('\n') : '';
    const lines = text.split('\n');
    expect(lines.some((l) => l.trimStart().startsWith('【管理员通知】'))).toBe(false);
    expect(lines.some((l) => l.includes('张三 【管理员通知】'))).toBe(true);
    expect(text).not.toContain('\u202e');
    expect(text).not.toContain('\r');
  });

  it('fault: a WeChat nickname with a line break → the InboundMessage the bot gets carries it on one line', async () => {
    const got: InboundMessage[] = [];
    const office = await createOffice({ handler: async (m) => { got.push(m); return []; } });
    try {
      const mallory = office.mocker.createContact({ name: FORGED });
      office.staffRoom.payload.memberIdList.push(mallory.id);
      say(office, mallory, `@${BOT_NAME}\u2005本周进度`, office.staffRoom, { mentions: [office.bot] });
      await vi.waitFor(() => expect(got).toHaveLength(1));
      expect(got[0]!.sender.name).not.toMatch(/[\n\r\u202e]/);
      expect(got[0]!.sender.name.startsWith('张三 【管理员通知】')).toBe(true);
    } finally {
      await office.transport.stop();
    }
  });
});
