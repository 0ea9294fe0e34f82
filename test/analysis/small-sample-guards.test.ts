/**
 * The report's small-sample guards: what a figure still needs when there are too few responses for
 * it. Expected values follow from the model's size (p predictors: p + 1 coefficients need at least
 * p + 2 complete rows) on the seeded demo responses (test/fixtures/demo-report-input.ts).
 */
import { describe, expect, it } from 'vitest';
import { rwgJ } from '../../analysis/multilevel/rwg.js';
import { buildReport } from '../../analysis/report/build-report.js';
import { decompositionNeeds } from '../../analysis/report/report-decomposition.js';
import type { FullReport, Report } from '../../analysis/report/report.js';
import { demoResponses, instrument } from '../fixtures/demo-report-input.js';

function full(report: Report): FullReport {
  if (report.status !== 'ok') throw new Error('expected a full report');
  return report;
}

const demo = demoResponses();
const seven = full(buildReport({ instrument, responses: demo.slice(0, 7), bootstrap: 0 }));

describe('small-sample guards: the decomposition', () => {
  it('says how many more responses the breakdown needs, and why, at 7 responses for 8 factors', () => {
    expect(seven.decomposition).toBeNull();
    expect(seven.decomposition_needs).toEqual({
      more: 3,
      reason: '8 factors need at least 10 complete responses',
      sentence: '3 more responses are needed for the breakdown (8 factors need at least 10 complete responses).',
    });
  });

  it('needs nothing once there are p + 2 complete responses, and says "1 more response is" one short', () => {
    const ten = full(buildReport({ instrument, responses: demo.slice(0, 10), bootstrap: 0 }));
    expect(ten.decomposition).not.toBeNull();
    expect(ten.decomposition_needs).toBeNull();
    expect(decompositionNeeds(8, 9)?.sentence).toBe(
      '1 more response is needed for the breakdown (8 factors need at least 10 complete responses).',
    );
    expect(decompositionNeeds(1, 0)?.reason).toBe('1 factor needs at least 3 complete responses');
  });
});

/**
 * The demo responses with the items of `scaleId` answered so that, after reverse keying, the first
 * item reads x, the second min + max − x, the rest x: the items are negatively related and raw
 * alpha is k/(k−1)·(1 − k·var/var) < 0 for k = 3 (−3 exactly).
 */
function withNegativelyRelatedItems(scaleId: string) {
  const { min, max } = instrument.likert;
  const scale = instrument.scales.find((s) => s.id === scaleId)!;
  return demo.slice(0, 40).map((r, row) => {
    const x = min + (row % (max - min + 1));
    const answers = { ...r.answers };
    scale.items.forEach((item, j) => {
      const keyed = j === 1 ? min + max - x : x;
      answers[item.id] = item.reverse ? min + max - keyed : keyed;
    });
    return { ...r, answers };
  });
}

describe('small-sample guards: figures outside their meaningful range', () => {
  it('flags ICC(1) and ICC(2) below 0 as "no unit differences beyond chance", keeping the value as computed', () => {
    const below = Object.entries(seven.multilevel!).filter(([, m]) => m.icc2 < 0);
    expect(below.length).toBeGreaterThan(0); // e.g. ICC(2) −149.5 for workflow orchestration at n = 7
    for (const [, m] of below) {
      expect(m.below_zero).toBe(true);
      expect(m.icc1).toBeLessThan(0);
      expect(m.reliable_means).toBe(false);
    }
    for (const m of Object.values(seven.multilevel!)) if (m.icc2 >= 0) expect(m.below_zero).toBe(false);
    const warning = seven.warnings.find((w) => w.startsWith('ICC(1) and ICC(2) are below 0 for'))!;
    expect(warning).toContain('no differences between units beyond chance');
    // A scale below 0 is named there, not again in the ICC(2) < 0.6 caution.
    const title = instrument.scales.find((s) => s.id === below[0][0])!.title;
    expect(warning).toContain(title);
    expect(seven.warnings.find((w) => w.startsWith('ICC(2) is below 0.6')) ?? '').not.toContain(title);
  });

  it('flags a negative Cronbach alpha with its reason (items negatively related: check reverse keying)', () => {
    const scale = instrument.scales.find((s) => s.items.length === 3)!;
    const r = full(buildReport({ instrument, responses: withNegativelyRelatedItems(scale.id), bootstrap: 0 }));
    const alpha = r.scales.find((s) => s.id === scale.id)!.alpha!;
    expect(alpha.raw).toBeCloseTo(-3, 12); // 3/2 · (1 − 3·var(x)/var(x))
    expect(alpha.below_0).toBe(true);
    const warnings = r.warnings.filter((w) => w.includes(`"${scale.title}"`));
    expect(warnings).toEqual([
      `Scale "${scale.title}" has Cronbach's alpha below 0 (-3.000): its items are negatively related, so alpha has no meaning as a reliability; check the reverse keying of its items.`,
    ]);
    expect(r.scales.filter((s) => s.id !== scale.id).every((s) => !s.alpha || !s.alpha.below_0)).toBe(true);
  });

  it('keeps rwg(j) in [0, 1]: more disagreement than random answering is reset to 0 (James, Demaree & Wolf 1984)', () => {
    // 5 options: σ²_EU = 2; item variances at and above it give 0, none give more than 1.
    expect(rwgJ([2, 2], 5)).toBe(0);
    expect(rwgJ([4, 3.5], 5)).toBe(0);
    expect(rwgJ([0, 0], 5)).toBe(1);
  });
});

describe('small-sample guards: the order of the warnings', () => {
  it('lists a figure that could not be computed first, then figures below 0, then cautions', () => {
    const at = (start: string) => seven.warnings.findIndex((w) => w.startsWith(start));
    expect(seven.warnings[0]).toBe(seven.decomposition_needs!.sentence);
    const iccBelowZero = at('ICC(1) and ICC(2) are below 0');
    const alphaCaution = at('Scale "AI skill" has Cronbach\'s alpha 0.595 (below 0.7)');
    expect(iccBelowZero).toBeGreaterThan(0);
    expect(alphaCaution).toBeGreaterThan(iccBelowZero);
  });

  it('puts an unfitted decomposition before a scale whose alpha is below 0', () => {
    const scale = instrument.scales.find((s) => s.items.length === 3)!;
    const responses = withNegativelyRelatedItems(scale.id).slice(0, 9);
    const negative = full(buildReport({ instrument, responses, bootstrap: 0 }));
    expect(negative.warnings[0]).toMatch(/^1 more response is needed for the breakdown/);
    const alpha = negative.warnings.findIndex((w) => w.includes("Cronbach's alpha below 0"));
    expect(alpha).toBeGreaterThan(0);
  });
});

describe('small-sample guards: no unit comparison without shown units', () => {
  it('gives no verdict on comparing unit means when every unit is suppressed, and says why', () => {
    expect(seven.units.every((u) => u.scores.suppressed)).toBe(true);
    expect(seven.multilevel).not.toBeNull();
    expect(seven.unit_comparison_withheld).toBe(
      'No unit is shown (units with fewer than 5 responses, or that would let a smaller group be worked out, are hidden), so there is no verdict on whether unit means can be compared.',
    );
    expect(seven.warnings.join('\n')).not.toMatch(/not reliable enough to compare/);
  });

  it('gives the verdict when at least 2 units are shown', () => {
    const many = full(buildReport({ instrument, responses: demo, bootstrap: 0 }));
    expect(many.unit_comparison_withheld).toBeNull();
  });
});
