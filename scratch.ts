import { understand, toNluLine, prepareText } from './src/understand/index.js';
import { loadPlanFile } from './src/plan/load.js';
import { parseShanghai } from './src/core/time.js';
const plan = loadPlanFile('data/plans/2021.json');
for (const t of process.argv.slice(2)) { console.log(prepareText(t)); const u = understand(t, { plan, now: parseShanghai('2021-03-05T10:00')! }); console.log(JSON.stringify(toNluLine(u)), u.activities?.length); }
