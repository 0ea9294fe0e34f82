/**
 * sendCsv, the one place every CSV download goes through (report CSVs, benchmarks.csv, invitation
 * links): the body starts with the UTF-8 byte order mark, so Excel reads it as UTF-8 and "é" survives.
 */
import express from 'express';
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { sendCsv } from '../../server/routes/staff/csv-download.js';

describe('sendCsv', () => {
  it('starts the body with the UTF-8 BOM (EF BB BF) and keeps "é" as UTF-8', async () => {
    const app = express();
    app.get('/x.csv', (_req, res) => sendCsv(res, 'x.csv', 'unit\r\nFinance / Comptabilité\r\n'));
    const res = await request(app)
      .get('/x.csv')
      .buffer(true)
      .parse((res, done) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => done(null, Buffer.concat(chunks)));
      })
      .expect(200);
    const body = res.body as Buffer;
    expect([...body.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(body.subarray(3).toString('utf8')).toBe('unit\r\nFinance / Comptabilité\r\n');
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
  });
});
