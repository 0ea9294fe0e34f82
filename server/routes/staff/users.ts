/**
 * Staff accounts, for admins only (anyone else gets 404): list users, add one with a first password
 * they change after signing in, give a consultant access to another organization, and deactivate or
 * reactivate an account (services/account-status.ts), with the account events of the audit log.
 */
import { Router, type Response } from 'express';
import { z } from 'zod';
import { currentUser, requireRole } from '../../auth/require-user.js';
import { FieldError, NotFoundError } from '../../errors.js';
import type { AccountStatusService } from '../../services/account-status.js';
import type { AuditLogService } from '../../services/audit-log.js';
import type { OrganizationService } from '../../services/organizations.js';
import { MIN_PASSWORD_LENGTH, ROLES, type StaffUser, type UserService } from '../../services/users.js';
import { idField, idParam, optionalIdField } from '../ids.js';
import { emailField, formValues, parseForm, type FieldErrors } from './forms.js';

const optionalId = optionalIdField('Choose an organization.');

const newUserSchema = z
  .object({
    email: emailField,
    role: z.enum(ROLES, 'Choose a role.'),
    organizationId: optionalId,
    password: z
      .string()
      .min(MIN_PASSWORD_LENGTH, `Use at least ${MIN_PASSWORD_LENGTH} characters.`)
      .max(200, 'Use at most 200 characters.'),
  })
  .refine((f) => f.role !== 'analyst' || f.organizationId !== '', {
    path: ['organizationId'],
    message: 'An analyst belongs to one organization: choose it.',
  });

const assignSchema = z.object({ organizationId: idField('Choose an organization.') });

export function createUserAdminRouter({
  users,
  organizations,
  accounts,
  audit,
}: {
  users: UserService;
  organizations: OrganizationService;
  accounts: AccountStatusService;
  audit: AuditLogService;
}): Router {
  const router = Router();
  router.use('/users', requireRole('admin'));

  async function render(
    res: Response,
    status = 200,
    form: { values: Record<string, string>; errors: FieldErrors } = { values: { role: 'analyst' }, errors: {} },
  ) {
    const orgs = await organizations.listVisible(res.locals.user as StaffUser);
    const orgName = new Map(orgs.map((o) => [o.id, o.name]));
    const list = (await users.listWithOrganizations()).map((u) => ({
      ...u,
      organizationNames: u.organizationIds.map((id) => orgName.get(id) ?? `#${id}`),
    }));
    res.status(status).render('staff/users', {
      title: 'Staff accounts',
      users: list,
      organizations: orgs,
      form,
      roles: ROLES,
      me: currentUser(res).id,
      events: await audit.list(null),
    });
  }

  router.get('/users', async (_req, res) => {
    await render(res);
  });

  router.post('/users', async (req, res) => {
    const values = formValues(req.body, ['password']);
    const form = parseForm(newUserSchema, req.body);
    if (!form.ok) return render(res, 400, { values, errors: form.errors });
    const organizationId = form.data.organizationId === '' ? null : form.data.organizationId;
    // Only an organization the admin can see (a missing id would otherwise reach the foreign key).
    if (
      organizationId !== null &&
      !(await organizations.listVisible(res.locals.user as StaffUser)).some((o) => o.id === organizationId)
    ) {
      return render(res, 400, { values, errors: { organizationId: 'Choose an organization.' } });
    }
    try {
      const user = await users.create({
        email: form.data.email,
        password: form.data.password,
        role: form.data.role,
        organizationId,
      });
      if (user.role === 'consultant' && organizationId !== null)
        await users.assignOrganization(user.id, organizationId);
    } catch (err) {
      if (!(err instanceof FieldError)) throw err;
      return render(res, 400, { values, errors: { [err.field]: err.message } });
    }
    res.redirect(303, '/users');
  });

  router.post('/users/:id/organizations', async (req, res) => {
    const user = await users.findById(idParam(req.params.id));
    if (!user || user.role !== 'consultant') throw new NotFoundError('There is no page at this address.');
    const form = parseForm(assignSchema, req.body);
    const exists =
      form.ok &&
      (await organizations.listVisible(res.locals.user as StaffUser)).some((o) => o.id === form.data.organizationId);
    if (!form.ok || !exists)
      return render(res, 400, {
        values: { role: 'analyst' },
        errors: { [`assign-${user.id}`]: 'Choose an organization.' },
      });
    await users.assignOrganization(user.id, form.data.organizationId);
    res.redirect(303, '/users');
  });

  /** Deactivating signs the account out everywhere at once; reactivating lets it sign in with its old password. */
  for (const action of ['deactivate', 'reactivate'] as const) {
    router.post(`/users/:id/${action}`, async (req, res) => {
      if (!(await accounts[action](currentUser(res), idParam(req.params.id))))
        throw new NotFoundError('There is no page at this address.');
      res.redirect(303, '/users');
    });
  }

  return router;
}
