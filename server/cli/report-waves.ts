/**
 * `readiness report --compare PREVIOUS.csv`: the change since the previous wave (analysis/action/waves.ts)
 * with the anonymity rule applied (a wave below the threshold → no figure of the comparison), and
 * its readable section. Nothing is computed in the text part.
 */
import { compareWaves, type WaveChange, type WaveComparison } from '../../analysis/action/waves.js';
import type { ReportResponse } from '../../analysis/report/build-report.js';
import type { Instrument } from '../../analysis/scales/instrument.js';
import { table } from './report-table.js';

/** The `waves` key of `readiness report --json`: compareWaves' result, or only why it is not shown. */
export type WavesResult =
  | ({ readonly suppressed: false } & WaveComparison)
  | { readonly suppressed: true; readonly n_below: number; readonly reason: string };

export interface WavesInput {
  readonly instrument: Instrument;
  readonly previous: readonly ReportResponse[];
  readonly current: readonly ReportResponse[];
  readonly threshold: number;
  readonly B: number;
  readonly seed: number;
  readonly onProgress?: (done: number, total: number) => void;
}

/**
 * compareWaves(previous, current) when both waves have at least `threshold` responses; otherwise
 * a suppressed result that names which wave is too small ("the previous wave has fewer than K
 * responses") and carries no figure of either.
 */
export function compareForReport(input: WavesInput): WavesResult {
  const { instrument, previous, current, threshold, B, seed, onProgress } = input;
  const pSmall = previous.length < threshold,
    cSmall = current.length < threshold;
  if (pSmall || cSmall) {
    const which = pSmall && cSmall ? 'both waves have' : pSmall ? 'the previous wave has' : 'the current wave has';
    return { suppressed: true, n_below: threshold, reason: `${which} fewer than ${threshold} responses` };
  }
  return { suppressed: false, ...compareWaves(previous, current, { instrument, B, seed, onProgress }) };
}

const f2 = (x: number | null) => (x === null || Number.isNaN(x) ? '–' : x.toFixed(2));
const signed = (x: number | null, fmt: (v: number) => string) =>
  x === null || Number.isNaN(x) ? '–' : `${x > 0 ? '+' : x < 0 ? '−' : '±'}${fmt(Math.abs(x))}`;
const points = (x: number) => (x * 100).toFixed(1);

/** "lower" / "higher" when the interval excludes 0, else "". */
function flag(c: WaveChange): string {
  if (!c.ci) return '';
  return c.ci[1] < 0 ? 'lower' : c.ci[0] > 0 ? 'higher' : '';
}

/** The "Change since the previous wave" section (leading blank line included). */
export function wavesText(w: WavesResult): string {
  const title = '\nChange since the previous wave';
  if (w.suppressed) return `${title}\nnot shown: ${w.reason}, to protect anonymity.\n`;
  const b = w.bootstrap;
  const ciHead = b ? [`${Math.round(b.level * 100)}% CI`, 'CI excludes 0'] : [];
  const out = [
    `${title} (n = ${w.n.a} → ${w.n.b}${b ? `; intervals from ${b.B} bootstrap resamples of each wave` : '; no intervals (--bootstrap 0)'})\n`,
  ];
  out.push(
    table(
      ['scale', 'before', 'after', 'change', ...ciHead],
      w.scales.map((s) => [
        s.title,
        f2(s.a),
        f2(s.b),
        signed(s.change, (v) => v.toFixed(2)),
        ...(b
          ? [s.ci ? `${signed(s.ci[0], (v) => v.toFixed(2))} to ${signed(s.ci[1], (v) => v.toFixed(2))}` : '–', flag(s)]
          : []),
      ]),
    ),
  );
  const o = w.org_share;
  if (!o) {
    out.push(
      'Organizational share of explained variance: not available (the model could not be fitted in a wave, or the instrument has no organizational/individual split).\n',
    );
  } else {
    const ci = o.ci
      ? `, ${Math.round(b!.level * 100)}% CI ${signed(o.ci[0], points)} to ${signed(o.ci[1], points)} points`
      : '';
    const f = flag(o);
    out.push(
      `Organizational share of explained variance: ${points(o.a)}% → ${points(o.b)}%, change ${signed(o.change, points)} points${ci}${f ? ` (${f}: the interval excludes 0)` : ''}.\n`,
    );
    if (b && b.failed > 0)
      out.push(`  (${b.failed} of ${b.B} resamples could not fit a wave's model and were left out of this interval)\n`);
  }
  return out.join('');
}
