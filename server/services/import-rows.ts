/**
 * One row of another tool's export → a response of the survey, or the row's errors (row, column,
 * value, why). `compileMapping` checks the mapping against the file's columns, the instrument, the
 * survey's workflows and the organization's units once, then maps each row without I/O. Only mapped
 * columns are read: names, emails and IDs in the file never reach a response.
 */
import type { Instrument, Item } from '../../analysis/scales/instrument.js';
import { qualityFlag } from '../../analysis/scales/quality-flags.js';
import type { NewResponse } from '../data/responses.js';
import type { Unit } from '../data/units.js';
import { categoryReader, unitReader, type CellReader } from './import-cells.js';
import type { ImportMapping } from './import-mapping.js';

export interface RowError {
  /** The row of the file, counting the header rows (the first row is 1); 0 for the mapping as a whole. */
  readonly row: number;
  readonly column: string;
  readonly value: string;
  readonly why: string;
}

export interface ImportContext {
  readonly instrument: Instrument;
  readonly workflows: readonly string[];
  readonly units: readonly Unit[];
  /** 'YYYY-MM-DD': the day stored when the mapping names no date column. */
  readonly today: string;
}

export type MappedRow = Omit<NewResponse, 'surveyId'>;
export type RowResult =
  { readonly ok: true; readonly response: MappedRow } | { readonly ok: false; readonly errors: RowError[] };

export interface CompiledMapping {
  /** Problems of the mapping itself (row 0); when any, no row is mapped. */
  readonly problems: readonly RowError[];
  readonly itemIds: readonly string[];
  mapRow(cells: readonly string[], row: number): RowResult;
}

const mappingProblem = (column: string, why: string): RowError => ({ row: 0, column, value: '', why });

function itemReader(item: Item, mapping: ImportMapping, target: number): CellReader<number> {
  const min = mapping.scale?.min ?? 1;
  const max = mapping.scale?.max ?? target;
  const reversed = mapping.reversed.includes(item.id);
  const notApplicable = new Set(mapping.notApplicable.map((v) => v.toLowerCase()));
  const labels = new Map(Object.entries(mapping.labels).map(([k, v]) => [k.trim().toLowerCase(), v]));
  return (raw) => {
    const key = raw.toLowerCase();
    if (notApplicable.has(key))
      return item.notApplicable
        ? { ok: true, value: 0 }
        : {
            ok: false,
            why: `Item ${item.id} does not offer “Does not apply”: give an answer from ${min} to ${max}, or leave it empty.`,
          };
    const point = labels.get(key) ?? (/^[+-]?\d+(\.0+)?$/.test(raw) ? Number(raw) : NaN);
    if (Number.isNaN(point))
      return {
        ok: false,
        why: `Not a number from ${min} to ${max}${labels.size > 0 ? ' nor one of the mapped labels' : ''}.`,
      };
    if (point < min || point > max) return { ok: false, why: `Outside the source scale ${min}–${max}.` };
    const oriented = reversed ? min + max - point : point;
    return { ok: true, value: 1 + Math.round(((oriented - min) * (target - 1)) / (max - min)) };
  };
}

function dayReader(today: string): CellReader<string> {
  return (raw) => {
    if (/^\d{4}-\d{2}-\d{2}/.test(raw)) return { ok: true, value: raw.slice(0, 10) };
    const time = Date.parse(raw);
    if (Number.isNaN(time)) return { ok: false, why: 'Not a date (use YYYY-MM-DD).' };
    const day = new Date(time).toISOString().slice(0, 10);
    return day > today ? { ok: false, why: 'A date in the future.' } : { ok: true, value: day };
  };
}

