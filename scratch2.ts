import { parse } from './src/understand/parse.js';
import { linkReport } from './src/understand/link.js';
import { COMPLETION } from './src/understand/lexicon.js';
import { prepareText } from './src/understand/text.js';
import { loadPlanFile } from './src/plan/load.js';
import { parseShanghai } from './src/core/time.js';
const plan = loadPlanFile('data/plans/2021.json');
const ctx = { plan, now: parseShanghai('2021-11-20T10:00')! };
for (const t0 of process.argv.slice(2)) { const t = prepareText(t0); const p = parse(t, ctx); const c = linkReport(p.idx, { text: p.linkText, units: p.amounts.map(a=>a.unit), refs: p.refs, quarter: 4 }); console.log(t, COMPLETION.some(re=>re.test(t)), JSON.stringify(c.slice(0,3))); }
