import express from 'express';
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { createAttemptLimiter } from '../../server/auth/sign-in-limit.js';
import { viewsDir } from '../../server/paths.js';

/** A bare app whose "sign-in" always fails (401) unless the password is "right", behind the limiter. */
function appWith(limiter: express.RequestHandler) {
  const app = express();
  app.set('views', viewsDir);
  app.set('view engine', 'ejs');
  app.post('/signin', express.urlencoded({ extended: false }), limiter, (req, res) => {
    res.sendStatus((req.body as { password?: string }).password === 'right' ? 303 : 401);
  });
  return app;
}

describe('sign-in attempt limiter', () => {
  it('keys on IP + email by default: one email is blocked after the limit, others are not, and successes do not count', async () => {
    const app = appWith(createAttemptLimiter(undefined, 3));
    for (let i = 0; i < 5; i++)
      await request(app).post('/signin').type('form').send({ email: 'a@example.com', password: 'right' }).expect(303);
    for (let i = 0; i < 3; i++)
      await request(app).post('/signin').type('form').send({ email: 'A@example.com ', password: 'x' }).expect(401);
    const blocked = await request(app)
      .post('/signin')
      .type('form')
      .send({ email: 'a@example.com', password: 'right' })
      .expect(429);
    expect(blocked.text).toContain('Too many attempts');
    expect(blocked.headers['retry-after']).toBeDefined();
    await request(app).post('/signin').type('form').send({ email: 'b@example.com', password: 'x' }).expect(401);
  });

  it('with a constant key, limits an IP address across every email (password spraying)', async () => {
    const app = appWith(createAttemptLimiter(() => '*', 3));
    for (const email of ['a@example.com', 'b@example.com', 'c@example.com'])
      await request(app).post('/signin').type('form').send({ email, password: 'x' }).expect(401);
    await request(app).post('/signin').type('form').send({ email: 'd@example.com', password: 'x' }).expect(429);
  });
});
