/** Plain-text tables for the terminal: padded columns, and suppressed cells as "fewer than K". */
import type { Cell } from '../../analysis/anonymity/suppressed.js';

/** A shown cell's value formatted, or "fewer than K". */
export function cellText<T>(c: Cell<T>, fmt: (value: T, n: number) => string): string {
  return c.suppressed ? `fewer than ${c.n_below}` : fmt(c.value, c.n);
}

/** Columns padded to their widest cell; the first left-aligned, the rest right-aligned. */
export function table(head: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = head.map((h, c) => Math.max(h.length, ...rows.map((r) => r[c].length)));
  const line = (cells: readonly string[]) =>
    cells
      .map((cell, c) => (c === 0 ? cell.padEnd(widths[c]) : cell.padStart(widths[c])))
      .join('  ')
      .trimEnd();
  return [line(head), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n') + '\n';
}
