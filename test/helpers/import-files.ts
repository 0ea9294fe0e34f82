/**
 * Import fixtures (test/fixtures/imports/: one export per tool, each with its mapping JSON) and large
 * generated exports in a temporary folder, for the import tests and bench/import.ts.
 */
import { createWriteStream, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseMappingJson, type ImportMapping } from '../../server/services/import-mapping.js';
import type { ImportFile } from '../../server/services/survey-import.js';

export const FIXTURES = fileURLToPath(new URL('../fixtures/imports/', import.meta.url));

export const TOOLS = {
  qualtrics: 'qualtrics.csv',
  'culture-amp': 'culture-amp.csv',
  glint: 'glint.csv',
  limesurvey: 'limesurvey.csv',
  'microsoft-forms': 'microsoft-forms.xlsx',
  'google-forms': 'google-forms.csv',
} as const;
export type Tool = keyof typeof TOOLS;

export function fixtureFile(tool: Tool): ImportFile {
  return { path: join(FIXTURES, TOOLS[tool]), fileName: TOOLS[tool] };
}

export function fixtureMapping(tool: Tool): ImportMapping {
  return parseMappingJson(readFileSync(join(FIXTURES, `${tool}.mapping.json`), 'utf8'));
}

/** A temporary folder; `remove()` deletes it. */
export function tempDir(): { dir: string; remove(): void } {
  const dir = mkdtempSync(join(tmpdir(), 'readiness-import-'));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

export const GENERATED_ITEMS = ['dr1', 'dr2', 'da1', 'da2', 'sk1', 'sk2', 'pf1', 'pf2'] as const;

/** The mapping of `writeGeneratedCsv`'s files: 1–7 answers onto the items, unit by name. */
export const generatedMapping: ImportMapping = parseMappingJson(
  JSON.stringify({
    items: Object.fromEntries(GENERATED_ITEMS.map((id) => [id, `Q_${id}`])),
    scale: { min: 1, max: 7 },
    unit: { column: 'Team' },
  }),
);

/**
 * Writes a Qualtrics-like CSV of `rows` responses (ResponseId, email, 1–7 answers, team) streaming,
 * with a bad answer ("8") on each row number in `badRows` (file rows: the header is row 1).
 */
export async function writeGeneratedCsv(path: string, rows: number, badRows: readonly number[] = []): Promise<void> {
  const out = createWriteStream(path);
  const bad = new Set(badRows);
  const write = (line: string) =>
    out.write(line) ? Promise.resolve() : new Promise<void>((r) => out.once('drain', () => r()));
  await write(`ResponseId,RecipientEmail,${GENERATED_ITEMS.map((id) => `Q_${id}`).join(',')},Team\n`);
  const teams = ['Claims', 'Billing', 'Operations'];
  for (let i = 0; i < rows; i++) {
    const row = i + 2;
    const answers = GENERATED_ITEMS.map((_, j) => ((i * 7 + j * 3) % 7) + 1);
    if (bad.has(row)) answers[0] = 8;
    await write(`R_${i},person${i}@example.com,${answers.join(',')},${teams[i % 3]}\n`);
  }
  await new Promise<void>((resolve, reject) => out.end((err?: Error | null) => (err ? reject(err) : resolve())));
}
