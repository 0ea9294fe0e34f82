/**
 * The report overview's plans section as a view model (routes/staff/report-plans.ts): which plans
 * belong to a survey's series, the metric against the baseline, the latest note, and the effect's
 * headline taken from the effect service's output (withheld stays withheld; none = not measured).
 */
import { describe, expect, it } from 'vitest';
import { effectHeadline, plansOfSeries, reportPlansSection } from '../../server/routes/staff/report-plans.js';
import type { PlanEffect } from '../../server/services/plan-effect.js';
import type { Plan } from '../../server/services/redesign-plans.js';
import type { Survey } from '../../server/services/surveys.js';

const plan = (over: Partial<Plan> = {}): Plan => ({
  id: 7,
  organizationId: 1,
  surveyId: 10,
  workflow: 'Financial reporting',
  levers: ['dataAccess'],
  ownerId: null,
  ownerEmail: 'owner@example.com',
  targetDate: '2027-02-15',
  decisionRights: '',
  dataAccess: '',
  measurement: '',
  status: 'in_progress',
  metricName: 'Days to close',
  metricUnit: 'days',
  metricDirection: 'down',
  metricBaseline: 9,
  createdAt: new Date(0),
  updatedAt: new Date(0),
  ...over,
});
const wave = (id: number, title: string) => ({ id, title }) as Survey;

describe('the overview’s redesign plans section', () => {
  it('keeps the organization’s plans of this survey and earlier waves of the same instrument only', () => {
    const s = (id: number, instrumentId = 1, organizationId = 1) => ({ id, instrumentId, organizationId });
    const surveys = [s(10), s(11), s(12), s(13, 2)];
    const plans = [
      plan({ id: 1, surveyId: 10 }),
      plan({ id: 2, surveyId: 11 }),
      plan({ id: 3, surveyId: 12 }),
      plan({ id: 4, surveyId: 13 }),
      plan({ id: 5, surveyId: 10, organizationId: 2 }),
    ];
    expect(plansOfSeries(plans, s(11), surveys).map((p) => p.id)).toEqual([1, 2]);
  });

  it('lays out status, latest note, metric rows and the not-measured effect', () => {
    const section = reportPlansSection({
      orgSlug: 'demo',
      surveyId: 10,
      surveyTitles: new Map([[10, 'Wave 1']]),
      entries: [
        {
          plan: plan(),
          notes: [
            { id: 1, status: 'planned', body: 'First', at: new Date('2026-12-01T10:00:00Z'), userEmail: null },
            { id: 2, status: 'in_progress', body: 'Second', at: new Date('2027-01-05T10:00:00Z'), userEmail: null },
          ],
          values: [
            { period: '2026-12', value: 9 },
            { period: '2027-01', value: 10.5 },
            { period: '2027-02', value: 7 },
          ],
          effect: { status: 'no_later_wave' },
        },
      ],
    });
    expect(section.startUrl).toBe('/orgs/demo/surveys/10/report/priorities');
    const [item] = section.items;
    expect(item).toMatchObject({
      url: '/orgs/demo/plans/7',
      wave: 'Wave 1',
      levers: 'data access',
      status: 'in progress',
      latestNote: { date: '2027-01-05', body: 'Second' },
      effect: null,
    });
    expect(item.metric!.rows.map((r) => r.change)).toEqual(['±0 days', '+1.5 days (worse)', '−2 days (better)']);
  });

  it('reads the effect service’s output: withheld figures stay withheld, a measured one gives its interval', () => {
    const from = wave(10, 'Wave 1');
    const to = wave(11, 'Wave 2');
    const withheld: PlanEffect = { status: 'measured', from, to, result: { suppressed: true, n_below: 5 } };
    expect(effectHeadline(withheld, 'Financial reporting')).toBe(
      'Not shown: “Financial reporting” or the other workflows have fewer than 5 responses in “Wave 1” or “Wave 2”, to protect anonymity.',
    );
    const level = { a: 3, b: 3.5, change: 0.5 };
    const measured: PlanEffect = {
      status: 'measured',
      from,
      to,
      result: {
        suppressed: false,
        n: { workflow: { a: 40, b: 41 }, rest: { a: 300, b: 310 } },
        figures: [
          {
            measure: 'lever',
            scale: 'data_access',
            title: 'Data access',
            workflow: level,
            rest: level,
            did: -0.1,
            ci: [-0.3, 0.1],
          },
        ],
        org_share_withheld: null,
        bootstrap: { B: 200, seed: 1, level: 0.9 },
      },
    };
    expect(effectHeadline(measured, 'Financial reporting')).toBe(
      'From “Wave 1” to “Wave 2”: Data access in “Financial reporting” changed by −0.10 points against the other workflows, and the 90% interval (−0.30 to 0.10) covers 0: no difference is shown.',
    );
  });
});
