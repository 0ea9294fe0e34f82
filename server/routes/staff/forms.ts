/**
 * Parsing staff form posts with zod: either the typed data, or one message per field to show beside it
 * (the page is re-rendered with status 400 and what the user typed).
 */
import { z } from 'zod';
import { MAX_EMAIL_LENGTH } from '../../services/users.js';

/** An email address as staff forms take it: trimmed, lower-cased, at most the users.email column's 254 characters. */
export const emailField = z
  .string('Enter an email address such as name@example.com.')
  .trim()
  .toLowerCase()
  .max(MAX_EMAIL_LENGTH, `Use at most ${MAX_EMAIL_LENGTH} characters.`)
  .pipe(z.email('Enter an email address such as name@example.com.'));

export type FieldErrors = Record<string, string>;

export type FormResult<T> = { ok: true; data: T } | { ok: false; errors: FieldErrors };

export function parseForm<S extends z.ZodType>(schema: S, body: unknown): FormResult<z.infer<S>> {
  const result = schema.safeParse(body ?? {});
  if (result.success) return { ok: true, data: result.data };
  const errors: FieldErrors = {};
  for (const issue of result.error.issues) {
    const field = String(issue.path[0] ?? 'form');
    errors[field] ??= issue.message;
  }
  return { ok: false, errors };
}

/** The submitted fields as strings, for refilling a form (passwords are never echoed back). */
export function formValues(body: unknown, omit: readonly string[] = []): Record<string, string> {
  const values: Record<string, string> = {};
  if (typeof body !== 'object' || body === null) return values;
  for (const [key, value] of Object.entries(body as Record<string, unknown>)) {
    if (key === '_csrf' || omit.includes(key)) continue;
    if (typeof value === 'string') values[key] = value;
  }
  return values;
}
