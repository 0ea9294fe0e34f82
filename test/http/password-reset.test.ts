import request from 'supertest';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { RESET_REQUESTS } from '../../server/auth/sign-in-limit.js';
import { rowCount } from '../helpers/db.js';
import { createStaffTestApp, csrfFrom, PASSWORD, signIn, type StaffTestApp } from './staff-app.js';

describe('password reset pages', () => {
  let t: StaffTestApp;
  beforeEach(async () => {
    t = await createStaffTestApp(() => new Date('2026-12-01T10:00:00Z'));
    await t.createUser('ana@example.com', 'admin');
  });
  afterEach(async () => {
    await t.destroy();
  });

  async function ask(agent: ReturnType<typeof request.agent>, email: string) {
    const form = await agent.get('/password-reset').expect(200);
    return agent
      .post('/password-reset')
      .type('form')
      .send({ _csrf: csrfFrom(form.text), email });
  }

  it('answers the same for a known and an unknown address, and mails a link only to the account', async () => {
    const agent = request.agent(t.app);
    const signin = await agent.get('/signin').expect(200);
    expect(signin.text).toContain('href="/password-reset"');
    const known = await ask(agent, 'ana@example.com');
    const unknown = await ask(agent, 'nobody@example.com');
    expect(known.status).toBe(200);
    expect(unknown.status).toBe(200);
    const sentence = (html: string) => /data-testid="reset-sent">([^<]*)</.exec(html)![1];
    expect(sentence(known.text)).toBe(sentence(unknown.text));
    expect(await t.db('outbox').pluck('recipient')).toEqual(['ana@example.com']);
  });

  it('sets a new password with the link once; the link then says it has expired', async () => {
    const agent = request.agent(t.app);
    await ask(agent, 'ana@example.com').then((r) => expect(r.status).toBe(200));
    const text = (await t.db('outbox').first('text_body')).text_body as string;
    const link = /http:\/\/readiness\.test(\/password-reset\/new\?t=[A-Za-z0-9_-]+)/.exec(text)![1];

    const form = await agent.get(link).expect(200);
    const token = new URL(link, 'http://x').searchParams.get('t')!;
    const short = await agent
      .post('/password-reset/new')
      .type('form')
      .send({ _csrf: csrfFrom(form.text), t: token, password: 'short', confirm: 'short' })
      .expect(400);
    expect(short.text).toContain('Use at least 8 characters.');
    const done = await agent
      .post('/password-reset/new')
      .type('form')
      .send({ _csrf: csrfFrom(form.text), t: token, password: 'a brand new one', confirm: 'a brand new one' })
      .expect(303);
    expect(done.headers.location).toBe('/signin?reset=1');
    expect((await agent.get('/signin?reset=1').expect(200)).text).toContain('Your password has been changed');
    await signIn(t.app, 'ana@example.com', 'a brand new one');
    await expect(signIn(t.app, 'ana@example.com', PASSWORD)).rejects.toThrow();

    expect((await agent.get(link).expect(410)).text).toContain('data-testid="reset-expired"');
    expect((await agent.get('/password-reset/new?t=made-up').expect(410)).text).toContain(
      'expired or has already been used',
    );
  });

  it(`limits requests to ${RESET_REQUESTS} per address and IP address in 15 minutes, then answers 429`, async () => {
    const agent = request.agent(t.app);
    for (let i = 0; i < RESET_REQUESTS; i++) expect((await ask(agent, 'ana@example.com')).status).toBe(200);
    expect((await ask(agent, 'ana@example.com')).status).toBe(429);
    expect(await rowCount(t.db('outbox'))).toBe(3);
  });
});
