import { describe, expect, it } from 'vitest';
import { computeProgress } from '../../src/progress/progress.js';
import { buildRecord } from '../../src/store/records.js';
import type { ProgressRecord } from '../../src/store/schema.js';
import { parseShanghai } from '../../src/core/time.js';
import { plan2021 } from '../bot/helpers.js';

let seq = 0;
function rec(over: { milestoneIds?: string[]; indicatorIds?: string[]; amounts: { metricId: string; value: number; unit: string }[]; activityDate: string; at?: string }): ProgressRecord {
  return buildRecord(
    {
      planYear: 2021,
      milestoneIds: over.milestoneIds ?? [],
      indicatorIds: over.indicatorIds ?? [],
      amounts: over.amounts,
      activityDate: over.activityDate,
      reporter: { id: 'wxid_a', name: '王丽' },
      chat: { id: 'r@chatroom', name: '群', kind: 'room' },
      source: { messageId: `m${seq}`, text: '…' },
      at: parseShanghai(over.at ?? `${over.activityDate}T18:00`)!,
    },
    ++seq,
  );
}
const metric = (p: ReturnType<typeof computeProgress>, id: string) => p.metrics.find((m) => m.metric.id === id)!;
const milestone = (p: ReturnType<typeof computeProgress>, id: string) => p.milestones.find((m) => m.milestone.id === id)!;

describe('progress against the 2021 plan', () => {
  it('sums reports of a metric and compares them with the target', () => {
    const p = computeProgress(
      plan2021,
      [
        rec({ milestoneIds: ['schedule-q2.1'], amounts: [{ metricId: 'quantity-1.m1', value: 2100, unit: '人次' }], activityDate: '2021-05-30' }),
        rec({ milestoneIds: ['schedule-q2.3'], amounts: [{ metricId: 'quantity-1.m1', value: 600, unit: '人次' }], activityDate: '2021-06-19' }),
      ],
      parseShanghai('2021-06-20T10:00')!,
    );
    expect(metric(p, 'quantity-1.m1')).toMatchObject({ actual: 2700, pace: 'met' });
    expect(metric(p, 'quantity-1.m1').ratio).toBeCloseTo(1.35);
    expect(milestone(p, 'schedule-q2.1').done).toBe(true);
  });

  it('calls 800 of 2000 人次 behind late in June, when the linked Q2 activities are nearly due', () => {
    const p = computeProgress(
      plan2021,
      [rec({ milestoneIds: ['schedule-q2.1'], amounts: [{ metricId: 'quantity-1.m1', value: 800, unit: '人次' }], activityDate: '2021-06-10' })],
      parseShanghai('2021-06-21T10:00')!,
    );
    expect(metric(p, 'quantity-1.m1').pace).toBe('behind');
  });

  it('a withdrawn record no longer counts', () => {
    const r = rec({ milestoneIds: ['schedule-q2.1'], amounts: [{ metricId: 'quantity-1.m1', value: 2100, unit: '人次' }], activityDate: '2021-05-30' });
    const p = computeProgress(plan2021, [{ ...r, status: 'withdrawn' }], parseShanghai('2021-06-20T10:00')!);
    expect(metric(p, 'quantity-1.m1').actual).toBeNull();
    expect(milestone(p, 'schedule-q2.1').done).toBe(false);
  });

  it('a year-long milestone is not done at its first report, only when its numbers are met', () => {
    const first = rec({ milestoneIds: ['schedule-annual.1'], amounts: [{ metricId: 'quantity-8.m1', value: 1, unit: '期' }], activityDate: '2021-03-15' });
    const now = parseShanghai('2021-12-20T10:00')!;
    expect(milestone(computeProgress(plan2021, [first], now), 'schedule-annual.1').done).toBe(false);
    const all = [
      first,
      rec({ milestoneIds: ['schedule-annual.1'], amounts: [{ metricId: 'quantity-8.m1', value: 5, unit: '期' }], activityDate: '2021-11-15' }),
      rec({ milestoneIds: ['schedule-annual.1'], amounts: [{ metricId: 'quantity-8.m2', value: 100, unit: '期' }], activityDate: '2021-12-15' }),
    ];
    expect(milestone(computeProgress(plan2021, all, now), 'schedule-annual.1').done).toBe(true);
  });

  it('a running figure keeps the newest report, even when two are confirmed in the same second', () => {
    const a = rec({ indicatorIds: ['satisfaction-1'], amounts: [{ metricId: 'satisfaction-1.m1', value: 92, unit: '%' }], activityDate: '2021-06-20', at: '2021-06-20T10:00' });
    const b = rec({ indicatorIds: ['satisfaction-1'], amounts: [{ metricId: 'satisfaction-1.m1', value: 95, unit: '%' }], activityDate: '2021-06-20', at: '2021-06-20T10:00' });
    expect(metric(computeProgress(plan2021, [a, b], parseShanghai('2021-06-20T11:00')!), 'satisfaction-1.m1').actual).toBe(95);
  });

  it('satisfaction and spending are not "behind" before anyone reports them', () => {
    const p = computeProgress(plan2021, [], parseShanghai('2021-06-20T10:00')!);
    expect(metric(p, 'satisfaction-1.m1').pace).toBe('no-data');
    expect(metric(p, 'cost-1.m1').pace).toBe('no-data');
    expect(metric(p, 'quantity-12.m2').pace).toBe('behind');
  });
});

describe('pace near the edges of the calendar', () => {
  it('an item due this quarter is not "behind" five days into the quarter', () => {
    const p = computeProgress(plan2021, [], parseShanghai('2021-07-05T09:00')!);
    expect(metric(p, 'quantity-11.m1').pace).toBe('no-data');
  });

  it('97 of 100 期 at year end is behind, not on track', () => {
    const r = rec({ milestoneIds: ['schedule-annual.1'], amounts: [{ metricId: 'quantity-8.m2', value: 97, unit: '期' }], activityDate: '2021-12-30' });
    const p = computeProgress(plan2021, [r], parseShanghai('2021-12-31T18:00')!);
    expect(metric(p, 'quantity-8.m2').pace).toBe('behind');
  });
});
