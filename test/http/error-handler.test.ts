/**
 * The error middleware on a bare Express app (server/middleware/errors.ts with request-context.ts):
 * the log line it writes for each kind of failure.
 */
import express from 'express';
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { createErrorHandler } from '../../server/middleware/errors.js';
import { requestContext } from '../../server/middleware/request-context.js';
import { captureLogs } from '../helpers/log-capture.js';

function appThatFails(route: express.RequestHandler) {
  const logs = captureLogs();
  const app = express();
  app.use(requestContext(logs.logger));
  app.use(express.urlencoded({ extended: false }));
  app.post('/fail', route);
  app.use(createErrorHandler(logs.logger));
  return { app, logs };
}

describe('createErrorHandler', () => {
  it('logs a 500 once at error level with its error id and request id, never the request body', async () => {
    const { app, logs } = appThatFails(() => {
      throw new TypeError('cannot read the thing');
    });
    const res = await request(app)
      .post('/fail?t=query-token')
      .set('Accept', 'application/json')
      .type('form')
      .send({ comment: 'a private remark', password: 'p4ssw0rd-value' })
      .expect(500);
    const errorId = (JSON.parse(res.text) as { errorId: string }).errorId;
    const errors = logs.entries().filter((entry) => entry.level === 50);
    expect(errors).toEqual([
      expect.objectContaining({
        errorId,
        requestId: res.headers['x-request-id'],
        method: 'POST',
        path: '/fail',
        status: 500,
        msg: 'request failed',
      }),
    ]);
    expect(errors[0].err).toMatch(/^TypeError: cannot read the thing\n\s+at /);
    for (const withheld of ['a private remark', 'p4ssw0rd-value', 'query-token'])
      expect(logs.text()).not.toContain(withheld);
  });

  it('logs an error raised after the answer has started and cuts the connection instead of printing the raw error', async () => {
    const { app, logs } = appThatFails((_req, res, next) => {
      res.status(200).write('partial,csv\n');
      next(new Error('the export broke half-way'));
    });
    await expect(request(app).post('/fail')).rejects.toThrow();
    expect(logs.entries()).toContainEqual(
      expect.objectContaining({
        level: 50,
        msg: 'request failed after the answer had started',
        path: '/fail',
        errorId: expect.any(String),
        err: expect.stringMatching(/^Error: the export broke half-way/),
      }),
    );
  });
});
