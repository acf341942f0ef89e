import { describe, expect, it } from 'vitest';
import { loadPlanFile } from '../../src/plan/load.js';

/**
 * Which indicators each 2021 milestone advances, as a careful reader of the plan agrees.
 * Reports of a milestone count toward these indicators' targets, and the forms cite the
 * reports as their evidence, so a wrong link puts figures and evidence in the wrong row.
 */
const REVIEWED: Record<string, { ids: string[]; why: string }> = {
  'schedule-q1.1': { ids: ['quantity-6', 'quality-7'], why: '召开科协委员会' },
  'schedule-q1.2': { ids: ['quality-12'], why: '经费拨付到位' },
  'schedule-q1.3': { ids: ['quantity-3'], why: '组队参加市青少年赛事' },
  'schedule-q1.4': { ids: [], why: '调研和走访慰问: no 数量/质量指标 counts it (not 杂志订阅, not 委员会)' },
  'schedule-q1.5': { ids: [], why: '筛选协作单位 prepares events; it is not 学术月 nor 协作中心运行' },
  'schedule-q2.1': { ids: ['quantity-1'], why: '科技工作者日主场, 受益人数' },
  'schedule-q2.2': { ids: ['quantity-1'], why: '科普之夏 is one of the 科普活动 of quantity-1' },
  'schedule-q2.3': { ids: ['quantity-1'], why: '科普综艺展演 is named in quantity-1' },
  'schedule-q2.4': { ids: ['quantity-4', 'quality-5'], why: '领导干部走进科普场馆' },
  'schedule-q2.5': { ids: ['quantity-3'], why: '评选 of 青少年 and 辅导员论文' },
  'schedule-q2.6': { ids: ['quality-7', 'quantity-6'], why: '科普干部培训班' },
  'schedule-q2.7': { ids: ['quality-8', 'quantity-7'], why: '教学点、企业科协、调查站点' },
  'schedule-q2.8': { ids: ['quantity-12', 'quantity-13', 'quality-12'], why: '街道 and 学协会 projects: their counts and beneficiaries' },
  'schedule-q2.9': { ids: ['quantity-6', 'quality-7'], why: '科普资源对接会' },
  'schedule-q3.1': { ids: ['quantity-1'], why: '科普日主场' },
  'schedule-q3.2': { ids: ['quality-2', 'quantity-1'], why: '简约生活 大赛' },
  'schedule-q3.3': { ids: ['quantity-3'], why: '组队参加全国赛事' },
  'schedule-q3.4': { ids: ['quantity-11', 'quality-11'], why: '对口援助' },
  'schedule-q4.1': { ids: [], why: '全民科学素质工作会: not the 杂志订阅 of quantity-9, which only shares the words 全民科学素质' },
  'schedule-q4.2': { ids: ['quantity-9'], why: '订阅《科技生活》' },
  'schedule-q4.3': { ids: ['quantity-3', 'quality-4'], why: '青少年科技节' },
  'schedule-q4.4': { ids: ['quantity-3'], why: '区际机器人联赛' },
  'schedule-q4.5': { ids: ['quantity-2', 'quality-3'], why: '学术月' },
  'schedule-q4.6': { ids: ['quantity-12', 'quantity-13', 'quality-12'], why: '项目验收: the projects’ counts and beneficiaries are reported then' },
  'schedule-q4.7': { ids: [], why: '务虚会: no indicator' },
  'schedule-q4.8': { ids: ['quality-6', 'quantity-5'], why: '编程大赛' },
  'schedule-annual.1': { ids: ['quantity-8', 'quality-9'], why: '刊物 and 微信平台' },
};

describe('milestone → indicator links in the bundled 2021 plan', () => {
  const plan = loadPlanFile('data/plans/2021.json');

  it('every milestone is in the reviewed table and nothing else is', () => {
    expect(plan.milestones.map((m) => m.id).sort()).toEqual(Object.keys(REVIEWED).sort());
  });

  it.each(Object.entries(REVIEWED))('%s advances exactly the reviewed indicators', (id, r) => {
    const m = plan.milestones.find((x) => x.id === id)!;
    expect([...m.indicators].sort(), r.why).toEqual([...r.ids].sort());
  });
});
