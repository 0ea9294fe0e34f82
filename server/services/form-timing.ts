/**
 * The signed load time the respondent form carries (hidden field `started`), from which the time taken
 * to answer is measured for the 'fast' quality flag (analysis/scales/quality-flags.ts). The value is
 * "<milliseconds since the epoch>.<HMAC-SHA256 of the survey code and that time>", keyed by a server
 * secret, so it can be neither edited nor moved to another survey. A missing, malformed or wrongly signed
 * value, or one from the future, measures nothing: the response then gets no timing verdict. So does a
 * form loaded before the secret changed (SESSION_SECRET unset: a restart). The time itself is never stored.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { Clock } from '../clock.js';

export function createFormTiming({ secret, clock }: { secret: string; clock: Clock }) {
  // A key of its own, so a form stamp can never be a valid signature of anything else keyed by the secret.
  const key = createHmac('sha256', secret).update('readiness form load time').digest();
  const sign = (code: string, ms: string) => createHmac('sha256', key).update(`${code}\n${ms}`).digest('base64url');

  /** A fresh stamp for a form of survey `code` loaded now. */
  function stamp(code: string): string {
    const ms = String(clock().getTime());
    return `${ms}.${sign(code, ms)}`;
  }

  /** Milliseconds since the form was loaded, or null when `value` is not a valid stamp for this survey. */
  function elapsedMs(code: string, value: unknown): number | null {
    if (typeof value !== 'string') return null;
    const match = /^(\d{1,15})\.([A-Za-z0-9_-]{43})$/.exec(value);
    if (!match) return null;
    const expected = Buffer.from(sign(code, match[1]));
    const given = Buffer.from(match[2]);
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
    const elapsed = clock().getTime() - Number(match[1]);
    return elapsed >= 0 ? elapsed : null;
  }

  /** The posted stamp when valid (a form shown again with errors keeps its first load time), else a fresh one. */
  function keepOrStamp(code: string, value: unknown): string {
    return elapsedMs(code, value) !== null ? (value as string) : stamp(code);
  }

  return { stamp, elapsedMs, keepOrStamp };
}

export type FormTiming = ReturnType<typeof createFormTiming>;