/** Checks `mapping` against the file's `columns` and the survey; maps rows once it holds. */
export function compileMapping(
  mapping: ImportMapping,
  columns: readonly string[],
  context: ImportContext,
): CompiledMapping {
  const { instrument } = context;
  const problems: RowError[] = [];
  const index = new Map(columns.map((c, i) => [c, i]));
  const at = (column: string): number => {
    const i = index.get(column);
    if (i === undefined) problems.push(mappingProblem(column, 'The file has no column of this name.'));
    return i ?? -1;
  };
  const items = new Map(instrument.scales.flatMap((s) => s.items).map((item) => [item.id, item]));
  const itemIds = [...items.keys()];
  const target = instrument.likert.max;
  const fields: { column: string; index: number; read: CellReader<unknown>; store: (r: Draft, v: unknown) => void }[] =
    [];
  for (const [id, column] of Object.entries(mapping.items)) {
    const item = items.get(id);
    if (!item) problems.push(mappingProblem(column, `The instrument has no item “${id}”.`));
    else
      fields.push({
        column,
        index: at(column),
        read: itemReader(item, mapping, target),
        store: (r, v) => (r.answers[id] = v as number),
      });
  }
  for (const id of mapping.reversed)
    if (!items.has(id)) problems.push(mappingProblem('', `The instrument has no item “${id}” to reverse.`));
  if (mapping.unit) {
    const { column } = mapping.unit;
    fields.push({
      column,
      index: at(column),
      read: unitReader(context.units, mapping.unit.match, mapping.unit.values),
      store: (r, v) => (r.unitId = v as number),
    });
  }
  if (mapping.workflow) {
    const { column, values } = mapping.workflow;
    const read = categoryReader(context.workflows, values, 'one of the survey’s workflows');
    fields.push({ column, index: at(column), read, store: (r, v) => (r.workflow = v as string) });
  }
  if (mapping.roleLevel) {
    const { column, values } = mapping.roleLevel;
    const read = categoryReader(instrument.roleLevels, values, 'one of the instrument’s role levels');
    fields.push({ column, index: at(column), read, store: (r, v) => (r.roleLevel = v as string) });
  }
  for (const [id, { column, values }] of Object.entries(mapping.demographics)) {
    const question = instrument.demographics?.find((q) => q.id === id);
    if (!question) problems.push(mappingProblem(column, `The instrument has no demographic question “${id}”.`));
    else
      fields.push({
        column,
        index: at(column),
        read: categoryReader(question.options, values, `an option of “${question.question}”`),
        store: (r, v) => (r.demographics[id] = v as string),
      });
  }
  if (mapping.submittedOn) {
    const { column } = mapping.submittedOn;
    fields.push({
      column,
      index: at(column),
      read: dayReader(context.today),
      store: (r, v) => (r.submittedOn = v as string),
    });
  }
  if (fields.length === 0 || Object.keys(mapping.items).length === 0)
    problems.push(mappingProblem('', 'Map at least one column to an item of the instrument.'));

  function mapRow(cells: readonly string[], row: number): RowResult {
    const draft: Draft = {
      unitId: null,
      workflow: null,
      roleLevel: null,
      submittedOn: context.today,
      answers: {},
      demographics: {},
    };
    const errors: RowError[] = [];
    for (const field of fields) {
      const value = (cells[field.index] ?? '').trim();
      if (value === '') continue;
      const read = field.read(value);
      if (read.ok) field.store(draft, read.value);
      else errors.push({ row, column: field.column, value, why: read.why });
    }
    if (errors.length > 0) return { ok: false, errors };
    const ticked = Object.values(draft.answers).filter((v) => v > 0);
    if (ticked.length === 0 && Object.keys(draft.answers).length === 0)
      return { ok: false, errors: [{ row, column: '', value: '', why: 'No mapped item is answered on this row.' }] };
    return {
      ok: true,
      response: {
        ...draft,
        comment: null,
        language: null,
        qualityFlag: qualityFlag({ answers: ticked, elapsedMs: null }),
      },
    };
  }

  return { problems, itemIds, mapRow };
}

interface Draft {
  unitId: number | null;
  workflow: string | null;
  roleLevel: string | null;
  submittedOn: string;
  answers: Record<string, number>;
  demographics: Record<string, string>;
}
