/**
 * A logger whose lines tests can read: the real `createLogger` (redaction, serializers) writing JSON into
 * memory instead of stdout. `text()` is every line as written; `entries()` the parsed objects.
 */
import { Writable } from 'node:stream';
import type { LogLevel } from '../../server/config.js';
import { createLogger, type Logger } from '../../server/logger.js';

export interface LogCapture {
  readonly logger: Logger;
  text(): string;
  entries(): Record<string, unknown>[];
}

export function captureLogs(logLevel: LogLevel = 'debug'): LogCapture {
  const chunks: string[] = [];
  const destination = new Writable({
    write(chunk: Buffer | string, _encoding, done) {
      chunks.push(chunk.toString());
      done();
    },
  });
  const logger = createLogger({ logLevel, logFormat: 'json', production: false }, { destination, isTTY: false });
  const text = () => chunks.join('');
  return {
    logger,
    text,
    entries: () =>
      text()
        .split('\n')
        .filter((line) => line !== '')
        .map((line) => JSON.parse(line) as Record<string, unknown>),
  };
}
