/**
 * Staff authentication pages: one-time /setup (first admin), sign-in, sign-out and password change.
 */
import { Router, type Request } from 'express';
import { z } from 'zod';
import { currentUser, requireUser, safeNext } from '../../auth/require-user.js';
import { SESSION_COOKIE } from '../../auth/session.js';
import { createAttemptLimiter, createSignInLimiters } from '../../auth/sign-in-limit.js';
import { FieldError, NotFoundError } from '../../errors.js';
import type { RateLimitCounters } from '../../services/rate-limits.js';
import { MAX_EMAIL_LENGTH, MIN_PASSWORD_LENGTH, type UserService } from '../../services/users.js';
import { emailField, formValues, parseForm } from './forms.js';

const newPasswordField = z
  .string()
  .min(MIN_PASSWORD_LENGTH, `Use at least ${MIN_PASSWORD_LENGTH} characters.`)
  .max(200, 'Use at most 200 characters.');

const setupSchema = z
  .object({ email: emailField, password: newPasswordField, confirm: z.string() })
  .refine((f) => f.password === f.confirm, { path: ['confirm'], message: 'The two passwords differ.' });

const signInSchema = z.object({
  email: z
    .string()
    .trim()
    .min(1, 'Enter your email address.')
    .max(MAX_EMAIL_LENGTH, `Use at most ${MAX_EMAIL_LENGTH} characters.`),
  password: z.string().min(1, 'Enter your password.').max(200),
  next: z.string().optional(),
});

const passwordSchema = z
  .object({ current: z.string().min(1, 'Enter your current password.'), next: newPasswordField, confirm: z.string() })
  .refine((f) => f.next === f.confirm, { path: ['confirm'], message: 'The two passwords differ.' });

/** Replaces the session (new id, against session fixation) and signs the user in. */
function signIn(req: Request, userId: number): Promise<void> {
  return new Promise((resolve, reject) => {
    req.session.regenerate((err) => {
      if (err) return reject(err);
      req.session.userId = userId;
      req.session.save((saveErr) => (saveErr ? reject(saveErr) : resolve()));
    });
  });
}

export function createAuthRouter({ users, rateLimits }: { users: UserService; rateLimits: RateLimitCounters }): Router {
  const router = Router();
  const signInLimiters = createSignInLimiters(rateLimits);
  const passwordLimiter = createAttemptLimiter((req) => `user:${req.session.userId ?? ''}`, undefined, {
    shared: { counters: rateLimits, scope: 'password' },
  });

  async function requireNoUser(): Promise<void> {
    if ((await users.count()) > 0) throw new NotFoundError('There is no page at this address.');
  }

  router.get('/setup', async (_req, res) => {
    await requireNoUser();
    res.render('staff/setup', { title: 'Create the first admin', values: {}, errors: {} });
  });

  router.post('/setup', async (req, res) => {
    await requireNoUser();
    const form = parseForm(setupSchema, req.body);
    const values = formValues(req.body, ['password', 'confirm']);
    if (!form.ok)
      return res.status(400).render('staff/setup', { title: 'Create the first admin', values, errors: form.errors });
    const admin = await users.createFirstAdmin(form.data.email, form.data.password);
    if (!admin) throw new NotFoundError('There is no page at this address.');
    await signIn(req, admin.id);
    res.redirect(303, '/orgs');
  });

  router.get('/signin', async (req, res) => {
    if (res.locals.user) return res.redirect(303, safeNext(req.query.next));
    if ((await users.count()) === 0) return res.redirect(303, '/setup');
    res.render('staff/signin', {
      title: 'Sign in',
      values: { next: safeNext(req.query.next) },
      errors: {},
      passwordReset: req.query.reset === '1',
    });
  });

  router.post('/signin', ...signInLimiters, async (req, res) => {
    const form = parseForm(signInSchema, req.body);
    const values = {
      ...formValues(req.body, ['password']),
      next: safeNext((req.body as { next?: unknown } | undefined)?.next),
    };
    if (!form.ok) return res.status(400).render('staff/signin', { title: 'Sign in', values, errors: form.errors });
    let user;
    try {
      user = await users.verifyCredentials(form.data.email, form.data.password);
    } catch (err) {
      // A deactivated account, said only to someone who gave its password.
      if (!(err instanceof FieldError)) throw err;
      return res.status(403).render('staff/signin', { title: 'Sign in', values, errors: { form: err.message } });
    }
    if (!user) {
      // One message for unknown email and wrong password alike: no account enumeration.
      return res
        .status(401)
        .render('staff/signin', { title: 'Sign in', values, errors: { form: 'Email or password is incorrect.' } });
    }
    await signIn(req, user.id);
    res.redirect(303, values.next);
  });

  router.post('/signout', (req, res, next) => {
    req.session.destroy((err) => {
      if (err) return next(err);
      res.clearCookie(SESSION_COOKIE, { path: '/' });
      res.redirect(303, '/signin');
    });
  });

  router.get('/account/password', requireUser, (_req, res) => {
    res.render('staff/password', { title: 'Change your password', errors: {}, done: false });
  });

  router.post('/account/password', requireUser, passwordLimiter, async (req, res) => {
    const form = parseForm(passwordSchema, req.body);
    if (!form.ok)
      return res
        .status(400)
        .render('staff/password', { title: 'Change your password', errors: form.errors, done: false });
    try {
      await users.changePassword(currentUser(res).id, form.data.current, form.data.next);
    } catch (err) {
      if (!(err instanceof FieldError)) throw err;
      const status = err.field === 'current' ? 401 : 400;
      return res
        .status(status)
        .render('staff/password', { title: 'Change your password', errors: { [err.field]: err.message }, done: false });
    }
    // Anyone signed in elsewhere with the old password is signed out.
    await users.signOutOtherSessions(currentUser(res).id, req.sessionID);
    res.render('staff/password', { title: 'Change your password', errors: {}, done: true });
  });

  return router;
}
