/**
 * Sends a CSV file as a download: `res.attachment()` names it (and sets text/csv), never cached. The body
 * starts with the UTF-8 byte order mark, without which Excel reads the file as Windows-1252 and mangles "é".
 */
import type { Response } from 'express';

const UTF8_BOM = '\uFEFF';

export function sendCsv(res: Response, filename: string, body: string): void {
  res
    .status(200)
    .attachment(filename.replace(/[^A-Za-z0-9._-]/g, '_'))
    .type('text/csv; charset=utf-8')
    .set('Cache-Control', 'no-store')
    .send(UTF8_BOM + body);
}
