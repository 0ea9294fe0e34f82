/**
 * The figures a client is placed on in the benchmark pool, read from one full Report: every scale's
 * mean, the organizational and individual shares of the explained variance, and the misaligned and
 * high-performer segment shares, each with the client's 95% interval where one can be formed. Only
 * figures the Report shows are returned (a suppressed segment, a missing split: absent).
 */
import type { FullReport, Interval } from '../report/report.js';
import { meanInterval, proportionInterval } from './figure-intervals.js';

export type PositionKind = 'mean' | 'share';

export interface ClientFigure {
  /** Stable key: "scale:ID:mean", "org_share", "ind_share", "misaligned", "high_performer". */
  readonly key: string;
  readonly label: string;
  readonly kind: PositionKind;
  readonly value: number;
  /** The client's 95% interval (see `method`), null when it cannot be formed. */
  readonly interval: Interval | null;
  readonly method: 'normal' | 'bootstrap' | 'wilson' | null;
}

/** The client figures of `report`, in a fixed order (split, segments, then the scales as the instrument lists them). */
export function positionFigures(report: FullReport): ClientFigure[] {
  const out: ClientFigure[] = [];
  const d = report.decomposition;
  for (const [group, key, label] of [
    ['organizational', 'org_share', 'Organizational share of explained variance'],
    ['individual', 'ind_share', 'Individual share of explained variance'],
  ] as const) {
    const g = d?.groups.find((x) => x.group === group);
    if (g)
      out.push({
        key,
        label,
        kind: 'share',
        value: g.share,
        interval: g.share_ci,
        method: g.share_ci ? 'bootstrap' : null,
      });
  }
  for (const [key, label] of [
    ['misaligned', 'Misaligned respondents'],
    ['high_performer', 'High performers'],
  ] as const) {
    const c = report.segments.overall[key];
    if (c.suppressed || c.n === 0) continue;
    out.push({
      key,
      label,
      kind: 'share',
      value: c.value,
      interval: proportionInterval(c.value, c.n),
      method: 'wilson',
    });
  }
  for (const s of report.scales) {
    if (s.n === 0 || !Number.isFinite(s.mean)) continue;
    const interval = s.n >= 2 && Number.isFinite(s.sd) ? meanInterval(s.mean, s.sd, s.n) : null;
    out.push({
      key: `scale:${s.id}:mean`,
      label: `${s.title}: mean`,
      kind: 'mean',
      value: s.mean,
      interval,
      method: interval ? 'normal' : null,
    });
  }
  return out;
}

/** The shown values of `report`'s figures by key, as one pool member contributes them. */
export function poolValues(report: FullReport): Record<string, number> {
  return Object.fromEntries(positionFigures(report).map((f) => [f.key, f.value]));
}
