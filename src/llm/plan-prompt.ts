import type { Metric, Plan } from '../plan/schema.js';
import { quarterName } from '../plan/labels.js';

function renderMetric(m: Metric): string {
  const target = m.comparator === 'range' ? `${m.value}-${m.max ?? ''}` : `${m.comparator}${m.value}`;
  return `${m.counts}${target}${m.unit}`;
}

/**
 * The plan as the model sees it: every id with its words, compact (≈3k characters for 2021).
 * Ids are what the model must answer with; the words are how it recognises them.
 */
export function renderPlanForPrompt(plan: Plan): string {
  const milestones = plan.milestones.map(
    (m) => `- ${m.id}｜${quarterName(m.quarter)}｜截止${m.due}｜${m.text}｜推进：${m.indicators.join(', ') || '无'}`,
  );
  const indicators = plan.indicators.map((ind) => {
    const metrics = ind.metrics.length ? ind.metrics.map(renderMetric).join('；') : ind.qualitative ? '定性' : '无';
    return `- ${ind.id}｜${ind.level2}${ind.number}｜${ind.text}｜目标：${metrics}`;
  });
  return [
    '### 里程碑（id｜季度｜截止｜内容｜推进的指标）',
    ...milestones,
    '',
    '### 指标（id｜指标｜内容｜可计量目标）',
    ...indicators,
  ].join('\n');
}
