import { fromShanghai } from '../../src/core/time.js';
import { loadPlans } from '../../src/plan/load.js';
import type { Plan } from '../../src/plan/schema.js';
import { MemoryStore } from '../../src/store/memory-store.js';
import type { RecordStore, NewRecord } from '../../src/store/types.js';

export function plan2021(): Plan {
  return loadPlans('data/plans').get(2021)!;
}

const ROOM = { id: '24681357912@chatroom', name: '科协绩效工作群', kind: 'room' as const };

/** A report as the dialog saves it: who, what they wrote, which milestone and amounts, when confirmed (Shanghai). */
export function report(
  who: string,
  text: string,
  fields: { milestoneIds?: string[]; indicatorIds?: string[]; amounts?: NewRecord['amounts']; activityDate: string },
  at: [number, number, number, number, number],
): NewRecord {
  return {
    planYear: 2021,
    reporter: { id: `wxid_${who}`, name: who },
    chat: ROOM,
    source: { messageId: `msg-${at.join('')}-${who}`, text },
    milestoneIds: fields.milestoneIds ?? [],
    indicatorIds: fields.indicatorIds ?? [],
    amounts: fields.amounts ?? [],
    activityDate: fields.activityDate,
    at: fromShanghai(...at),
  };
}

/**
 * 2021 up to 8 October: Q2 and Q3 work reported over the year, and the week since the
 * last weekly (Mon 27 Sep 09:00) holding three reports and one withdrawn slip.
 */
export async function weekOfReports(store: RecordStore = new MemoryStore()): Promise<RecordStore> {
  const add = (r: NewRecord) => store.addRecord(r);
  await add(report('李强', '科技工作者日主场活动办完了，约2100人次', { milestoneIds: ['schedule-q2.1'], indicatorIds: ['quantity-1'], amounts: [{ metricId: 'quantity-1.m1', value: 2100, unit: '人次' }], activityDate: '2021-05-30' }, [2021, 5, 31, 10, 0]));
  await add(report('王芳', '科普资源对接会开完了', { milestoneIds: ['schedule-q2.9'], indicatorIds: ['quantity-6'], activityDate: '2021-06-18' }, [2021, 6, 18, 16, 0]));
  await add(report('张伟', '截至8月底经费支出150万元', { indicatorIds: ['cost-1'], amounts: [{ metricId: 'cost-1.m1', value: 150, unit: '万元' }], activityDate: '2021-08-31' }, [2021, 9, 1, 9, 30]));
  await add(report('王芳', '全国科普日主场活动办完，来了600人次', { milestoneIds: ['schedule-q3.1'], indicatorIds: ['quantity-1'], amounts: [{ metricId: 'quantity-1.m1', value: 600, unit: '人次' }], activityDate: '2021-09-18' }, [2021, 9, 18, 17, 0]));
  // the past week
  await add(report('刘洋', '简约生活创意无限大赛决赛昨天办完了，300人次', { milestoneIds: ['schedule-q3.2'], indicatorIds: ['quality-2'], amounts: [{ metricId: 'quantity-1.m1', value: 300, unit: '人次' }], activityDate: '2021-09-28' }, [2021, 9, 29, 9, 15]));
  await add(report('陈静', '全国青少年科技创新大赛组队参赛完成', { milestoneIds: ['schedule-q3.3'], indicatorIds: ['quantity-3'], activityDate: '2021-09-30' }, [2021, 9, 30, 11, 0]));
  await add(report('张伟', '截至9月底经费支出180万元', { indicatorIds: ['cost-1'], amounts: [{ metricId: 'cost-1.m1', value: 180, unit: '万元' }], activityDate: '2021-09-30' }, [2021, 9, 30, 15, 0]));
  const slip = await add(report('刘洋', '对口援助活动办完了', { milestoneIds: ['schedule-q3.4'], indicatorIds: ['quantity-11'], amounts: [{ metricId: 'quantity-11.m1', value: 1, unit: '次' }], activityDate: '2021-09-29' }, [2021, 9, 29, 14, 0]));
  await store.withdrawRecord(2021, slip.id, { by: { id: 'wxid_刘洋', name: '刘洋' }, message: { id: 'msg-withdraw', text: '撤回，援助活动推迟了' }, at: fromShanghai(2021, 9, 29, 14, 5) });
  return store;
}
