/**
 * The report's cuts (analysis/report/report-cuts.ts through buildReport): per value of role level,
 * language and each demographic question, for everyone and each allowed unit, n and scale means
 * equal the plain computation over that group's rows; groups the cut guard hides carry no figure.
 */
import { describe, expect, it } from 'vitest';
import { indexedModelRows } from '../../analysis/bootstrap/decomposition-bootstrap.js';
import { relativeImportance } from '../../analysis/importance/relative-importance.js';
import { buildReport, type ReportInputResponse } from '../../analysis/report/build-report.js';
import { instrumentModel } from '../../analysis/report/report-decomposition.js';
import type { FullReport } from '../../analysis/report/report.js';
import { syntheticReportInput } from '../helpers/report-input.js';

const ROLES = ['Executive', 'Manager', 'Individual contributor'];

function input() {
  const base = syntheticReportInput({ n: 240, bootstrap: 0 });
  const instrument = {
    ...base.instrument,
    roleLevels: ROLES,
    demographics: [{ id: 'tenure', question: 'How long have you worked here?', options: ['< 1 year', '1+ years'] }],
  };
  const responses = (base.responses as readonly ReportInputResponse[]).map((r, i) => ({
    ...r,
    // Executives: 3 in Claims only (a group below K), the rest split between the two other levels.
    roleLevel: i < 3 ? 'Executive' : i % 9 === 0 ? null : ROLES[1 + (i % 2)],
    language: i % 4 === 0 ? 'fr' : 'en',
    demographics: i % 10 === 0 ? null : { tenure: i % 3 === 0 ? '< 1 year' : '1+ years' },
  }));
  return { ...base, instrument, responses };
}

describe('report cuts', () => {
  const data = input();
  const report = buildReport(data) as FullReport;
  const responses = data.responses;

  it('lists role level, each demographic question and language, with the declared values first', () => {
    expect(report.cuts!.map((c) => c.id)).toEqual(['role_level', 'demographic:tenure', 'language']);
    expect(report.cuts![0].values).toEqual(ROLES);
    // The instrument's own language, then its translations (the default instrument has de and fr).
    const declared = [data.instrument.language ?? 'en', ...Object.keys(data.instrument.translations ?? {})];
    expect(declared).toEqual(['en', 'de', 'fr']);
    expect(report.cuts![2].values).toEqual(declared);
  });

  it('gives each shown value the n and scale means of its own rows', () => {
    const role = report.cuts![0];
    const everyone = role.scopes[0];
    expect(everyone.unit).toBeNull();
    const manager = everyone.rows.find((r) => r.value === 'Manager')!;
    const rows = responses.flatMap((r, i) => (r.roleLevel === 'Manager' ? [i] : []));
    expect(manager.n).toMatchObject({ suppressed: false, n: rows.length });
    for (const scale of data.instrument.scales) {
      const values = rows.map((i) => data.scored!.scores[scale.id][i]).filter((v) => !Number.isNaN(v));
      const mean = values.reduce((s, v) => s + v, 0) / values.length;
      expect(manager.means.suppressed ? NaN : manager.means.value[scale.id]).toBeCloseTo(mean, 10);
    }
  });

  it('cuts within a unit the guard allows, with the unit’s own counts', () => {
    const language = report.cuts![2];
    const within = language.scopes.filter((sc) => sc.unit !== null);
    expect(within.length).toBeGreaterThan(0);
    for (const scope of within)
      for (const row of scope.rows) {
        const n = responses.filter((r) => r.unit === scope.unit && r.language === row.value).length;
        expect(row.n).toMatchObject({ suppressed: false, n });
      }
  });

  it('hides the value held by fewer than K people, with neither its n nor its means', () => {
    const everyone = report.cuts![0].scopes[0];
    const executive = everyone.rows.find((r) => r.value === 'Executive')!;
    expect(executive.n).toEqual({ suppressed: true, n_below: 5 });
    expect(executive.means).toEqual({ suppressed: true, n_below: 5 });
    expect(JSON.stringify(executive)).not.toMatch(/"n":3/);
  });

  it('shows the organizational share where the group is large enough, and never below the threshold', () => {
    const language = report.cuts![2].scopes[0];
    const en = language.rows.find((r) => r.value === 'en')!;
    // The same share relativeImportance gives on the group's complete rows (as a workflow's share is computed).
    const model = instrumentModel(data.instrument);
    const all = indexedModelRows(data.scored!.scores, model);
    const rows = all.rows.filter((_, k) => responses[all.source[k]].language === 'en');
    const reference = relativeImportance({ columns: [model.outcome, ...model.predictors], rows }, model);
    expect(en.org_share.suppressed ? NaN : en.org_share.value).toBeCloseTo(
      reference.groupLmg!.organizational / reference.r2,
      10,
    );
    for (const cut of report.cuts!)
      for (const scope of cut.scopes)
        for (const row of scope.rows) if (!row.n.suppressed) expect(row.n.n === 0 || row.n.n >= 5).toBe(true);
  });
});
