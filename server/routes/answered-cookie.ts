/**
 * "One response per browser" on open-link surveys: after a successful submission the browser gets a
 * cookie that says only that it has answered this survey (value "1", path /s/CODE, so no other page or
 * survey ever receives it). It identifies no one and is never stored on the server. A second submission
 * with it is refused with 409; the form says the browser has already answered. It stops an honest
 * double submission and casual ballot stuffing, not someone who clears cookies: the submission rate
 * limit (routes/submit-limit.ts) and the invitation-only mode are the stronger guards.
 */
import type { Request, Response } from 'express';
import { ConflictError } from '../errors.js';

export const ANSWERED_COOKIE = 'answered';
/** About one year: longer than any survey stays open. */
const MAX_AGE_MS = 365 * 24 * 60 * 60 * 1000;

const cookiePath = (code: string) => `/s/${encodeURIComponent(code)}`;

/** Whether the request carries this survey's answered cookie (the browser sends it only under /s/CODE). */
export function answeredHere(req: Request): boolean {
  const header = req.headers.cookie ?? '';
  return header.split(';').some((pair) => pair.trim() === `${ANSWERED_COOKIE}=1`);
}

export function markAnswered(res: Response, code: string, secure: boolean): void {
  res.cookie(ANSWERED_COOKIE, '1', {
    httpOnly: true,
    sameSite: 'lax',
    secure,
    path: cookiePath(code),
    maxAge: MAX_AGE_MS,
  });
}

export function alreadyAnsweredHere(): ConflictError {
  return new ConflictError(
    'This browser has already been used to answer this survey, and each person answers once. Nothing more was stored. If a colleague shares this computer and has not answered yet, they can answer from their own device.',
    'Already answered',
  );
}
