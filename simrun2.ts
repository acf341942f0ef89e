import { replayYear, loadYear } from './test/sim/replay.js';
const y = loadYear(process.argv[2]!);
const { log, progressAt, store } = await replayYear(undefined, y);
let bad = 0, total = 0;
for (const cp of y.checkpoints) {
  const p = progressAt(cp.at);
  for (const [id, want] of Object.entries(cp.metrics)) {
    total++;
    const m = p.metrics.find((x) => x.metric.id === id)!;
    const got = m.actual ?? (m.metric.aggregate === 'sum' ? 0 : null);
    if (got !== want) { bad++; console.log(cp.at.slice(0, 10), id, 'want', want, 'got', got); }
  }
  const done = p.milestones.filter((s) => s.done).map((s) => s.milestone.id).sort();
  const want = [...cp.milestonesDone].sort();
  const extra = done.filter((x) => !want.includes(x)), missing = want.filter((x) => !done.includes(x));
  if (extra.length || missing.length) console.log(cp.at.slice(0, 10), 'milestones extra', extra, 'missing', missing);
}
console.log('mismatches', bad, 'of', total, 'records', store.records(2021).length);
if (process.argv[3]) for (const l of log.filter((x) => String(x.n) === process.argv[3] || process.argv[3] === 'all')) console.log(`#${l.n} ${l.said}\n  → ${l.reply.replace(/\n/g, '\n    ')}`);
