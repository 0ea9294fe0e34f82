/**
 * The mapping screen's form ⇄ an ImportMapping: flat field names (`item.dr1`, `reversed.dr1`,
 * `unitColumn`, `labels` as "text = point" lines …) so it works without JavaScript, and a first guess
 * for a new file (columns named like an item's id or text, or whose question row holds the text;
 * unit, role, workflow and date columns by their usual names; text answers read as the instrument's
 * labels; answers above the instrument's top as a 1–7 or 1–10 scale).
 */
import type { Instrument } from '../../../analysis/scales/instrument.js';
import { ValidationError } from '../../errors.js';
import { parseMapping, type ImportMapping } from '../../services/import-mapping.js';

export type MappingForm = Record<string, string>;

const normalize = (text: string) =>
  text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
const lines = (record: Readonly<Record<string, string | number>>) =>
  Object.entries(record)
    .map(([k, v]) => `${k} = ${v}`)
    .join('\n');

function pairs(text: string | undefined, field: string): [string, string][] {
  return (text ?? '')
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter(Boolean)
    .map((line) => {
      const at = line.lastIndexOf('=');
      if (at <= 0) throw new ValidationError(`${field}: write each line as “value = meaning” (got “${line}”).`);
      return [line.slice(0, at).trim(), line.slice(at + 1).trim()];
    });
}

const itemsOf = (instrument: Instrument) => instrument.scales.flatMap((s) => s.items);

/** The mapping the form describes; ValidationError naming the problem. */
export function mappingFromForm(body: MappingForm, instrument: Instrument): ImportMapping {
  const items: Record<string, string> = {};
  const reversed: string[] = [];
  for (const item of itemsOf(instrument)) {
    if (body[`item.${item.id}`]) items[item.id] = body[`item.${item.id}`];
    if (body[`reversed.${item.id}`] === 'yes') reversed.push(item.id);
  }
  const categorical = (column: string | undefined, values: string | undefined, field: string) =>
    column ? { column, values: Object.fromEntries(pairs(values, field)) } : undefined;
  const demographics = Object.fromEntries(
    (instrument.demographics ?? [])
      .map((q) => [q.id, categorical(body[`demo.${q.id}`], body[`demoValues.${q.id}`], q.question)] as const)
      .filter(([, v]) => v !== undefined),
  );
  const labels = pairs(body.labels, 'Text answers').map(([k, v]) => {
    if (!/^\d+$/.test(v)) throw new ValidationError(`Text answers: “${k}” must map to a whole number (got “${v}”).`);
    return [k, Number(v)] as const;
  });
  const int = (text: string | undefined) => (text && /^\d+$/.test(text.trim()) ? Number(text) : undefined);
  const scaleMin = int(body.scaleMin);
  const scaleMax = int(body.scaleMax);
  return parseMapping({
    headerRows: int(body.headerRows) ?? 1,
    items,
    scale: scaleMin !== undefined && scaleMax !== undefined ? { min: scaleMin, max: scaleMax } : undefined,
    reversed,
    labels: Object.fromEntries(labels),
    notApplicable: (body.notApplicable ?? '')
      .split(',')
      .map((v) => v.trim())
      .filter(Boolean),
    unit: body.unitColumn
      ? {
          column: body.unitColumn,
          match: body.unitMatch === 'id' ? 'id' : 'name',
          values: Object.fromEntries(pairs(body.unitValues, 'Unit values')),
        }
      : undefined,
    workflow: categorical(body.workflowColumn, body.workflowValues, 'Workflow values'),
    roleLevel: categorical(body.roleLevelColumn, body.roleLevelValues, 'Role level values'),
    demographics,
    submittedOn: body.submittedOnColumn ? { column: body.submittedOnColumn } : undefined,
  });
}

/** The form's values for a mapping. */
export function formFromMapping(mapping: ImportMapping, instrument: Instrument): MappingForm {
  const form: MappingForm = {
    headerRows: String(mapping.headerRows),
    scaleMin: String(mapping.scale?.min ?? 1),
    scaleMax: String(mapping.scale?.max ?? instrument.likert.max),
    labels: lines(mapping.labels),
    notApplicable: mapping.notApplicable.join(', '),
    unitColumn: mapping.unit?.column ?? '',
    unitMatch: mapping.unit?.match ?? 'name',
    unitValues: lines(mapping.unit?.values ?? {}),
    workflowColumn: mapping.workflow?.column ?? '',
    workflowValues: lines(mapping.workflow?.values ?? {}),
    roleLevelColumn: mapping.roleLevel?.column ?? '',
    roleLevelValues: lines(mapping.roleLevel?.values ?? {}),
    submittedOnColumn: mapping.submittedOn?.column ?? '',
  };
  for (const [id, column] of Object.entries(mapping.items)) form[`item.${id}`] = column;
  for (const id of mapping.reversed) form[`reversed.${id}`] = 'yes';
  for (const [id, d] of Object.entries(mapping.demographics)) {
    form[`demo.${id}`] = d.column;
    form[`demoValues.${id}`] = lines(d.values);
  }
  return form;
}

/** A first mapping for a file: see the module comment. */
export function guessMapping(
  columns: readonly string[],
  questions: readonly string[],
  sample: readonly (readonly string[])[],
  instrument: Instrument,
  headerRows: number,
): ImportMapping {
  const names = columns.map((c, i) => [c, normalize(c), normalize(questions[i] ?? '')] as const);
  const find = (test: (name: string, question: string) => boolean) => names.find(([, n, q]) => test(n, q))?.[0];
  const items: Record<string, string> = {};
  for (const item of itemsOf(instrument)) {
    const text = normalize(item.text);
    const column = find(
      (n, q) =>
        n === item.id.toLowerCase() ||
        n === text ||
        (q !== '' && q.endsWith(text)) ||
        (n.length > 20 && n.endsWith(text)),
    );
    if (column) items[item.id] = column;
  }
  const mapped = new Set(Object.values(items).map((c) => columns.indexOf(c)));
  // The other fields among the columns no item took ("In my team, …" is a question, not the team).
  const other = (test: (name: string) => boolean) => names.find(([c, n], i) => !mapped.has(i) && c && test(n))?.[0];
  const answers = sample
    .flatMap((row) => row.filter((_, i) => mapped.has(i)))
    .map((v) => v.trim())
    .filter(Boolean);
  const numbers = answers.filter((v) => /^\d+$/.test(v)).map(Number);
  const top = Math.max(instrument.likert.max, ...numbers);
  const role = other((n) => /\b(role|level)\b/.test(n));
  const unit = other((n) => /\b(team|unit|department|org unit)\b/.test(n) && !/\b(role|level)\b/.test(n));
  const workflow = other((n) => /\bworkflow\b/.test(n));
  const date = other((n) =>
    ['recordeddate', 'submitdate', 'timestamp', 'completion time', 'submitted at', 'enddate', 'end date'].includes(n),
  );
  return parseMapping({
    headerRows,
    items,
    scale: { min: 1, max: top > 7 ? 10 : top > instrument.likert.max ? 7 : instrument.likert.max },
    labels:
      numbers.length < answers.length ? Object.fromEntries(instrument.likert.labels.map((l, i) => [l, i + 1])) : {},
    unit: unit ? { column: unit } : undefined,
    workflow: workflow ? { column: workflow } : undefined,
    roleLevel: role ? { column: role } : undefined,
    submittedOn: date ? { column: date } : undefined,
  });
}
