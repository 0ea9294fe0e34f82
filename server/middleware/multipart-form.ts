/**
 * Reads a multipart/form-data POST (a file upload) into `req.body` as strings: each field by its name,
 * and each file by its input's name holding the file's text (UTF-8). Mounted before the staff router's
 * other body parsing, on the upload paths only, so CSRF sees the `_csrf` field as on any form. A file
 * over `maxBytes`, or one that is not UTF-8 text, leaves a sentence in `req.body._uploadError` for the
 * route to show beside the file field (the rest of the form is still read).
 */
import busboy from 'busboy';
import type { RequestHandler } from 'express';
import { ValidationError } from '../errors.js';

export const UPLOAD_ERROR_FIELD = '_uploadError';

export function multipartForm({ maxBytes }: { maxBytes: number }): RequestHandler {
  const megabytes = `${Math.round(maxBytes / 1_048_576)} MB`;
  return (req, _res, next) => {
    if (req.method !== 'POST' || !req.is('multipart/form-data')) {
      next();
      return;
    }
    let parser: busboy.Busboy;
    try {
      parser = busboy({
        headers: req.headers,
        limits: { files: 1, fields: 20, parts: 21, fileSize: maxBytes, fieldSize: maxBytes },
      });
    } catch {
      next(new ValidationError('The form could not be read. Reload the page and send it again.'));
      return;
    }
    const body: Record<string, string> = {};
    let uploadError: string | undefined;
    const files: Promise<void>[] = [];
    parser.on('field', (name, value, info) => {
      if (info.valueTruncated) uploadError = `The file is larger than ${megabytes}.`;
      body[name] = value;
    });
    parser.on('file', (name, stream) => {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('limit', () => {
        uploadError = `The file is larger than ${megabytes}: split it, or remove columns the import does not read.`;
      });
      files.push(
        new Promise((resolve) =>
          stream.on('close', () => {
            try {
              body[name] = new TextDecoder('utf-8', { fatal: true }).decode(Buffer.concat(chunks));
            } catch {
              uploadError ??= 'The file is not UTF-8 text: save it as “CSV UTF-8” and choose it again.';
            }
            resolve();
          }),
        ),
      );
    });
    parser.on('close', () => {
      void Promise.all(files).then(() => {
        req.body = uploadError ? { ...body, [UPLOAD_ERROR_FIELD]: uploadError } : body;
        next();
      });
    });
    parser.on('error', () =>
      next(new ValidationError('The upload was cut off or malformed. Choose the file and send it again.')),
    );
    req.pipe(parser);
  };
}
