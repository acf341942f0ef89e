import { understand } from './src/understand/index.js';
import { loadPlanFile } from './src/plan/load.js';
import { parseShanghai } from './src/core/time.js';
const plan = loadPlanFile('data/plans/2021.json');
for (const t of process.argv.slice(2)) { const u = understand(t, { plan, now: parseShanghai('2021-09-10T10:00')! }); console.log(JSON.stringify(u.amounts), JSON.stringify(u.activities?.map(a=>[a.text,a.amounts]))); }
