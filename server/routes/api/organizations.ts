/** API operations on organizations and their units: list and get organizations, list units, add units in bulk. */
import { z } from 'zod';
import type { Services } from '../../services/index.js';
import { MAX_HEADCOUNT } from '../../services/units.js';
import { visibleOrganization } from './lookup.js';
import { defineOperation, type ApiOperation } from './operation.js';
import { pageOf, pageQuery, paginate } from './pagination.js';
import { idSchema, organizationJson, organizationSchema, orgParams, unitJson, unitSchema } from './schemas.js';

const MAX_UNITS_PER_REQUEST = 500;

const newUnitSchema = z
  .object({
    name: z.string().max(200).meta({ description: 'Unique among its siblings; at most 120 characters.' }),
    parent_id: idSchema.nullable().optional().meta({ description: 'An existing unit of the organization.' }),
    parent_index: z
      .number()
      .int()
      .min(0)
      .nullable()
      .optional()
      .meta({ description: 'Or: the place (from 0) of a unit earlier in this list, created by the same request.' }),
    headcount: z.number().int().min(1).max(MAX_HEADCOUNT).nullable().optional(),
  })
  .meta({ id: 'NewUnit' });

export function organizationOperations({
  organizations,
  units,
}: Pick<Services, 'organizations' | 'units'>): ApiOperation[] {
  return [
    defineOperation({
      method: 'get',
      path: '/organizations',
      operationId: 'listOrganizations',
      tag: 'Organizations',
      summary: 'The organizations the token may see',
      description: 'Admins: all; consultants: their assigned clients; analysts: their own organization.',
      query: pageQuery,
      success: { status: 200, description: 'A page of organizations.', schema: pageOf(organizationSchema) },
      failures: [],
      handle: async ({ user, query }) => {
        const page = paginate(await organizations.listVisible(user), (o) => o.id, query);
        return { ...page, data: page.data.map(organizationJson) };
      },
    }),
    defineOperation({
      method: 'get',
      path: '/organizations/{org}',
      operationId: 'getOrganization',
      tag: 'Organizations',
      summary: 'One organization',
      params: orgParams,
      success: { status: 200, description: 'The organization.', schema: organizationSchema },
      failures: [404],
      handle: async ({ user, params }) => organizationJson(await visibleOrganization(organizations, user, params.org)),
    }),
    defineOperation({
      method: 'get',
      path: '/organizations/{org}/units',
      operationId: 'listUnits',
      tag: 'Units',
      summary: 'The organization’s units (departments and teams), archived ones included',
      params: orgParams,
      query: pageQuery,
      success: { status: 200, description: 'A page of units.', schema: pageOf(unitSchema) },
      failures: [404],
      handle: async ({ user, params, query }) => {
        const org = await visibleOrganization(organizations, user, params.org);
        const page = paginate(await units.list(org.id), (u) => u.id, query);
        return { ...page, data: page.data.map(unitJson) };
      },
    }),
    defineOperation({
      method: 'post',
      path: '/organizations/{org}/units',
      operationId: 'createUnits',
      tag: 'Units',
      summary: 'Add units in bulk, all or none',
      description:
        'Each unit under the same rules as the organization page’s form. A unit without a parent is a department, with one a team.',
      params: orgParams,
      body: z.object({ units: z.array(newUnitSchema).min(1).max(MAX_UNITS_PER_REQUEST) }),
      success: {
        status: 201,
        description: 'The units created, in the order sent.',
        schema: z.object({ data: z.array(unitSchema) }),
      },
      failures: [400, 404],
      handle: async ({ user, params, body }) => {
        const org = await visibleOrganization(organizations, user, params.org);
        const created = await units.createMany(
          org.id,
          body.units.map((u) => ({
            name: u.name,
            parentId: u.parent_id ?? null,
            parentIndex: u.parent_index ?? null,
            headcount: u.headcount ?? null,
          })),
        );
        return { data: created.map(unitJson) };
      },
    }),
  ];
}
