/**
 * `npm run bench`: runs each benchmark suite and prints one table (median of a few runs, in ms).
 * Add a suite by importing it and listing it in `suites`.
 */
import { benchRelativeImportance } from './relative-importance.js';

const suites: { name: string; run: () => { case: string; medianMs: number; note: string }[] }[] = [
  { name: 'relative importance', run: benchRelativeImportance },
];

for (const suite of suites) {
  const rows = suite.run();
  const width = Math.max(...rows.map((r) => r.case.length));
  console.log(`\n${suite.name}`);
  for (const r of rows) console.log(`  ${r.case.padEnd(width)}  ${r.medianMs.toFixed(2).padStart(9)} ms  ${r.note}`);
}
