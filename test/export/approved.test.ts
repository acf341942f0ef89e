import { describe, expect, it } from 'vitest';
import { milestoneFacts, shortLabel, supports, targetText } from '../../src/export/approved.js';
import { plan2021, spendingYear } from './fixtures.js';
import { buildRecord } from '../../src/store/records.js';
import { fromShanghai } from '../../src/core/time.js';

const plan = plan2021();
const ind = (id: string) => plan.indicators.find((i) => i.id === id)!;
const byId = new Map(spendingYear().map((r) => [r.id, r]));

describe('the approved rows and their evidence', () => {
  it('a record supports an indicator by its figures or its words, not by a milestone link alone', () => {
    const screen = byId.get('R2021-0014')!; // 筛选协作单位, completing a 一季度 item linked to 学术月 and 协作中心
    expect(supports(plan, screen, ind('quality-3'))).toBe(false);
    expect(supports(plan, screen, ind('quality-13'))).toBe(false);
    const month = byId.get('R2021-0013')!; // 学术交流月活动办了1次
    expect(supports(plan, month, ind('quality-3'))).toBe(true);
    expect(supports(plan, month, ind('quantity-2'))).toBe(true);
    const committee = byId.get('R2021-0012')!; // 科协委员会今天开完了
    expect(supports(plan, committee, ind('quantity-6'))).toBe(true);
  });

  it('a 全年 item is done on the day its figures reach the targets', () => {
    const issue = (seq: number, day: string, n: number, posts: number) => {
      const [y, m, d] = day.split('-').map(Number) as [number, number, number];
      return buildRecord(
        {
          planYear: 2021,
          reporter: { id: 'w', name: '王芳' },
          chat: { id: 'r@chatroom', name: null, kind: 'room' },
          source: { messageId: `m${seq}`, text: '刊物和信息' },
          milestoneIds: ['schedule-annual.1'],
          indicatorIds: ['quantity-8'],
          amounts: [
            { metricId: 'quantity-8.m1', value: n, unit: '期' },
            { metricId: 'quantity-8.m2', value: posts, unit: '期' },
          ],
          activityDate: day,
          at: fromShanghai(y, m, d, 12),
        },
        seq,
      );
    };
    const recs = [issue(1, '2021-03-15', 3, 40), issue(2, '2021-09-10', 3, 40), issue(3, '2021-11-20', 0, 20)];
    const annual = milestoneFacts(plan, recs, '2021-12-31').find((f) => f.milestone.id === 'schedule-annual.1')!;
    // 6期 on 9月10日 but 100期 of posts only on 11月20日
    expect(annual.doneOn).toBe('2021-11-20');
    expect(annual.onTime).toBe(true);
    expect(milestoneFacts(plan, recs, '2021-10-31').find((f) => f.milestone.id === 'schedule-annual.1')!.doneOn).toBeNull();
  });

  it('labels a qualitative row briefly without an ellipsis, and states measured targets', () => {
    for (const i of plan.indicators) expect(shortLabel(i), i.id).not.toMatch(/…/);
    expect(shortLabel(ind('quality-8'))).toBe('科普大学教学点、企业科协等');
    expect(targetText(ind('quantity-11'))).toBe('科技科普对口援助活动1-2次');
    expect(targetText(ind('quality-1'))).toBe('群众性科普活动顺利举办，对优秀组织单位个人进行表彰。');
  });
});
