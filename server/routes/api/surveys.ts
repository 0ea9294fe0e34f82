/**
 * API operations on survey waves: list, get, create, open and close, and create invitation links. The
 * rules are the services' as on the staff pages (a closing day not yet past, who may generate links
 * once a survey is open, headcount caps, a closed survey takes no links), each change in the audit log.
 */
import { z } from 'zod';
import type { Services } from '../../services/index.js';
import { MAX_PER_REQUEST, MAX_PER_UNIT } from '../../services/invitations.js';
import { flattenUnitTree } from '../../services/units.js';
import { visibleOrganization, visibleSurvey } from './lookup.js';
import { defineOperation, type ApiOperation } from './operation.js';
import { pageOf, pageQuery, paginate } from './pagination.js';
import { UnprocessableError } from './problem.js';
import { idSchema, orgParams, surveyJson, surveyParams, surveySchema } from './schemas.js';

const newSurveySchema = z
  .object({
    title: z.string().trim().min(1).max(200),
    workflows: z.array(z.string().trim().min(1).max(100)).max(30).default([]),
    access: z
      .enum(['open', 'invitation'])
      .meta({ description: 'Anyone with the link, or single-use invitation links.' }),
    anonymity_threshold: z.number().int().min(3).max(100).default(5),
    closes_at: z.iso
      .date()
      .nullable()
      .optional()
      .meta({ description: 'The last day (UTC) answers are taken, YYYY-MM-DD; it must not have passed.' }),
  })
  .meta({ id: 'NewSurvey' });

const invitationRequestSchema = z
  .object({
    unit_ids: z
      .array(idSchema)
      .min(1)
      .max(MAX_PER_REQUEST)
      .refine((ids) => new Set(ids).size === ids.length, 'List each unit once.'),
    per_unit: z.number().int().min(1).max(MAX_PER_UNIT),
  })
  .refine((b) => b.unit_ids.length * b.per_unit <= MAX_PER_REQUEST, {
    message: `At most ${MAX_PER_REQUEST} links per request: fewer units or fewer per unit.`,
    path: ['per_unit'],
  })
  .meta({ id: 'InvitationRequest' });

const invitationLinksSchema = z.object({
  data: z.array(z.object({ unit_id: z.number().int(), unit_path: z.string(), link: z.string() })),
});

export function surveyOperations({
  organizations,
  surveys,
  units,
  invitations,
}: Pick<Services, 'organizations' | 'surveys' | 'units' | 'invitations'>): ApiOperation[] {
  const tag = 'Surveys';
  const load = (user: Parameters<typeof visibleSurvey>[2], params: { org: string; survey: number }) =>
    visibleSurvey(organizations, surveys, user, params);
  return [
    defineOperation({
      method: 'get',
      path: '/organizations/{org}/surveys',
      operationId: 'listSurveys',
      tag,
      summary: 'The organization’s survey waves',
      params: orgParams,
      query: pageQuery,
      success: { status: 200, description: 'A page of surveys.', schema: pageOf(surveySchema) },
      failures: [404],
      handle: async ({ user, params, query }) => {
        const org = await visibleOrganization(organizations, user, params.org);
        const page = paginate(await surveys.list(org.id), (s) => s.id, query);
        return { ...page, data: page.data.map(surveyJson) };
      },
    }),
    defineOperation({
      method: 'post',
      path: '/organizations/{org}/surveys',
      operationId: 'createSurvey',
      tag,
      summary: 'Create a draft survey on the default instrument',
      params: orgParams,
      body: newSurveySchema,
      success: { status: 201, description: 'The draft survey.', schema: surveySchema },
      failures: [400, 404],
      handle: async ({ user, params, body }) => {
        const org = await visibleOrganization(organizations, user, params.org);
        const survey = await surveys.create(
          org.id,
          {
            title: body.title,
            workflows: [...new Set(body.workflows)],
            access: body.access,
            anonymityThreshold: body.anonymity_threshold,
            // The survey closes at the end of that day, UTC, as on the new-survey page.
            closesAt: body.closes_at ? new Date(`${body.closes_at}T23:59:59.999Z`) : null,
          },
          user,
        );
        return surveyJson(survey);
      },
    }),
    defineOperation({
      method: 'get',
      path: '/organizations/{org}/surveys/{survey}',
      operationId: 'getSurvey',
      tag,
      summary: 'One survey',
      params: surveyParams,
      success: { status: 200, description: 'The survey.', schema: surveySchema },
      failures: [404],
      handle: async ({ user, params }) => surveyJson((await load(user, params)).survey),
    }),
    defineOperation({
      method: 'post',
      path: '/organizations/{org}/surveys/{survey}/open',
      operationId: 'openSurvey',
      tag,
      summary: 'Open a draft or closed survey',
      description: 'A closing day already past is cleared, as on the survey page.',
      params: surveyParams,
      success: { status: 200, description: 'The survey, now open.', schema: surveySchema },
      failures: [404],
      handle: async ({ user, params }) => {
        const { org, survey } = await load(user, params);
        await surveys.open(org.id, survey.id, user);
        return surveyJson((await surveys.find(org.id, survey.id))!);
      },
    }),
    defineOperation({
      method: 'post',
      path: '/organizations/{org}/surveys/{survey}/close',
      operationId: 'closeSurvey',
      tag,
      summary: 'Close a survey now',
      description: 'Once this answers, no further response is stored.',
      params: surveyParams,
      success: { status: 200, description: 'The survey, now closed.', schema: surveySchema },
      failures: [404],
      handle: async ({ user, params }) => {
        const { org, survey } = await load(user, params);
        await surveys.close(org.id, survey.id, user);
        return surveyJson((await surveys.find(org.id, survey.id))!);
      },
    }),
    defineOperation({
      method: 'post',
      path: '/organizations/{org}/surveys/{survey}/invitations',
      operationId: 'createInvitations',
      tag,
      summary: 'Create single-use invitation links, returned once',
      description:
        'Only the links’ hashes are kept. Once a survey is open only admins and consultants may create links (403); a closed survey takes none (409); a unit’s headcount caps its links (422).',
      params: surveyParams,
      body: invitationRequestSchema,
      success: { status: 201, description: 'The links, one per invitation.', schema: invitationLinksSchema },
      failures: [400, 403, 404, 409],
      handle: async ({ user, params, body }) => {
        const { org, survey } = await load(user, params);
        const byId = new Map(flattenUnitTree(await units.tree(org.id)).map((u) => [u.id, u]));
        const chosen = body.unit_ids.map((id) => byId.get(id));
        const missing = body.unit_ids.filter((_, i) => chosen[i] === undefined);
        if (missing.length > 0)
          throw new UnprocessableError(`Units ${missing.join(', ')} are not units of this organization.`, [
            { in: 'body', name: 'unit_ids', message: 'Choose units of this organization.' },
          ]);
        const units_ = chosen.map((u) => ({ id: u!.id, path: u!.path }));
        const links = await invitations.generate(user, survey, units_, body.per_unit);
        const idOfPath = new Map(units_.map((u) => [u.path, u.id]));
        return {
          data: links.map((l) => ({ unit_id: idOfPath.get(l.unitPath)!, unit_path: l.unitPath, link: l.link })),
        };
      },
    }),
  ];
}
