import { understand } from './src/understand/index.js';
import { loadPlanFile } from './src/plan/load.js';
import { parseShanghai } from './src/core/time.js';
const plan = loadPlanFile('data/plans/2021.json');
for (const t of process.argv.slice(2)) { const u = understand(t, { plan, now: parseShanghai('2021-08-20T10:00')! }); console.log(t.slice(0,30), u.kind, JSON.stringify(u.candidates.slice(0,4).map(c=>[c.milestoneId, c.indicatorIds.slice(0,3).join(','), c.score])), JSON.stringify(u.amounts.map(a=>[a.value,a.unit,a.noun]))); }
