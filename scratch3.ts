import { understand } from './src/understand/index.js';
import { loadPlanFile } from './src/plan/load.js';
import { parseShanghai } from './src/core/time.js';
import { assignAmounts, impliedCount, metricRelevance } from './src/dialog/proposal.js';
import { lookup } from './src/plan/labels.js';
const plan = loadPlanFile('data/plans/2021.json');
for (const t of process.argv.slice(2)) {
  const u = understand(t, { plan, now: parseShanghai('2021-10-25T10:00')! });
  const c = u.candidates[0]!;
  const a = assignAmounts(plan, c.indicatorIds, u.amounts, t);
  console.log(JSON.stringify(c), JSON.stringify(a), JSON.stringify(impliedCount(plan, c.indicatorIds, a, t)), metricRelevance(t, lookup(plan).metric('quantity-5.m1')!.metric));
}
