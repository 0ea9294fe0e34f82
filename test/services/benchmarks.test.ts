/**
 * The benchmark service: which organizations and surveys it lists for each role, that every figure is
 * the one in the survey's Report, that an organization below its threshold carries only that fact and
 * adds nothing to the medians, and the industry and size-band filters. Expected values come from the
 * report service itself (the figures) and a plain sort-and-take-the-middle median written here.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FullReport } from '../../analysis/report/report.js';
import { findSurveyById } from '../../server/data/surveys.js';
import { createBenchmarkService, type Benchmark, type BenchmarkService } from '../../server/services/benchmarks.js';
import { createOrganizationService } from '../../server/services/organizations.js';
import { createReportService, type ReportService } from '../../server/services/reports.js';
import { createUserService, type StaffUser } from '../../server/services/users.js';
import { arrangeBenchmarkOrgs, type BenchmarkOrgs } from '../helpers/benchmark-orgs.js';
import { testDatabases, type TestDb } from '../helpers/db.js';

const median = (values: number[]): number => {
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
};

const names = (b: Benchmark) => b.entries.map((e) => e.organization.name);
const shownValue = (b: Benchmark, slug: string, key: string): number => {
  const entry = b.entries.find((e) => e.organization.slug === slug);
  if (entry?.result.status !== 'ok') throw new Error(`${slug} has no figures`);
  const v = entry.result.figures[key];
  if (v?.status !== 'shown') throw new Error(`${slug} shows no ${key}`);
  return v.value;
};

describe.each(testDatabases())('benchmark service on $name', ({ create }) => {
  let t: TestDb;
  let orgs: BenchmarkOrgs;
  let reports: ReportService;
  let benchmarks: BenchmarkService;
  let admin: StaffUser;
  let consultant: StaffUser;

  async function fullReport(surveyId: number): Promise<FullReport> {
    const { report } = await reports.forSurvey((await findSurveyById(t.db, surveyId))!);
    if (report.status !== 'ok') throw new Error(`survey ${surveyId} is suppressed`);
    return report;
  }

  beforeAll(async () => {
    t = await create();
    orgs = await arrangeBenchmarkOrgs(t.db);
    reports = createReportService({ db: t.db, bootstrap: { B: 40, seed: 1, level: 0.95 } });
    benchmarks = createBenchmarkService({ db: t.db, organizations: createOrganizationService({ db: t.db }), reports });
    const users = createUserService({ db: t.db });
    admin = await users.create({ email: 'admin@example.com', password: 'long enough password', role: 'admin' });
    consultant = await users.create({
      email: 'consultant@example.com',
      password: 'long enough password',
      role: 'consultant',
    });
    await users.assignOrganization(consultant.id, orgs.ids.alpha);
    await users.assignOrganization(consultant.id, orgs.ids.tiny);
  });
  afterAll(async () => {
    await t.destroy();
  });

  it('lists every organization for an admin, each with its most recent open or closed survey that has responses', async () => {
    const b = await benchmarks.forViewer(admin);
    expect(names(b)).toEqual(['Alpha Assurance', 'Beta Mutual', 'Empty Estates', 'Gamma Retail', 'Tiny Brokers']);
    const survey = Object.fromEntries(b.entries.map((e) => [e.organization.slug, e.survey?.id ?? null]));
    expect(survey).toEqual({
      alpha: orgs.latestSurvey.alpha,
      beta: orgs.latestSurvey.beta,
      gamma: orgs.latestSurvey.gamma,
      tiny: orgs.latestSurvey.tiny,
      empty: null,
    });
    expect(b.entries.find((e) => e.organization.slug === 'empty')?.result).toEqual({ status: 'no-responses' });
    expect(b.industries).toEqual(['Insurance', 'Retail']);
  });

  it('lists only the organizations assigned to a consultant, and takes the medians over those alone', async () => {
    const b = await benchmarks.forViewer(consultant);
    expect(names(b)).toEqual(['Alpha Assurance', 'Tiny Brokers']);
    // Alpha is the only organization with figures: every median is its own value, every difference 0.
    const alpha = await fullReport(orgs.latestSurvey.alpha);
    expect(b.medians.r2).toEqual({ value: alpha.decomposition!.r2, count: 1 });
    const entry = b.entries[0].result;
    if (entry.status !== 'ok') throw new Error('alpha should have figures');
    expect(entry.figures.r2).toMatchObject({ status: 'shown', difference: 0 });
  });

  it('takes each figure from the survey’s report: n, R² and organizational share with their intervals, segments, organizational scales', async () => {
    const b = await benchmarks.forViewer(admin);
    const report = await fullReport(orgs.latestSurvey.beta);
    const entry = b.entries.find((e) => e.organization.slug === 'beta')!.result;
    if (entry.status !== 'ok') throw new Error('beta should have figures');
    const d = report.decomposition!;
    const org = d.groups.find((g) => g.group === 'organizational')!;
    expect(entry.figures.responses).toMatchObject({ status: 'shown', value: report.meta.responses });
    expect(entry.figures.r2).toMatchObject({ status: 'shown', value: d.r2, ci: d.r2_ci });
    expect(entry.figures.org_share).toMatchObject({ status: 'shown', value: org.share, ci: org.share_ci });
    const misaligned = report.segments.overall.misaligned;
    if (misaligned.suppressed) throw new Error('beta’s misaligned share should be shown');
    expect(entry.figures.misaligned).toMatchObject({ status: 'shown', value: misaligned.value });
    const orgScales = report.scales.filter((s) => s.group === 'organizational');
    expect(orgScales.length).toBeGreaterThan(0);
    for (const s of orgScales) {
      expect(entry.figures[`scale:${s.id}:mean`]).toMatchObject({ status: 'shown', value: s.mean });
      expect(entry.figures[`scale:${s.id}:favourable`]).toMatchObject({ status: 'shown', value: s.favourable });
    }
    // Individual and outcome scales are not benchmark figures.
    expect(b.figures.map((f) => f.key).filter((k) => k.startsWith('scale:'))).toEqual(
      orgScales.flatMap((s) => [`scale:${s.id}:mean`, `scale:${s.id}:favourable`]),
    );
  });

  it('shows only "fewer than K" for an organization below its threshold, and leaves it out of every median', async () => {
    const b = await benchmarks.forViewer(admin);
    const tiny = b.entries.find((e) => e.organization.slug === 'tiny')!;
    expect(tiny.result).toEqual({ status: 'suppressed', n_below: 5 });
    const reportsShown = await Promise.all(
      [orgs.latestSurvey.alpha, orgs.latestSurvey.beta, orgs.latestSurvey.gamma].map(fullReport),
    );
    expect(b.medians.responses).toEqual({ value: median(reportsShown.map((r) => r.meta.responses)), count: 3 });
    expect(b.medians.r2?.value).toBeCloseTo(median(reportsShown.map((r) => r.decomposition!.r2)), 12);
    for (const f of b.figures) {
      const values = ['alpha', 'beta', 'gamma'].map((slug) => shownValue(b, slug, f.key));
      expect(b.medians[f.key]?.value, f.key).toBeCloseTo(median(values), 12);
      expect(b.medians[f.key]?.count, f.key).toBe(3);
    }
    // The same survey at a threshold it meets does count: so the exclusion above is what kept the median.
    await t.db('surveys').where({ id: orgs.latestSurvey.tiny }).update({ anonymity_threshold: 3 });
    try {
      const counted = await benchmarks.forViewer(admin);
      expect(counted.medians.responses?.count).toBe(4);
      expect(counted.medians.responses?.value).not.toBe(b.medians.responses?.value);
    } finally {
      await t.db('surveys').where({ id: orgs.latestSurvey.tiny }).update({ anonymity_threshold: 5 });
    }
  });

  it('gives each shown figure its difference from the median', async () => {
    const b = await benchmarks.forViewer(admin);
    for (const e of b.entries) {
      if (e.result.status !== 'ok') continue;
      for (const f of b.figures) {
        const v = e.result.figures[f.key];
        if (v.status === 'shown')
          expect(v.difference, `${e.organization.slug} ${f.key}`).toBeCloseTo(v.value - b.medians[f.key]!.value, 12);
      }
    }
  });

  it('filters by industry and by size band, with medians over the organizations left', async () => {
    const insurance = await benchmarks.forViewer(admin, { industry: 'Insurance' });
    expect(names(insurance)).toEqual(['Alpha Assurance', 'Beta Mutual', 'Tiny Brokers']);
    expect(insurance.industries).toEqual(['Insurance', 'Retail']);
    expect(insurance.medians.responses?.value).toBe(
      median(['alpha', 'beta'].map((s) => shownValue(insurance, s, 'responses'))),
    );
    const mid = await benchmarks.forViewer(admin, { sizeBand: '250-999' });
    expect(names(mid)).toEqual(['Alpha Assurance', 'Gamma Retail', 'Tiny Brokers']);
    const both = await benchmarks.forViewer(admin, { industry: 'Retail', sizeBand: '5000+' });
    expect(names(both)).toEqual(['Empty Estates']);
    expect(both.medians.r2).toBeNull();
    expect(both.filters).toEqual({ industry: 'Retail', sizeBand: '5000+' });
  });
});
