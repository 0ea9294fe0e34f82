/**
 * Runs axe-core inside a page. The script is evaluated through the DevTools protocol rather than added
 * as a <script> tag, so the app's Content-Security-Policy (no inline script) stays in force for the page.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';

const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

export interface AxeViolation {
  readonly id: string;
  readonly impact: string | null;
  readonly help: string;
  readonly helpUrl: string;
  readonly nodes: readonly { target: string; html: string; summary: string }[];
}

interface AxeGlobal {
  run(): Promise<{
    violations: {
      id: string;
      impact?: string | null;
      help: string;
      helpUrl: string;
      nodes: { target: unknown[]; html: string; failureSummary?: string }[];
    }[];
  }>;
}

/** Every axe violation on the page as it is now (WCAG 2.x A/AA and best-practice rules, axe defaults). */
export async function axeViolations(page: Page): Promise<AxeViolation[]> {
  await page.evaluate(axeSource);
  return page.evaluate(async () => {
    const axe = (globalThis as unknown as { axe: AxeGlobal }).axe;
    const result = await axe.run();
    return result.violations.map((v) => ({
      id: v.id,
      impact: v.impact ?? null,
      help: v.help,
      helpUrl: v.helpUrl,
      nodes: v.nodes.map((n) => ({
        target: n.target.join(' '),
        html: n.html.slice(0, 200),
        summary: n.failureSummary ?? '',
      })),
    }));
  });
}

/** The serious and critical violations, and a readable report of them for the assertion message. */
export function seriousViolations(violations: readonly AxeViolation[]): { list: AxeViolation[]; report: string } {
  const list = violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  const report = list
    .map(
      (v) =>
        `${v.impact}: ${v.id}: ${v.help} (${v.helpUrl})\n${v.nodes.map((n) => `    at ${n.target}: ${n.html}\n      ${n.summary.replace(/\n/g, '\n      ')}`).join('\n')}`,
    )
    .join('\n');
  return { list, report };
}
