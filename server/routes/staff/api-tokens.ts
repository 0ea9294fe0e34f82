/**
 * The signed-in user's API tokens (/account/tokens): the list (name, prefix, created, expires, last
 * used, status), a form that creates one and shows it once on the answer to that POST (never
 * redirected, never stored in clear: staff pages are `no-store`), and a revoke button per token.
 */
import { Router, type Response } from 'express';
import { z } from 'zod';
import { currentUser, requireUser } from '../../auth/require-user.js';
import { FieldError, NotFoundError } from '../../errors.js';
import {
  DEFAULT_TOKEN_DAYS,
  MAX_TOKEN_DAYS,
  MAX_TOKEN_NAME,
  type ApiToken,
  type ApiTokenService,
} from '../../services/api-tokens.js';
import { idParam } from '../ids.js';
import { formValues, parseForm, type FieldErrors } from './forms.js';

const tokenSchema = z.object({
  name: z.string().trim().min(1, 'Name the token after where it is used.').max(MAX_TOKEN_NAME),
  expiresInDays: z.coerce
    .number('Enter a whole number of days.')
    .int('Enter a whole number of days.')
    .min(1, 'Enter at least 1 day.')
    .max(MAX_TOKEN_DAYS, `At most ${MAX_TOKEN_DAYS} days.`),
});

/** What a token's row says about its state. */
export function tokenStatus(token: ApiToken, now: Date): 'active' | 'expired' | 'revoked' {
  if (token.revokedAt) return 'revoked';
  return token.expiresAt <= now ? 'expired' : 'active';
}

export function createApiTokenRouter({ apiTokens, clock }: { apiTokens: ApiTokenService; clock: () => Date }): Router {
  const router = Router();

  async function render(
    res: Response,
    status = 200,
    extra: {
      created?: { secret: string; token: ApiToken };
      values?: Record<string, string>;
      errors?: FieldErrors;
    } = {},
  ) {
    const now = clock();
    const tokens = (await apiTokens.list(currentUser(res))).map((t) => ({ ...t, status: tokenStatus(t, now) }));
    res.status(status).render('staff/api-tokens', {
      title: 'API tokens',
      tokens,
      created: extra.created ?? null,
      values: extra.values ?? { expiresInDays: String(DEFAULT_TOKEN_DAYS) },
      errors: extra.errors ?? {},
      maxDays: MAX_TOKEN_DAYS,
    });
  }

  router.get('/account/tokens', requireUser, (_req, res) => render(res));

  router.post('/account/tokens', requireUser, async (req, res) => {
    const form = parseForm(tokenSchema, req.body);
    const values = formValues(req.body);
    if (!form.ok) return render(res, 400, { values, errors: form.errors });
    try {
      const created = await apiTokens.create(currentUser(res), form.data);
      await render(res, 201, { created });
    } catch (err) {
      if (!(err instanceof FieldError)) throw err;
      await render(res, 400, { values, errors: { [err.field]: err.message } });
    }
  });

  router.post('/account/tokens/:id/revoke', requireUser, async (req, res) => {
    if (!(await apiTokens.revoke(currentUser(res), idParam(req.params.id))))
      throw new NotFoundError('There is no active token of yours at this address.');
    res.redirect(303, '/account/tokens');
  });

  return router;
}
