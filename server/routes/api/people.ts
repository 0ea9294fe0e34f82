/**
 * API operations on an organization's people (its address list): list them, and add or update them
 * in bulk. Adding goes through the people import (services/people-import.ts), so the rules are the
 * CSV upload's: units created along the paths, headcounts set from the count, all or nothing,
 * admins and consultants only, recorded in the audit log; nobody is removed.
 */
import { z } from 'zod';
import type { Services } from '../../services/index.js';
import type { Person } from '../../services/people-import.js';
import { visibleOrganization } from './lookup.js';
import { defineOperation, type ApiOperation } from './operation.js';
import { pageOf, pageQuery, paginateAfter } from './pagination.js';
import { UnprocessableError } from './problem.js';
import { orgParams } from './schemas.js';

const MAX_PEOPLE_PER_REQUEST = 5000;
const COLUMNS = ['email', 'unit', 'manager_email', 'location', 'role_level', 'language'] as const;

const personSchema = z
  .object({
    id: z.number().int(),
    email: z.string(),
    unit_id: z.number().int().nullable(),
    manager_email: z.string().nullable(),
    location: z.string().nullable(),
    role_level: z.string().nullable(),
    language: z.string().nullable(),
  })
  .meta({ id: 'Person' });

const optionalText = z.string().max(200).nullable().optional();
const newPersonSchema = z
  .object({
    email: z.string().max(254),
    unit: z.string().max(1000).meta({ description: 'The unit path, top level first: `Sales/EMEA/Team 3`.' }),
    manager_email: optionalText,
    location: optionalText,
    role_level: optionalText,
    language: optionalText.meta({ description: 'A language tag such as `de` or `pt-BR`.' }),
  })
  .meta({ id: 'NewPerson' });

const importSummarySchema = z.object({
  added: z.number().int(),
  updated: z.number().int(),
  unchanged: z.number().int(),
  new_units: z.array(z.string()),
  headcounts: z.array(
    z.object({ path: z.string(), from: z.number().int().nullable(), to: z.number().int().nullable() }),
  ),
});

function personJson(p: Person): z.infer<typeof personSchema> {
  return {
    id: p.id,
    email: p.email,
    unit_id: p.unitId,
    manager_email: p.managerEmail,
    location: p.location,
    role_level: p.roleLevel,
    language: p.language,
  };
}

/** The people as the CSV the import reads (every cell quoted, so no value is read as anything else). */
function asCsv(people: readonly z.infer<typeof newPersonSchema>[]): string {
  const cell = (v: string | null | undefined) => `"${(v ?? '').replace(/"/g, '""')}"`;
  return [COLUMNS.join(','), ...people.map((p) => COLUMNS.map((c) => cell(p[c])).join(','))].join('\r\n') + '\r\n';
}

export function peopleOperations({
  organizations,
  people,
}: Pick<Services, 'organizations' | 'people'>): ApiOperation[] {
  return [
    defineOperation({
      method: 'get',
      path: '/organizations/{org}/people',
      operationId: 'listPeople',
      tag: 'People',
      summary: 'The organization’s address list (admins and consultants)',
      params: orgParams,
      query: pageQuery,
      success: { status: 200, description: 'A page of people.', schema: pageOf(personSchema) },
      failures: [403, 404],
      handle: async ({ user, params, query }) => {
        const org = await visibleOrganization(organizations, user, params.org);
        const page = await paginateAfter(
          (after, limit) => people.listAfter(user, org.id, after, limit),
          (p) => p.id,
          query,
        );
        return { ...page, data: page.data.map(personJson) };
      },
    }),
    defineOperation({
      method: 'post',
      path: '/organizations/{org}/people',
      operationId: 'createPeople',
      tag: 'People',
      summary: 'Add or update people in bulk, all or none (admins and consultants)',
      description:
        'People are matched by email: a known one is updated. Units are created along the paths, and headcounts follow the people count, as with the CSV upload.',
      params: orgParams,
      body: z.object({ people: z.array(newPersonSchema).min(1).max(MAX_PEOPLE_PER_REQUEST) }),
      success: { status: 201, description: 'What changed.', schema: importSummarySchema },
      failures: [400, 403, 404],
      handle: async ({ user, params, body }) => {
        const org = await visibleOrganization(organizations, user, params.org);
        const csv = asCsv(body.people);
        const options = { removeMissing: false };
        const preview = await people.preview(user, org.id, csv, options);
        if (preview.errors.length > 0) {
          // Line 1 is the header, so line L is the person at index L − 2.
          const errors = preview.errors.map((e) => ({
            in: 'body' as const,
            name: e.line >= 2 ? `people.${e.line - 2}.${e.column}` : 'people',
            message: e.why,
          }));
          throw new UnprocessableError(`${errors.length} problem(s) in the people sent: nothing was stored.`, errors);
        }
        const summary = await people.apply(user, org.id, csv, options);
        return {
          added: summary.added,
          updated: summary.updated,
          unchanged: summary.unchanged,
          new_units: [...summary.newUnits],
          headcounts: summary.headcounts.map((h) => ({ ...h })),
        };
      },
    }),
  ];
}
