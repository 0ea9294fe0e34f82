/**
 * What the demo contains: one organization with four departments of three teams each, the survey's
 * workflows, and the planted bottleneck that the report should find. Plain data; seed-demo.ts stores it.
 */
import type { Bottleneck } from './synthetic-responses.js';

export const DEMO_ORGANIZATION = {
  name: 'Demo Company',
  slug: 'demo',
  industry: 'Professional services',
  sizeBand: '250-999',
} as const;

/** Department → its teams (12 teams in all). Team names are unique across the organization. */
export const DEMO_DEPARTMENTS: Readonly<Record<string, readonly string[]>> = {
  'Customer Operations': ['Support Tier 1', 'Support Tier 2', 'Customer Success'],
  'Sales and Marketing': ['Enterprise Sales', 'Inside Sales', 'Brand and Content'],
  Finance: ['Financial Planning', 'Accounting', 'Procurement'],
  Engineering: ['Platform', 'Product Engineering', 'Data and Analytics'],
};

export const DEMO_TEAMS: readonly string[] = Object.values(DEMO_DEPARTMENTS).flat();

/**
 * Four workflows, so that each holds about 100 of the 400 responses: enough for a per-workflow
 * decomposition of the eight predictor scales at the n ≥ 10·p rule.
 */
export const DEMO_WORKFLOWS: readonly string[] = [
  'Customer support replies',
  'Sales proposals',
  'Financial reporting',
  'Software delivery',
];

export const DEMO_BOTTLENECK: Bottleneck = { workflow: 'Financial reporting', lever: 'dataAccess' };

export const DEMO_SURVEY = {
  /** Fixed public code: the demo survey lives at /s/demo. */
  code: 'demo',
  title: 'AI operating model readiness: demo wave',
  responses: 400,
  /** Responses are dated over this many days up to today. */
  spreadDays: 14,
} as const;

export const DEMO_SEED = 20261129;
