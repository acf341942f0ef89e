import { z } from 'zod';

/** Comparators as written in the 绩效目标表: ≥ 不少于, ≤ 不超过, = 为, a range 1-2, ≈ 约. */
export const Comparator = z.enum(['≥', '≤', '=', 'range', '≈']);
export type Comparator = z.infer<typeof Comparator>;

/**
 * How reports of a metric combine: `sum` adds every report (受益人数, 期数);
 * `latest` keeps the newest reported value (满意度, 经费已支出 — a running figure).
 */
export const Aggregate = z.enum(['sum', 'latest']);
export type Aggregate = z.infer<typeof Aggregate>;

export const MetricSchema = z.object({
  /** `${indicatorId}.m${n}`, e.g. quantity-5.m3 */
  id: z.string().regex(/^[a-z]+-\d+\.m\d+$/),
  /** What it counts, e.g. 受益人数, 宣传刊物 */
  counts: z.string().min(1),
  comparator: Comparator,
  value: z.number(),
  /** Upper bound, only for `range` */
  max: z.number().nullable(),
  unit: z.string().min(1),
  aggregate: Aggregate,
  /** The words of the table this metric was read from */
  source: z.string().min(1),
  /** Another metric that measures the same thing (a 质量指标 restating a 数量指标); progress reads that one. */
  sameAs: z.string().nullable(),
});
export type Metric = z.infer<typeof MetricSchema>;

/**
 * 数量 / 质量 / 成本 / 效益 (经济·社会·生态·可持续影响) / 满意度 as in the 2021 form; 时效指标 of the
 * column layouts is `timeliness`; a 二级指标 the importer does not know is kept as `other`
 * under its own name (level2), never folded into a neighbour.
 */
export const IndicatorCategory = z.enum(['quantity', 'quality', 'timeliness', 'cost', 'benefit', 'satisfaction', 'other']);
export type IndicatorCategory = z.infer<typeof IndicatorCategory>;

export const IndicatorSchema = z.object({
  /** quantity-1 … quantity-13, quality-1 …, cost-1, benefit-1 …, satisfaction-1 */
  id: z.string().regex(/^(quantity|quality|timeliness|cost|benefit|satisfaction|other)-\d+$/),
  category: IndicatorCategory,
  /** 一级指标: 产出指标 / 效益指标 / 满意度指标 */
  level1: z.string().min(1),
  /** 二级指标 as the table names it: 数量指标, 质量指标 … */
  level2: z.string().min(1),
  /** The number within its 二级指标 (指标5 → 5) */
  number: z.number().int().positive(),
  /** A short label for lists, taken from the start of the text */
  name: z.string().min(1),
  /** 三级指标 / 指标值: the full text of the table cell */
  text: z.string().min(1),
  /** No number to measure: judged 达成 / 部分达成 / 未达成 */
  qualitative: z.boolean(),
  metrics: z.array(MetricSchema),
  owners: z.array(z.string()).optional(),
});
export type Indicator = z.infer<typeof IndicatorSchema>;

export const QuarterKey = z.enum(['q1', 'q2', 'q3', 'q4', 'annual']);
export type QuarterKey = z.infer<typeof QuarterKey>;

export const MilestoneSchema = z.object({
  /** schedule-q2.1 … schedule-annual.1 */
  id: z.string().regex(/^schedule-(q[1-4]|annual)\.\d+$/),
  quarter: QuarterKey,
  /** The item's number within its quarter */
  number: z.number().int().positive(),
  text: z.string().min(1),
  /** YYYY-MM-DD: the quarter's last day, or the year's last day for 全年 */
  due: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
  /** 数量/质量 indicators this milestone advances, best first (computed by the importer; editable) */
  indicators: z.array(z.string()),
  owners: z.array(z.string()).optional(),
});
export type Milestone = z.infer<typeof MilestoneSchema>;

export const GoalSchema = z.object({
  id: z.string().regex(/^goal-\d+$/),
  text: z.string().min(1),
});
export type Goal = z.infer<typeof GoalSchema>;

export const PlanSchema = z
  .object({
    schemaVersion: z.literal(1),
    year: z.number().int().min(2000).max(2100),
    department: z.string().min(1),
    head: z.object({ name: z.string(), phone: z.string() }),
    funding: z.object({
      unit: z.literal('万元'),
      total: z.number().nonnegative(),
      basic: z.number().nonnegative().nullable(),
      project: z.number().nonnegative().nullable(),
      other: z.number().nonnegative().nullable(),
      /** Where the money comes from (公共财政拨款, 上级资金 …), as the table's funding grid lists it */
      breakdown: z.array(z.object({ label: z.string().min(1), amount: z.number().nonnegative() })).optional(),
    }),
    /** The project a 项目支出 table is about (项目名称), when the plan comes from one */
    project: z.string().min(1).optional(),
    functions: z.array(z.string().min(1)),
    goalsIntro: z.string(),
    goals: z.array(GoalSchema),
    indicators: z.array(IndicatorSchema),
    milestones: z.array(MilestoneSchema),
  })
  .superRefine((plan, ctx) => {
    const ids = new Set<string>();
    const check = (id: string, path: (string | number)[]) => {
      if (ids.has(id)) ctx.addIssue({ code: 'custom', message: `重复的 id「${id}」`, path });
      ids.add(id);
    };
    plan.indicators.forEach((ind, i) => {
      check(ind.id, ['indicators', i, 'id']);
      ind.metrics.forEach((m, j) => check(m.id, ['indicators', i, 'metrics', j, 'id']));
    });
    plan.milestones.forEach((m, i) => check(m.id, ['milestones', i, 'id']));
    plan.goals.forEach((g, i) => check(g.id, ['goals', i, 'id']));
    plan.milestones.forEach((m, i) =>
      m.indicators.forEach((ref, j) => {
        if (!plan.indicators.some((ind) => ind.id === ref))
          ctx.addIssue({ code: 'custom', message: `指向不存在的指标「${ref}」`, path: ['milestones', i, 'indicators', j] });
      }),
    );
    plan.indicators.forEach((ind, i) =>
      ind.metrics.forEach((m, j) => {
        if (m.comparator === 'range' && (m.max === null || m.max < m.value))
          ctx.addIssue({ code: 'custom', message: '区间指标需要 max ≥ value', path: ['indicators', i, 'metrics', j, 'max'] });
        if (m.sameAs && !plan.indicators.some((o) => o.metrics.some((om) => om.id === m.sameAs)))
          ctx.addIssue({ code: 'custom', message: `sameAs 指向不存在的指标值「${m.sameAs}」`, path: ['indicators', i, 'metrics', j, 'sameAs'] });
      }),
    );
  });
export type Plan = z.infer<typeof PlanSchema>;
