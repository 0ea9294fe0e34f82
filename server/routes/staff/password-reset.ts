/**
 * Password reset by email: asking for a link (the same answer whether or not the address has an
 * account, and rate-limited per IP address and per address), and choosing a new password with it.
 * The token travels in the query string, which logs never record.
 */
import { Router } from 'express';
import { z } from 'zod';
import { createResetRequestLimiters } from '../../auth/sign-in-limit.js';
import { FieldError } from '../../errors.js';
import { RESET_MINUTES, type PasswordResetService } from '../../services/password-resets.js';
import type { RateLimitCounters } from '../../services/rate-limits.js';
import { MAX_EMAIL_LENGTH, MIN_PASSWORD_LENGTH } from '../../services/users.js';
import { formValues, parseForm } from './forms.js';

const requestSchema = z.object({
  email: z
    .string('Enter your email address.')
    .trim()
    .min(1, 'Enter your email address.')
    .max(MAX_EMAIL_LENGTH, `Use at most ${MAX_EMAIL_LENGTH} characters.`),
});

const resetSchema = z
  .object({
    t: z.string().min(1).max(200),
    password: z
      .string()
      .min(MIN_PASSWORD_LENGTH, `Use at least ${MIN_PASSWORD_LENGTH} characters.`)
      .max(200, 'Use at most 200 characters.'),
    confirm: z.string(),
  })
  .refine((f) => f.password === f.confirm, { path: ['confirm'], message: 'The two passwords differ.' });

const tokenOf = (value: unknown) => (typeof value === 'string' && value.length <= 200 ? value : '');

export function createPasswordResetRouter({
  passwordResets,
  rateLimits,
}: {
  passwordResets: PasswordResetService;
  rateLimits: RateLimitCounters;
}): Router {
  const router = Router();
  const requestPage = { title: 'Reset your password', errors: {}, values: {}, sent: false, minutes: RESET_MINUTES };
  const expired = { title: 'Reset your password', usable: false, token: '', errors: {} };

  router.get('/password-reset', (_req, res) => {
    res.render('staff/password-reset-request', requestPage);
  });

  router.post('/password-reset', ...createResetRequestLimiters(rateLimits), async (req, res) => {
    const form = parseForm(requestSchema, req.body);
    if (!form.ok)
      return res
        .status(400)
        .render('staff/password-reset-request', { ...requestPage, values: formValues(req.body), errors: form.errors });
    await passwordResets.request(form.data.email);
    // The same page whether or not the address has an account.
    res.render('staff/password-reset-request', { ...requestPage, sent: true });
  });

  router.get('/password-reset/new', async (req, res) => {
    const token = tokenOf(req.query.t);
    const usable = token !== '' && (await passwordResets.usable(token));
    res.status(usable ? 200 : 410).render('staff/password-reset', { ...expired, usable, token });
  });

  router.post('/password-reset/new', async (req, res) => {
    const token = tokenOf((req.body as Record<string, unknown> | undefined)?.t);
    const form = parseForm(resetSchema, req.body);
    if (!form.ok)
      return res.status(400).render('staff/password-reset', { ...expired, usable: true, token, errors: form.errors });
    try {
      if (!(await passwordResets.reset(form.data.t, form.data.password)))
        return res.status(410).render('staff/password-reset', expired);
    } catch (err) {
      if (!(err instanceof FieldError)) throw err;
      return res
        .status(400)
        .render('staff/password-reset', { ...expired, usable: true, token, errors: { [err.field]: err.message } });
    }
    res.redirect(303, '/signin?reset=1');
  });

  return router;
}
