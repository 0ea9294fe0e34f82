/**
 * API operations on what a survey's responses show: the report (the released `Report` JSON the report
 * pages render, with a strong ETag so a client can poll with If-None-Match and get a 304), the
 * responses export (the staff export's file, as CSV or JSON, under its anonymity rules: admins only,
 * audit-logged), and the benchmarks (services/benchmarks.ts, consultants and admins).
 */
import { createHash } from 'node:crypto';
import { z } from 'zod';
import type { Report } from '../../../analysis/report/report.js';
import { ConflictError, ForbiddenError } from '../../errors.js';
import type { Services } from '../../services/index.js';
import { SIZE_BANDS } from '../../services/organizations.js';
import { visibleSurvey } from './lookup.js';
import { defineOperation, type ApiOperation } from './operation.js';
import { pageOf, pageQuery, paginate } from './pagination.js';
import { organizationJson, organizationSchema, surveyParams } from './schemas.js';

/** The serialized body and strong ETag of a Report, kept as long as the report cache keeps the Report. */
const serialized = new WeakMap<Report, { body: string; etag: string }>();

function serialize(report: Report): { body: string; etag: string } {
  let entry = serialized.get(report);
  if (!entry) {
    const body = JSON.stringify(report);
    entry = { body, etag: `"${createHash('sha256').update(body).digest('base64url')}"` };
    serialized.set(report, entry);
  }
  return entry;
}

/** Whether an If-None-Match header names `etag` (or is `*`). */
function matches(header: string | undefined, etag: string): boolean {
  if (!header) return false;
  return header.split(',').some((tag) => {
    const t = tag.trim();
    return t === '*' || t === etag || t === `W/${etag}`;
  });
}

const reportSchema = z.record(z.string(), z.unknown()).meta({
  id: 'Report',
  description:
    'The survey’s report as the report pages render it (analysis/report/report.ts, snake_case), from the latest release: every figure below the anonymity threshold is a `{ "suppressed": true, "n_below": K }` cell.',
});

const benchmarkSchema = pageOf(
  z.object({
    organization: organizationSchema,
    survey: z
      .object({
        id: z.number().int(),
        title: z.string(),
        status: z.string(),
        released_on: z.string().nullable(),
        waves: z.number().int(),
      })
      .nullable(),
    result: z
      .record(z.string(), z.unknown())
      .meta({ description: '`status` ok (with `figures`), suppressed (with `n_below`) or no-responses.' }),
  }),
).extend({
  figures: z.array(z.object({ key: z.string(), label: z.string(), kind: z.enum(['count', 'coefficient', 'share']) })),
  medians: z.record(z.string(), z.object({ value: z.number(), count: z.number().int() }).nullable()),
  filters: z.object({ industry: z.string().nullable(), size_band: z.string().nullable() }),
});

export function reportOperations({
  organizations,
  surveys,
  reports,
  exports,
  benchmarks,
}: Pick<Services, 'organizations' | 'surveys' | 'reports' | 'exports' | 'benchmarks'>): ApiOperation[] {
  return [
    defineOperation({
      method: 'get',
      path: '/organizations/{org}/surveys/{survey}/report',
      operationId: 'getReport',
      tag: 'Reports',
      summary: 'The released report (Report JSON), with an ETag',
      description:
        'Send the ETag back in If-None-Match to get 304 Not Modified while no new release has been cut. 409 while fewer than the threshold of usable responses have come in.',
      params: surveyParams,
      success: {
        status: 200,
        description: 'The report.',
        schema: reportSchema,
        headers: { ETag: 'A strong validator of this report.' },
      },
      notModified: true,
      failures: [404, 409],
      handle: async ({ user, params, req, res }) => {
        const { survey } = await visibleSurvey(organizations, surveys, user, params);
        const { report } = await reports.forSurvey(survey);
        if (report.status === 'suppressed')
          throw new ConflictError(
            `The report has fewer than ${survey.anonymityThreshold} usable responses so far: nothing is released yet.`,
            'Nothing released yet',
          );
        const { body, etag } = serialize(report);
        res.set({ ETag: etag, 'Cache-Control': 'private, no-cache' });
        if (matches(req.get('If-None-Match'), etag)) return void res.status(304).end();
        res.status(200).type('application/json').send(body);
      },
    }),
    defineOperation({
      method: 'get',
      path: '/organizations/{org}/surveys/{survey}/export',
      operationId: 'exportResponses',
      tag: 'Reports',
      summary: 'The released responses, as CSV or JSON (admins)',
      description:
        'The staff export: released, unflagged responses, hidden units merged into their parent, workflows named only where every group has the threshold, comments apart from their writers, no dates. Recorded in the audit log.',
      params: surveyParams,
      query: z.object({ format: z.enum(['csv', 'json']).default('json') }),
      success: {
        status: 200,
        description: 'The responses.',
        schema: z.object({
          filename: z.string(),
          responses: z.number().int(),
          columns: z.array(z.string()),
          rows: z.array(z.array(z.string())),
        }),
        content: { 'text/csv': z.string() },
      },
      failures: [403, 404, 409],
      handle: async ({ user, params, query, res }) => {
        const { org, survey } = await visibleSurvey(organizations, surveys, user, params);
        const file = await exports.exportResponses(user, org.slug, survey);
        res.set('Cache-Control', 'no-store');
        if (query.format === 'json')
          return { filename: file.filename, responses: file.responses, columns: file.columns, rows: file.rows };
        res.attachment(file.filename).type('text/csv; charset=utf-8').send(file.csv);
      },
    }),
    defineOperation({
      method: 'get',
      path: '/benchmarks',
      operationId: 'getBenchmarks',
      tag: 'Benchmarks',
      summary: 'The benchmarks page’s figures (consultants and admins)',
      description:
        'Each visible organization’s latest wave with responses; entries are paged, medians cover all of them.',
      query: pageQuery.extend({
        industry: z.string().trim().max(80).optional(),
        size_band: z.enum(SIZE_BANDS).optional(),
      }),
      success: { status: 200, description: 'The benchmark.', schema: benchmarkSchema },
      failures: [403],
      handle: async ({ user, query }) => {
        if (user.role === 'analyst') throw new ForbiddenError('Benchmarks are for consultants and admins.');
        const b = await benchmarks.forViewer(user, {
          industry: query.industry || null,
          sizeBand: query.size_band ?? null,
        });
        const page = paginate(b.entries, (e) => e.organization.id, query);
        return {
          figures: b.figures,
          medians: b.medians,
          filters: { industry: b.filters.industry, size_band: b.filters.sizeBand },
          next_cursor: page.next_cursor,
          data: page.data.map((e) => ({
            organization: organizationJson(e.organization),
            survey: e.survey && {
              id: e.survey.id,
              title: e.survey.title,
              status: e.survey.status,
              released_on: e.survey.releasedOn,
              waves: e.survey.waves,
            },
            result: e.result,
          })),
        };
      },
    }),
  ];
}
