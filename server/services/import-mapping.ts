/**
 * The mapping of an export from another survey tool onto a survey: which source column holds each
 * item, the unit, the workflow, the role level, each demographic question and (optionally) the day,
 * how the source's Likert answers recode to the instrument's range, and which values mean "does not
 * apply". Stored as JSON (per organization, data/import-mappings.ts) and read from a file by the CLI;
 * zod checks it at both boundaries.
 */
import { z } from 'zod';
import { ValidationError } from '../errors.js';

const column = z.string().trim().min(1, 'Name a column.').max(500);

/** A categorical field: its column, and optionally source value → stored value (matched ignoring case). */
const categorical = z.object({
  column,
  values: z.record(z.string(), z.string()).default({}),
});

export const mappingSchema = z
  .object({
    /** Rows at the top of the file before the data; the first holds the column names (Qualtrics: 3). */
    headerRows: z.number().int().min(1).max(10).default(1),
    /** Item id → source column. Items left out are not answered. */
    items: z.record(z.string(), column),
    /** The source's Likert range; recoded linearly (and rounded) onto the instrument's. */
    scale: z
      .object({ min: z.number().int().min(0).max(10), max: z.number().int().min(1).max(11) })
      .refine((s) => s.max > s.min, 'The scale’s maximum must be above its minimum.')
      .optional(),
    /** Items whose source scale runs the other way (source max = instrument min). */
    reversed: z.array(z.string()).default([]),
    /** Text answers → points of the source scale (e.g. "Strongly agree" → 5), matched ignoring case. */
    labels: z.record(z.string(), z.number().int()).default({}),
    /** Values that mean "does not apply", matched ignoring case; stored as 0 (N/A). */
    notApplicable: z.array(z.string()).default(['NA', 'N/A', 'Does not apply', 'Not applicable']),
    /** The unit by name or path ("Operations / Claims", also with / or >) or by id, optionally through a value table. */
    unit: z
      .object({
        column,
        match: z.enum(['name', 'id']).default('name'),
        values: z.record(z.string(), z.string()).default({}),
      })
      .optional(),
    workflow: categorical.optional(),
    roleLevel: categorical.optional(),
    demographics: z.record(z.string(), categorical).default({}),
    /** The day of each response (YYYY-MM-DD or a date and time); the import's day when absent. */
    submittedOn: z.object({ column }).optional(),
  })
  .strict();

export type ImportMapping = z.output<typeof mappingSchema>;
export type ImportMappingInput = z.input<typeof mappingSchema>;

/** Validates a mapping (already parsed JSON); ValidationError naming the first problem's path. */
export function parseMapping(value: unknown): ImportMapping {
  const parsed = mappingSchema.safeParse(value);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const path = issue.path.join('.');
  throw new ValidationError(`The mapping is not valid: ${path ? `${path}: ` : ''}${issue.message}`);
}

/** A mapping from its JSON text (a saved mapping or a file). */
export function parseMappingJson(text: string): ImportMapping {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new ValidationError('The mapping is not valid JSON.');
  }
  return parseMapping(value);
}

/** The source columns a mapping reads, each once. */
export function mappedColumns(mapping: ImportMapping): string[] {
  const columns = [
    ...Object.values(mapping.items),
    mapping.unit?.column,
    mapping.workflow?.column,
    mapping.roleLevel?.column,
    ...Object.values(mapping.demographics).map((d) => d.column),
    mapping.submittedOn?.column,
  ];
  return [...new Set(columns.filter((c): c is string => c !== undefined))];
}
