/**
 * The shapes of the redesign-plan forms (zod), the metric values pasted as CSV, and the common
 * "call the service, or show the form again with its errors" step of routes/staff/plans.ts.
 */
import { z } from 'zod';
import { FieldError } from '../../errors.js';
import { PLAN_STATUSES } from '../../services/redesign-plans.js';
import type { FieldErrors } from './forms.js';

const text = (max: number) => z.string().trim().max(max, `Use at most ${max} characters.`).optional().default('');
const orNull = (s: string) => (s === '' ? null : s);

export const planSchema = z.object({
  workflow: z.string('Choose a workflow.').trim().min(1, 'Choose a workflow.').max(120),
  levers: z
    .union([z.string(), z.array(z.string())], 'Choose at least one lever.')
    .transform((v) => (Array.isArray(v) ? v : [v])),
  ownerId: z
    .string()
    .optional()
    .default('')
    .refine((v) => v === '' || /^\d{1,9}$/.test(v), 'Choose a staff member of this organization.')
    .transform((v) => (v === '' ? null : Number(v))),
  targetDate: z
    .string()
    .trim()
    .optional()
    .default('')
    .refine((v) => v === '' || /^\d{4}-\d{2}-\d{2}$/.test(v), 'Enter a day as YYYY-MM-DD.')
    .transform(orNull),
  decisionRights: text(4000),
  dataAccess: text(4000),
  measurement: text(4000),
  metricName: text(120).transform(orNull),
  metricUnit: text(40).transform(orNull),
  metricDirection: z
    .enum(['', 'up', 'down'], 'Choose which direction is better.')
    .optional()
    .default('')
    .transform((v) => (v === '' ? null : v)),
  metricBaseline: z
    .string()
    .trim()
    .optional()
    .default('')
    .refine((v) => v === '' || Number.isFinite(Number(v)), 'Enter a number, such as 12.5.')
    .transform((v) => (v === '' ? null : Number(v))),
});

export const noteSchema = z.object({
  status: z.enum(PLAN_STATUSES as [string, ...string[]], 'Choose a status.'),
  body: text(4000),
});

/** One value, or many lines of "period,value" pasted from a spreadsheet's CSV. */
export const metricSchema = z.object({
  period: text(20),
  value: text(40),
  csv: text(20000),
});

export function parseMetricValues(form: z.infer<typeof metricSchema>): { period: string; value: number | null }[] {
  const lines = form.csv
    ? form.csv.split(/\r?\n/).filter((l) => l.trim() !== '' && !/^\s*period\s*[,;]/i.test(l))
    : [`${form.period},${form.value}`];
  return lines.map((line) => {
    const [period = '', value = ''] = line.split(/[,;\t]/).map((s) => s.trim().replace(/^"|"$/g, ''));
    if (value !== '' && !Number.isFinite(Number(value)))
      throw new FieldError(form.csv ? 'csv' : 'value', `“${value}” is not a number.`);
    return { period, value: value === '' ? null : Number(value) };
  });
}

/**
 * Runs a service call for a form: the form's shape errors, or a FieldError the service throws, show
 * the form again (`refuse`); resolves to true when the call went through.
 */
export async function submitted<T>(
  form: { ok: true; data: T } | { ok: false; errors: FieldErrors },
  act: (data: T) => Promise<unknown>,
  refuse: (errors: FieldErrors) => Promise<void>,
): Promise<boolean> {
  if (!form.ok) {
    await refuse(form.errors);
    return false;
  }
  try {
    await act(form.data);
    return true;
  } catch (err) {
    if (!(err instanceof FieldError)) throw err;
    await refuse({ [err.field]: err.message });
    return false;
  }
}
