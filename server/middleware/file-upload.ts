/**
 * Reads a multipart/form-data POST whose file is too large to hold in memory (a survey export): the
 * file of the input named `fileField` streams to `pathFor()` on disk, and `res.locals.upload` gets
 * `{ path, fileName }`; small text files of `textFields` (a mapping JSON) and the form's fields go to
 * `req.body` as strings, so CSRF sees `_csrf` as on any form. A file over `maxBytes` (or an empty
 * one) is deleted and leaves a sentence in `req.body._uploadError`.
 */
import { createWriteStream, rmSync } from 'node:fs';
import { pipeline } from 'node:stream/promises';
import busboy from 'busboy';
import type { RequestHandler } from 'express';
import { ValidationError } from '../errors.js';
import { UPLOAD_ERROR_FIELD } from './multipart-form.js';

export interface FileUploadOptions {
  readonly fileField: string;
  readonly textFields: readonly string[];
  readonly maxBytes: number;
  readonly pathFor: () => string;
}

export interface UploadedFile {
  readonly path: string;
  readonly fileName: string;
}

const TEXT_LIMIT = 1_048_576;

export function fileUpload({ fileField, textFields, maxBytes, pathFor }: FileUploadOptions): RequestHandler {
  return (req, res, next) => {
    if (req.method !== 'POST' || !req.is('multipart/form-data')) return next();
    let parser: busboy.Busboy;
    try {
      parser = busboy({
        headers: req.headers,
        limits: { files: 2, fields: 40, fileSize: maxBytes, fieldSize: TEXT_LIMIT },
      });
    } catch {
      return next(new ValidationError('The form could not be read. Reload the page and send it again.'));
    }
    const body: Record<string, string> = {};
    let uploadError: string | undefined;
    const work: Promise<void>[] = [];
    parser.on('field', (name, value) => {
      if (name !== UPLOAD_ERROR_FIELD) body[name] = value;
    });
    parser.on('file', (name, stream, info) => {
      const fileName = info.filename;
      if (name === fileField && fileName) {
        const path = pathFor();
        let size = 0;
        stream.on('data', (chunk: Buffer) => (size += chunk.length));
        stream.on('limit', () => (uploadError = `The file is larger than ${Math.round(maxBytes / 1_048_576)} MB.`));
        work.push(
          pipeline(stream, createWriteStream(path)).then(() => {
            if (uploadError || size === 0) {
              rmSync(path, { force: true });
              uploadError ??= 'The file is empty: choose the export file.';
            } else res.locals.upload = { path, fileName } satisfies UploadedFile;
          }),
        );
      } else if (textFields.includes(name) && info.filename) {
        const chunks: Buffer[] = [];
        stream.on('data', (chunk: Buffer) => chunks.push(chunk));
        work.push(
          new Promise((resolve) =>
            stream.on('close', () => {
              body[name] = Buffer.concat(chunks).toString('utf8');
              resolve();
            }),
          ),
        );
      } else stream.resume();
    });
    parser.on('close', () => {
      Promise.all(work).then(
        () => {
          req.body = uploadError ? { ...body, [UPLOAD_ERROR_FIELD]: uploadError } : body;
          next();
        },
        (error: unknown) => next(error),
      );
    });
    parser.on('error', () =>
      next(new ValidationError('The upload was cut off or malformed. Choose the file and send it again.')),
    );
    req.pipe(parser);
  };
}
