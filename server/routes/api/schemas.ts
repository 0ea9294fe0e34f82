/**
 * The zod schemas the API shares between operations: path parameters, the problem document and the
 * resources as the API writes them (snake_case, as the Report JSON is), with the functions that turn a
 * service's object into that shape. Each has an `id`, so the OpenAPI document lists it once under
 * components.schemas.
 */
import { z } from 'zod';
import type { Organization } from '../../services/organizations.js';
import type { Survey } from '../../services/surveys.js';
import type { Unit } from '../../services/units.js';
import { MAX_ID } from '../ids.js';

/** An id in a path (text, so coerced). */
export const idParamSchema = z.coerce.number().int().min(1).max(MAX_ID);
/** An id in a JSON body: a number, never a string or a boolean coerced into one. */
export const idSchema = z.number().int().min(1).max(MAX_ID);

export const orgParams = z.object({
  org: z
    .string()
    .regex(/^[a-z0-9-]{1,80}$/)
    .meta({ description: 'The organization’s slug (as in its page address /orgs/{slug}).', example: 'acme' }),
});

export const surveyParams = orgParams.extend({
  survey: idParamSchema.meta({ description: 'The survey’s id.', example: 12 }),
});

export const problemSchema = z
  .object({
    type: z.string().meta({ example: 'about:blank' }),
    status: z.number().int(),
    title: z.string(),
    detail: z.string(),
    errorId: z.string().optional().meta({ description: 'For a 500 or a refused database write: the id in the log.' }),
    errors: z
      .array(z.object({ in: z.enum(['path', 'query', 'body']), name: z.string(), message: z.string() }))
      .optional()
      .meta({ description: 'For a 422: each field at fault.' }),
  })
  .meta({ id: 'Problem', description: 'An error, as RFC 9457 problem details.' });

const isoTime = z.string().meta({ description: 'An ISO 8601 time (UTC).', example: '2026-12-02T10:00:00.000Z' });

export const organizationSchema = z
  .object({
    id: z.number().int(),
    slug: z.string(),
    name: z.string(),
    industry: z.string().nullable(),
    size_band: z.string().nullable(),
    created_at: isoTime,
  })
  .meta({ id: 'Organization' });

export const unitSchema = z
  .object({
    id: z.number().int(),
    parent_id: z.number().int().nullable(),
    name: z.string(),
    kind: z.enum(['department', 'team']),
    headcount: z.number().int().nullable(),
    archived: z.boolean(),
  })
  .meta({ id: 'Unit' });

export const surveySchema = z
  .object({
    id: z.number().int(),
    code: z.string().meta({ description: 'The respondent link is {BASE_URL}/s/{code}.' }),
    title: z.string(),
    status: z.enum(['draft', 'open', 'closed']),
    access: z.enum(['open', 'invitation']),
    anonymity_threshold: z.number().int(),
    comment_threshold: z.number().int(),
    workflows: z.array(z.string()),
    opens_at: isoTime.nullable(),
    closes_at: isoTime.nullable(),
    created_at: isoTime,
  })
  .meta({ id: 'Survey' });

export function organizationJson(org: Organization): z.infer<typeof organizationSchema> {
  return {
    id: org.id,
    slug: org.slug,
    name: org.name,
    industry: org.industry,
    size_band: org.sizeBand,
    created_at: org.createdAt.toISOString(),
  };
}

export function unitJson(unit: Unit): z.infer<typeof unitSchema> {
  return {
    id: unit.id,
    parent_id: unit.parentId,
    name: unit.name,
    kind: unit.kind,
    headcount: unit.headcount,
    archived: unit.archivedAt !== null,
  };
}

export function surveyJson(survey: Survey): z.infer<typeof surveySchema> {
  return {
    id: survey.id,
    code: survey.code,
    title: survey.title,
    status: survey.status,
    access: survey.access,
    anonymity_threshold: survey.anonymityThreshold,
    comment_threshold: survey.commentThreshold,
    workflows: [...survey.workflows],
    opens_at: survey.opensAt?.toISOString() ?? null,
    closes_at: survey.closesAt?.toISOString() ?? null,
    created_at: survey.createdAt.toISOString(),
  };
}
