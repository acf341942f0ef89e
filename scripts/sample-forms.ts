/**
 * Writes sample 监控表 and 自评表 workbooks from a realistic year of 2021 records, for
 * scripts/render-forms.sh to render and for a person to look at. Usage: tsx scripts/sample-forms.ts OUT_DIR
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fromShanghai } from '../src/core/time.js';
import { exportWorkbook } from '../src/export/index.js';
import { PlanSchema } from '../src/plan/schema.js';
import { buildRecord, withdrawnRecord } from '../src/store/records.js';
import type { ProgressRecord, RecordAmount } from '../src/store/schema.js';

const out = process.argv[2] ?? 'exports/sample';
const plan = PlanSchema.parse(JSON.parse(readFileSync(path.resolve('data/plans/2021.json'), 'utf8')));
const CHAT = { id: '24681357912@chatroom', name: '科协绩效工作群', kind: 'room' as const };
let seq = 0;
function rec(who: string, day: string, text: string, f: { ms?: string[]; ind?: string[]; amounts?: RecordAmount[] }): ProgressRecord {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  seq++;
  return buildRecord(
    {
      planYear: 2021,
      reporter: { id: `wxid_${who}`, name: who },
      chat: CHAT,
      source: { messageId: `msg-${seq}`, text },
      milestoneIds: f.ms ?? [],
      indicatorIds: f.ind ?? [],
      amounts: f.amounts ?? [],
      activityDate: day,
      at: fromShanghai(y, m, d, 18, 0),
    },
    seq,
  );
}
const spend = (metricId: string, value: number, mode: 'add' | 'set'): RecordAmount => ({ metricId, value, unit: '万元', mode });

export function sampleYear(): ProgressRecord[] {
  const list: ProgressRecord[] = [
    rec('赵敏', '2021-03-05', '区科协委员会开完了，审议了去年工作报告和今年安排', { ms: ['schedule-q1.1'], ind: ['quantity-6', 'quality-7'] }),
    rec('陈静', '2021-03-18', '街道特色经费和学协会协作经费已拨付', { ms: ['schedule-q1.2'], ind: ['quality-12'] }),
    rec('黄涛', '2021-03-26', '组队参加了北京青少年科技创新大赛和机器人大赛', { ms: ['schedule-q1.3'], ind: ['quantity-3'] }),
    rec('李强', '2021-02-08', '两节期间走访慰问科技工作者和科普志愿者', { ms: ['schedule-q1.4'], ind: ['quantity-9', 'quality-7', 'quantity-6'] }),
    rec('王芳', '2021-04-12', '筛选了大型专题活动的协作单位', { ms: ['schedule-q1.5'], ind: ['quality-13', 'quality-3'] }),
    rec('李强', '2021-05-30', '科技工作者日主场活动办完了，约2100人次', { ms: ['schedule-q2.1'], ind: ['quantity-1'], amounts: [{ metricId: 'quantity-1.m1', value: 2100, unit: '人次' }] }),
    rec('李强', '2021-06-20', '科普之夏主场活动进社区，约800人次', { ms: ['schedule-q2.2'], ind: ['quantity-1'], amounts: [{ metricId: 'quantity-1.m1', value: 800, unit: '人次' }] }),
    rec('张伟', '2021-06-11', '千名领导干部走进科普场馆活动完成', { ms: ['schedule-q2.4'], ind: ['quantity-4', 'quality-5'] }),
    rec('赵敏', '2021-06-25', '科协系统科普干部全员培训班办完', { ms: ['schedule-q2.6'], ind: ['quality-7', 'quantity-6'] }),
    rec('王芳', '2021-06-29', '科普资源对接会开完', { ms: ['schedule-q2.9'], ind: ['quantity-6', 'quality-7'] }),
    rec('王芳', '2021-03-15', '《科普进行时》出了3期，公众号发布活动信息40期', { ms: ['schedule-annual.1'], ind: ['quantity-8'], amounts: [{ metricId: 'quantity-8.m1', value: 3, unit: '期' }, { metricId: 'quantity-8.m2', value: 40, unit: '期' }] }),
    rec('王芳', '2021-07-20', '公众号又发了35期信息', { ind: ['quantity-8'], amounts: [{ metricId: 'quantity-8.m2', value: 35, unit: '期' }] }),
    rec('杨磊', '2021-07-15', '学协会科普协作项目共3000人次', { ind: ['quantity-13'], amounts: [{ metricId: 'quantity-13.m2', value: 3000, unit: '人次' }] }),
    rec('杨磊', '2021-06-30', '支持了6个学协会开展科普协作项目', { ind: ['quantity-13'], amounts: [{ metricId: 'quantity-13.m1', value: 6, unit: '个' }] }),
    rec('陈静', '2021-07-08', '10个街道科普特色项目都开展了，受益12000人次', { ind: ['quantity-12'], amounts: [{ metricId: 'quantity-12.m1', value: 10, unit: '个' }, { metricId: 'quantity-12.m2', value: 12000, unit: '人次' }] }),
    // spending: monthly increments, then the ledger's level at the half year, then July's increment
    rec('刘洋', '2021-01-31', '1月支出30.2万元', { amounts: [spend('spend:total', 30.2, 'add')] }),
    rec('刘洋', '2021-02-28', '本月支出41.5万元', { amounts: [spend('spend:total', 41.5, 'add')] }),
    rec('刘洋', '2021-03-31', '本月支出38万元', { amounts: [spend('spend:total', 38, 'add')] }),
    rec('刘洋', '2021-06-30', '上半年累计执行232.5万', { amounts: [spend('spend:total', 232.5, 'set')] }),
    rec('刘洋', '2021-07-31', '本月支出35.6万元', { amounts: [spend('spend:total', 35.6, 'add')] }),
    rec('刘洋', '2021-07-31', '截至7月底基本支出执行58.1万，项目支出执行210万', { amounts: [spend('spend:basic', 58.1, 'set'), spend('spend:project', 210, 'set')] }),
    rec('刘洋', '2021-07-31', '截至7月底当年财政拨款执行250.1万元，上年结转执行18万元', { amounts: [spend('spend:total:fiscal', 250.1, 'set'), spend('spend:total:carryover', 18, 'set')] }),
    // the rest of the year
    rec('李强', '2021-09-18', '全国科普日主场活动办完，约1500人次', { ms: ['schedule-q3.1'], ind: ['quantity-1'], amounts: [{ metricId: 'quantity-1.m1', value: 1500, unit: '人次' }] }),
    rec('黄涛', '2021-08-20', '组队参加全国青少年科技创新大赛', { ms: ['schedule-q3.3'], ind: ['quantity-3'] }),
    rec('张伟', '2021-10-12', '科技科普下乡对口援助活动开展了1次', { ms: ['schedule-q3.4'], ind: ['quantity-11', 'quality-11'], amounts: [{ metricId: 'quantity-11.m1', value: 1, unit: '次' }] }),
    rec('赵敏', '2021-11-10', '全民科学素质建设工作会召开', { ms: ['schedule-q4.1'], ind: ['quantity-9'] }),
    rec('王芳', '2021-12-06', '订阅《科技生活》杂志300份', { ms: ['schedule-q4.2'], ind: ['quantity-9'], amounts: [{ metricId: 'quantity-9.m1', value: 300, unit: '份' }] }),
    rec('王芳', '2021-12-10', '制作科普宣传品1200份', { ind: ['quantity-9'], amounts: [{ metricId: 'quantity-9.m2', value: 1200, unit: '份' }] }),
    rec('黄涛', '2021-12-15', '学术交流月活动办了2次', { ms: ['schedule-q4.5'], ind: ['quantity-2', 'quality-3'], amounts: [{ metricId: 'quantity-2.m1', value: 2, unit: '次' }] }),
    rec('王芳', '2021-12-20', '《科普进行时》又出了3期，公众号发了30期', { ind: ['quantity-8'], amounts: [{ metricId: 'quantity-8.m1', value: 3, unit: '期' }, { metricId: 'quantity-8.m2', value: 30, unit: '期' }] }),
    rec('刘洋', '2021-12-28', '服务对象满意度问卷结果92%', { ind: ['satisfaction-1'], amounts: [{ metricId: 'satisfaction-1.m1', value: 92, unit: '%' }] }),
    rec('刘洋', '2021-12-31', '截至12月底当年财政拨款执行503.2万元，上年结转执行20万元', { amounts: [spend('spend:total:fiscal', 503.2, 'set'), spend('spend:total:carryover', 20, 'set')] }),
    rec('刘洋', '2021-12-31', '截至12月底基本支出执行93.9万，项目支出执行429.3万', { amounts: [spend('spend:basic', 93.9, 'set'), spend('spend:project', 429.3, 'set')] }),
  ];
  const dup = rec('陈静', '2021-06-10', '德胜街道地质科普活动5000人次', { ind: ['quantity-12'], amounts: [{ metricId: 'quantity-12.m2', value: 5000, unit: '人次' }] });
  list.push(withdrawnRecord(dup, { by: { id: 'wxid_陈静', name: '陈静' }, message: { id: 'msg-w', text: '撤销，重复了' }, at: fromShanghai(2021, 6, 12, 9, 0) }));
  return list;
}

if (process.argv[1] && path.resolve(process.argv[1]).endsWith('sample-forms.ts')) {
  const records = sampleYear();
  const settings = { financeHead: '李红', preparer: '王芳', phone: '010-83976271', budget: { fiscal: 520.41, carryover: 20, other: 0 } };
  const m = await exportWorkbook('monitor', { plan, records, now: fromShanghai(2021, 8, 10, 10, 0), settings, outFile: path.join(out, '监控表-1-7月.xlsx') });
  console.log(m.path, m.summary);
  const s = await exportWorkbook('selfeval', { plan, records, now: fromShanghai(2022, 1, 20, 10, 0), settings, outFile: path.join(out, '自评表-2021.xlsx') });
  console.log(s.path, s.summary);
}
