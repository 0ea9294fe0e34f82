/**
 * Deactivating staff accounts through the Accounts page: the account's open sessions end at once
 * (its next request goes to sign-in), it cannot sign in again (told so only after the right
 * password), an admin cannot deactivate themself, reactivating restores sign-in, and both are in the
 * account events of the audit log. Non-admins get 404.
 */
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { rowCount, testDatabases } from '../helpers/db.js';
import { csrfFrom, PASSWORD, signIn, staffAppForEachTest } from './staff-app.js';

describe.each(testDatabases())('account deactivation on $name', ({ create }) => {
  const t = staffAppForEachTest(() => new Date('2026-12-01T10:00:00Z'), create);

  async function trySignIn(email: string, password: string) {
    const agent = request.agent(t.app);
    const form = await agent.get('/signin').expect(200);
    return agent
      .post('/signin')
      .type('form')
      .send({ _csrf: csrfFrom(form.text), email, password });
  }

  it('ends every session of a deactivated account and refuses its sign-in, then lets it back in once reactivated', async () => {
    const consultant = await t.createUser('co@example.com', 'consultant');
    const first = await signIn(t.app, 'co@example.com');
    const second = await signIn(t.app, 'co@example.com');
    expect(await rowCount(t.db('sessions'))).toBe(2);
    const admin = await signIn(t.app, 'admin@example.com');

    await admin.agent.post(`/users/${consultant.id}/deactivate`).type('form').send({ _csrf: admin.csrf }).expect(303);
    // Both of the consultant's sessions are gone; the admin's stays.
    expect(await rowCount(t.db('sessions'))).toBe(1);
    for (const s of [first, second]) {
      const res = await s.agent.get('/orgs').expect(303);
      expect(res.headers.location).toMatch(/^\/signin/);
    }
    const refused = await trySignIn('co@example.com', PASSWORD);
    expect(refused.status).toBe(403);
    expect(refused.text).toContain('This account has been deactivated');
    // A wrong password learns nothing about the account.
    const wrong = await trySignIn('co@example.com', 'not the password');
    expect(wrong.status).toBe(401);
    expect(wrong.text).toContain('Email or password is incorrect');
    expect(wrong.text).not.toContain('deactivated');

    const page = await admin.agent.get('/users').expect(200);
    expect(page.text).toMatch(new RegExp(`data-testid="status-${consultant.id}">\\s*deactivated 2026-12-01`));
    await admin.agent.post(`/users/${consultant.id}/reactivate`).type('form').send({ _csrf: admin.csrf }).expect(303);
    expect((await trySignIn('co@example.com', PASSWORD)).status).toBe(303);

    const events = await admin.agent.get('/users').expect(200);
    const lines = [...events.text.matchAll(/data-testid="account-event">([\s\S]*?)<\/tr>/g)].map((m) =>
      m[1]
        .replace(/<[^>]+>/g, ' ')
        .replace(/\s+/g, ' ')
        .trim(),
    );
    expect(lines).toEqual([
      '2026-12-01 10:00 admin@example.com Reactivated the account co@example.com',
      '2026-12-01 10:00 admin@example.com Deactivated the account co@example.com and ended its 2 sessions',
    ]);
  });

  it('refuses to deactivate your own account with 409, and answers 404 to anyone but an admin', async () => {
    const me = await t.db('users').where({ email: 'admin@example.com' }).first('id');
    const admin = await signIn(t.app, 'admin@example.com');
    const res = await admin.agent
      .post(`/users/${me.id}/deactivate`)
      .type('form')
      .send({ _csrf: admin.csrf })
      .expect(409);
    expect(res.text).toContain('You cannot deactivate your own account');
    expect((await t.db('users').where({ id: me.id }).first()).deactivated_at).toBeNull();

    await t.createUser('co@example.com', 'consultant');
    const consultant = await signIn(t.app, 'co@example.com');
    await consultant.agent.post(`/users/${me.id}/deactivate`).type('form').send({ _csrf: consultant.csrf }).expect(404);
    expect((await t.db('users').where({ id: me.id }).first()).deactivated_at).toBeNull();
  });
});
