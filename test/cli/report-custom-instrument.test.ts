/**
 * `readiness report --instrument FILE` with a custom instrument in YAML or JSON: its own item is read
 * from the item CSV, `NA` (any case, also `N/A`) is read as missing (docs/item-csv.md), and a broken
 * instrument file is refused with the line and column of each problem.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import type { FullReport } from '../../analysis/report/report.js';
import { main } from '../../server/cli.js';
import { demoCsv, instrument } from '../fixtures/demo-report-input.js';
import { captureIO } from '../helpers/cli-io.js';

const dir = mkdtempSync(join(tmpdir(), 'readiness-custom-'));
const first = instrument.scales[0];
// Without the default's translations, which would lack the added item.
const { translations: _translations, ...untranslated } = instrument;
const custom = {
  ...untranslated,
  id: 'custom',
  scales: instrument.scales.map((s, k) =>
    k === 0
      ? { ...s, items: [...s.items, { id: 'own1', text: 'My own question', reverse: false, notApplicable: true }] }
      : s,
  ),
};

/** The demo CSV plus an `own1` column: the first item's answer, or `NA` / `n/a` / `N/A` on every fourth line. */
function csvWithOwnItem(): string {
  const [header, ...rows] = demoCsv().trimEnd().split('\n');
  const c = header.split(',').indexOf(first.items[0].id);
  const na = ['NA', 'n/a', 'N/A'];
  return [`${header},own1`, ...rows.map((r, i) => `${r},${i % 4 === 0 ? na[i % 3] : r.split(',')[c]}`)].join('\n');
}

async function report(args: string[]) {
  const io = captureIO();
  const code = await main(['report', ...args], io);
  return { code, stdout: io.stdout, stderr: io.stderr };
}

describe('readiness report --instrument FILE', () => {
  const csv = join(dir, 'items.csv');
  writeFileSync(csv, csvWithOwnItem());

  it.each([
    ['YAML', 'custom.yaml', stringify(custom)],
    ['JSON', 'custom.json', JSON.stringify(custom, null, 2)],
  ])('reads a custom instrument in %s with its own item and NA answers as missing', async (_kind, name, text) => {
    const file = join(dir, name);
    writeFileSync(file, text);
    const r = await report([
      csv,
      '--instrument',
      file,
      '--unit',
      'team',
      '--workflow',
      'workflow',
      '--bootstrap',
      '0',
      '--json',
    ]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const json = JSON.parse(r.stdout) as FullReport;
    const scale = json.scales.find((s) => s.id === first.id)!;
    expect(scale.items.map((i) => i.id)).toEqual([...first.items.map((i) => i.id), 'own1']);
    expect(scale.items.at(-1)!.text).toBe('My own question');
  });

  it('refuses an answer that is neither on the scale nor NA, naming its line and column', async () => {
    const file = join(dir, 'custom.yaml');
    writeFileSync(file, stringify(custom));
    const bad = join(dir, 'bad.csv');
    writeFileSync(bad, csvWithOwnItem().replace(/,NA$/m, ',maybe'));
    const r = await report([bad, '--instrument', file, '--bootstrap', '0']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/line 2\), column "own1": "maybe" is not a number/);
  });

  it('refuses a broken instrument file with the line and column of the problem', async () => {
    const broken = structuredClone(custom) as unknown as { scales: { items: { id: string }[] }[] };
    broken.scales[0].items[4].id = first.items[0].id;
    const text = stringify(broken);
    const file = join(dir, 'broken.yaml');
    writeFileSync(file, text);
    const lines = text.split('\n');
    const line = lines.findIndex((l) => l.includes('text: My own question')) + 1;
    const r = await report([csv, '--instrument', file, '--bootstrap', '0']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(
      new RegExp(`line ${line - 1}, column \\d+: scales\\[0\\]\\.items\\[4\\]\\.id: duplicate id`),
    );
  });
});
