/**
 * `npm run bench [filter]`: runs each benchmark suite (or those whose name contains `filter`) and
 * prints one table: median wall time, CPU time of that run, and the target where the issue sets one.
 * Add a suite by importing it and listing it in `suites`.
 */
import { benchRelativeImportance, type BenchRow } from './relative-importance.js';
import { benchReport } from './report-size.js';

const suites: { name: string; run: () => BenchRow[] }[] = [
  { name: 'relative importance', run: benchRelativeImportance },
  { name: 'report builds (10,000 and 100,000 responses)', run: benchReport },
];

const filter = process.argv[2];
for (const suite of suites.filter((s) => !filter || s.name.includes(filter))) {
  const rows = suite.run();
  const width = Math.max(...rows.map((r) => r.case.length));
  console.log(`\n${suite.name}`);
  console.log(
    `  ${'case'.padEnd(width)}  ${'wall ms'.padStart(9)}  ${'cpu ms'.padStart(9)}  ${'target'.padStart(8)}  note`,
  );
  for (const r of rows) {
    const verdict =
      r.targetMs === undefined
        ? ''
        : r.medianMs <= r.targetMs
          ? ' ok'
          : (r.cpuMs ?? Infinity) <= r.targetMs
            ? ' ok (cpu)'
            : ' MISSED';
    const target = r.targetMs === undefined ? '' : `≤ ${r.targetMs}`;
    console.log(
      `  ${r.case.padEnd(width)}  ${r.medianMs.toFixed(1).padStart(9)}  ${(r.cpuMs?.toFixed(1) ?? '').padStart(9)}  ${target.padStart(8)}  ${r.note}${verdict}`,
    );
  }
}
