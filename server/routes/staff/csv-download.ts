/** Sends a CSV file as a download: `res.attachment()` names it (and sets text/csv), never cached. */
import type { Response } from 'express';

export function sendCsv(res: Response, filename: string, body: string): void {
  res
    .status(200)
    .attachment(filename.replace(/[^A-Za-z0-9._-]/g, '_'))
    .type('text/csv; charset=utf-8')
    .set('Cache-Control', 'no-store')
    .send(body);
}
