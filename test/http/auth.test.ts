import request from 'supertest';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createApp } from '../../server/app.js';
import { SIGN_IN_ATTEMPTS } from '../../server/auth/sign-in-limit.js';
import { loadConfig } from '../../server/config.js';
import { createServices } from '../../server/services/index.js';
import { rowCount, testDatabases } from '../helpers/db.js';
import { createStaffTestApp, csrfFrom, PASSWORD, signIn, type StaffTestApp } from './staff-app.js';

/** A stored session: text on SQLite, already parsed JSON on PostgreSQL (json column). */
function storedSession(row: { sess: unknown }): { userId?: number } {
  return (typeof row.sess === 'string' ? JSON.parse(row.sess) : row.sess) as { userId?: number };
}

describe.each(testDatabases())('staff authentication on $name', ({ create }) => {
  let t: StaffTestApp;
  beforeEach(async () => {
    t = await createStaffTestApp(undefined, create);
  });
  afterEach(async () => {
    await t.destroy();
  });

  describe('/setup (first admin)', () => {
    it('creates the first admin, signs them in, and disappears afterwards (404)', async () => {
      const agent = request.agent(t.app);
      await agent.get('/').expect(303).expect('location', '/setup');
      const form = await agent.get('/setup').expect(200);
      expect(form.text).toContain('Create the first admin');

      await agent
        .post('/setup')
        .type('form')
        .send({ _csrf: csrfFrom(form.text), email: 'Admin@Example.com', password: PASSWORD, confirm: PASSWORD })
        .expect(303)
        .expect('location', '/orgs');
      const orgs = await agent.get('/orgs').expect(200);
      expect(orgs.text).toContain('New organization');
      expect(await t.db('users').select('email', 'role')).toEqual([{ email: 'admin@example.com', role: 'admin' }]);

      await agent.get('/setup').expect(404);
      await agent
        .post('/setup')
        .type('form')
        .send({ _csrf: csrfFrom(orgs.text), email: 'second@example.com', password: PASSWORD, confirm: PASSWORD })
        .expect(404);
      expect(await rowCount(t.db('users'))).toBe(1);
    });

    it('re-renders with 400, the email kept and an error beside the field when the passwords differ', async () => {
      const agent = request.agent(t.app);
      const form = await agent.get('/setup').expect(200);
      const res = await agent
        .post('/setup')
        .type('form')
        .send({ _csrf: csrfFrom(form.text), email: 'admin@example.com', password: PASSWORD, confirm: 'something else' })
        .expect(400);
      expect(res.text).toContain('value="admin@example.com"');
      expect(res.text).toMatch(/id="f-confirm-error"[^>]*>.*The two passwords differ/s);
      expect(res.text).toContain('aria-invalid="true"');
      expect(await rowCount(t.db('users'))).toBe(0);
    });

    it('is a 404 as soon as any user exists', async () => {
      await t.createUser('analyst@example.com', 'admin');
      await request(t.app).get('/setup').expect(404);
    });
  });

  describe('sign-in', () => {
    beforeEach(async () => {
      await t.createUser('admin@example.com', 'admin');
    });

    it('signs in with the right password, sets an httpOnly SameSite=Lax session cookie stored in the database, and follows next', async () => {
      const agent = request.agent(t.app);
      const form = await agent.get('/signin?next=%2Forgs%3Fx%3D1').expect(200);
      const res = await agent
        .post('/signin')
        .type('form')
        .send({ _csrf: csrfFrom(form.text), email: 'ADMIN@example.com ', password: PASSWORD, next: '/orgs?x=1' })
        .expect(303);
      expect(res.headers.location).toBe('/orgs?x=1');
      const cookie = String(res.headers['set-cookie']);
      expect(cookie).toMatch(/^readiness\.sid=/);
      expect(cookie).toMatch(/HttpOnly/i);
      expect(cookie).toMatch(/SameSite=Lax/i);
      expect(cookie).not.toMatch(/;\s*Secure/i);
      const sessions = await t.db('sessions').select('sess');
      expect(sessions.some((s: { sess: unknown }) => storedSession(s).userId === 1)).toBe(true);
      await agent.get('/orgs').expect(200);
    });

    it('answers 401 with one generic message for a wrong password and for an unknown email, keeping the email', async () => {
      for (const email of ['admin@example.com', 'nobody@example.com']) {
        const agent = request.agent(t.app);
        const form = await agent.get('/signin').expect(200);
        const res = await agent
          .post('/signin')
          .type('form')
          .send({ _csrf: csrfFrom(form.text), email, password: 'wrong password' })
          .expect(401);
        expect(res.text).toContain('Email or password is incorrect');
        expect(res.text).toContain(`value="${email}"`);
        expect(res.text).not.toContain('wrong password');
        await agent.get('/orgs').expect(303);
      }
    });

    it(`answers 429 after ${SIGN_IN_ATTEMPTS} failed attempts for one email from one address, while another email still gets through`, async () => {
      const agent = request.agent(t.app);
      const csrf = csrfFrom((await agent.get('/signin').expect(200)).text);
      for (let i = 0; i < SIGN_IN_ATTEMPTS; i++) {
        await agent
          .post('/signin')
          .type('form')
          .send({ _csrf: csrf, email: 'admin@example.com', password: `guess ${i}` })
          .expect(401);
      }
      const blocked = await agent
        .post('/signin')
        .type('form')
        .send({ _csrf: csrf, email: 'admin@example.com', password: PASSWORD })
        .expect(429);
      expect(blocked.text).toContain('Too many attempts');
      await agent
        .post('/signin')
        .type('form')
        .send({ _csrf: csrf, email: 'other@example.com', password: 'x' })
        .expect(401);
    });

    it('redirects a visitor without a session to /signin with the page as next, and ignores a next that leaves the site', async () => {
      await request(t.app).get('/orgs/acme').expect(303).expect('location', '/signin?next=%2Forgs%2Facme');
      const agent = request.agent(t.app);
      const form = await agent.get('/signin?next=//evil.example/steal').expect(200);
      expect(form.text).not.toContain('evil.example');
      const res = await agent
        .post('/signin')
        .type('form')
        .send({
          _csrf: csrfFrom(form.text),
          email: 'admin@example.com',
          password: PASSWORD,
          next: '//evil.example/steal',
        })
        .expect(303);
      expect(res.headers.location).toBe('/orgs');
    });

    it('signs out: the session row is deleted and the staff pages ask to sign in again', async () => {
      const { agent, csrf } = await signIn(t.app, 'admin@example.com');
      await agent.post('/signout').type('form').send({ _csrf: csrf }).expect(303).expect('location', '/signin');
      await agent.get('/orgs').expect(303);
      const sessions = await t.db('sessions').select('sess');
      expect(sessions.some((s: { sess: unknown }) => storedSession(s).userId !== undefined)).toBe(false);
    });
  });

  describe('CSRF', () => {
    it('rejects a POST without a token, or with a wrong one, with a 403 page and changes nothing', async () => {
      await t.createUser('admin@example.com', 'admin');
      await request(t.app)
        .post('/signin')
        .type('form')
        .send({ email: 'admin@example.com', password: PASSWORD })
        .expect(403);

      const { agent, csrf } = await signIn(t.app, 'admin@example.com');
      const noToken = await agent.post('/orgs').type('form').send({ name: 'Acme' }).expect(403);
      expect(noToken.text).toContain('nothing was changed');
      await agent
        .post('/orgs')
        .type('form')
        .send({ _csrf: csrf.slice(0, -2) + 'zz', name: 'Acme' })
        .expect(403);
      await agent.post('/signout').type('form').send({ _csrf: 'wrong' }).expect(403);
      expect(await rowCount(t.db('organizations'))).toBe(0);
      await agent.get('/orgs').expect(200);
    });

    it('rejects a sign-in posted with a token from another browser: the token must match this browser’s cookie', async () => {
      await t.createUser('admin@example.com', 'admin');
      const other = request.agent(t.app);
      const otherForm = await other.get('/signin').expect(200);
      expect(String(otherForm.headers['set-cookie'])).toMatch(/^readiness\.csrf=.*HttpOnly.*SameSite=Strict/i);
      const victim = request.agent(t.app);
      await victim.get('/signin').expect(200);
      await victim
        .post('/signin')
        .type('form')
        .send({ _csrf: csrfFrom(otherForm.text), email: 'admin@example.com', password: PASSWORD })
        .expect(403);
      expect(await rowCount(t.db('sessions'))).toBe(0);
    });

    it('rejects a token from another session', async () => {
      await t.createUser('a@example.com', 'admin');
      await t.createUser('b@example.com', 'admin');
      const a = await signIn(t.app, 'a@example.com');
      const b = await signIn(t.app, 'b@example.com');
      await a.agent.post('/orgs').type('form').send({ _csrf: b.csrf, name: 'Acme' }).expect(403);
      expect(await rowCount(t.db('organizations'))).toBe(0);
    });
  });

  describe('password change', () => {
    it('requires the current password, then only the new one signs in, and other sessions of the user end', async () => {
      await t.createUser('admin@example.com', 'admin');
      await t.createUser('other@example.com', 'admin');
      const elsewhere = await signIn(t.app, 'admin@example.com');
      const otherUser = await signIn(t.app, 'other@example.com');
      const { agent, csrf } = await signIn(t.app, 'admin@example.com');
      const wrong = await agent
        .post('/account/password')
        .type('form')
        .send({ _csrf: csrf, current: 'not it', next: 'a new long password', confirm: 'a new long password' })
        .expect(401);
      expect(wrong.text).toContain('The current password is incorrect');
      await agent
        .post('/account/password')
        .type('form')
        .send({ _csrf: csrf, current: PASSWORD, next: 'short', confirm: 'short' })
        .expect(400);
      const ok = await agent
        .post('/account/password')
        .type('form')
        .send({ _csrf: csrf, current: PASSWORD, next: 'a new long password', confirm: 'a new long password' })
        .expect(200);
      expect(ok.text).toContain('Your password has been changed');
      await agent.get('/orgs').expect(200);
      await elsewhere.agent.get('/orgs').expect(303);
      await otherUser.agent.get('/orgs').expect(200);

      const fresh = request.agent(t.app);
      const form = await fresh.get('/signin').expect(200);
      await fresh
        .post('/signin')
        .type('form')
        .send({ _csrf: csrfFrom(form.text), email: 'admin@example.com', password: PASSWORD })
        .expect(401);
      await fresh
        .post('/signin')
        .type('form')
        .send({ _csrf: csrfFrom(form.text), email: 'admin@example.com', password: 'a new long password' })
        .expect(303);
    });
  });

  describe('security headers', () => {
    it('sends a Content-Security-Policy without inline script on staff and respondent pages', async () => {
      for (const path of ['/signin', '/setup', '/s/unknown']) {
        const res = await request(t.app).get(path);
        const csp = String(res.headers['content-security-policy']);
        expect(csp, path).toContain("script-src 'self'");
        expect(csp, path).toContain("style-src 'self'");
        expect(csp, path).toContain("img-src 'self' data:");
        expect(csp, path).not.toContain('unsafe-inline');
        expect(res.headers['x-content-type-options'], path).toBe('nosniff');
      }
    });

    it('marks the session cookie Secure when BASE_URL is https (behind a TLS proxy)', async () => {
      const config = loadConfig({
        SESSION_SECRET: 'test-secret-test-secret-test-secret',
        BASE_URL: 'https://readiness.example',
      });
      const app = createApp({ services: createServices({ db: t.db, config }), config });
      const res = await request(app).get('/setup').set('X-Forwarded-Proto', 'https').expect(200);
      expect(String(res.headers['set-cookie'])).toMatch(/;\s*Secure/i);
      expect(res.headers['strict-transport-security']).toBeDefined();
    });
  });
});
