/**
 * The process logger (pino). JSON lines by default, one object per line, for a log collector; pino-pretty's
 * coloured one-line format when LOG_FORMAT=pretty, or when LOG_FORMAT is unset, NODE_ENV is not production
 * and stdout is a terminal (`npm run dev`). LOG_LEVEL sets the threshold (default info; `silent` turns it off).
 *
 * Nothing secret may reach the log: the `redact` paths below censor passwords, hashes, tokens, cookies,
 * answers, comments and email addresses wherever they appear as a field (top level or one level down,
 * e.g. `body.password`), and an `err` field that holds an Error is reduced to `loggableError`'s summary,
 * which keeps no values bound into a failed query. Messages are text the code wrote: put data in fields.
 */
import { createRequire } from 'node:module';
import { pino, type DestinationStream, type Logger } from 'pino';
import type pinoPrettyModule from 'pino-pretty';
import type { Config, LogFormat } from './config.js';
import { loggableError } from './log-safe-error.js';

export type { Logger };

/** The part of `Config` the logger reads (main.ts also builds one by hand when the config is invalid). */
export type LogSettings = Pick<Config, 'logLevel' | 'logFormat' | 'production'>;

/** Field names whose values are never logged, at the top level and one object down. */
const SECRET_FIELDS = [
  'password',
  'newPassword',
  'currentPassword',
  'passwordHash',
  'password_hash',
  'adminPassword',
  'token',
  'sessionSecret',
  'secret',
  '_csrf',
  'csrf',
  'cookie',
  'authorization',
  'answers',
  'comment',
  'email',
];

/** Request and response headers that carry credentials. */
const SECRET_HEADERS = ['cookie', 'authorization', 'set-cookie', 'x-csrf-token'].flatMap((header) =>
  ['headers', 'req.headers', 'res.headers'].map((at) => `${at}["${header}"]`),
);

export const REDACT_PATHS = [...SECRET_FIELDS, ...SECRET_FIELDS.map((field) => `*.${field}`), ...SECRET_HEADERS];

export interface LoggerOptions {
  /** Where the lines go (default stdout); tests pass a stream to read them. */
  readonly destination?: DestinationStream;
  /** Whether that destination is a terminal (default: stdout's). */
  readonly isTTY?: boolean;
}

/** 'pretty' or 'json': LOG_FORMAT when set, else pretty only for a terminal outside production. */
export function logFormat(settings: LogSettings, isTTY: boolean): LogFormat {
  return settings.logFormat ?? (!settings.production && isTTY ? 'pretty' : 'json');
}

export function createLogger(
  settings: LogSettings,
  { destination, isTTY = Boolean(process.stdout.isTTY) }: LoggerOptions = {},
): Logger {
  const options = {
    level: settings.logLevel,
    base: { service: 'readiness' },
    redact: { paths: REDACT_PATHS, censor: '[redacted]' },
    serializers: { err: (err: unknown) => (err instanceof Error ? loggableError(err) : err) },
  };
  if (logFormat(settings, isTTY) === 'json') return destination ? pino(options, destination) : pino(options);
  // In-process and synchronous: development only, and no line is lost when the process exits. Loaded only
  // here, so a production start (JSON) does not pay for it.
  const pinoPretty = createRequire(import.meta.url)('pino-pretty') as typeof pinoPrettyModule;
  const pretty = pinoPretty({
    colorize: isTTY,
    sync: true,
    translateTime: 'SYS:HH:MM:ss.l',
    ignore: 'pid,hostname,service',
    destination: destination ?? 1,
    // The error summary is multi-line text (message and stack frames): print it as lines, not as a JSON string.
    customPrettifiers: {
      err: (value) => (typeof value === 'string' ? `\n  ${value.replaceAll('\n', '\n  ')}` : JSON.stringify(value)),
    },
  });
  return pino(options, pretty);
}

/** A logger that writes nothing: the default for createApp and the services, so tests stay quiet. */
export const silentLogger: Logger = pino({ level: 'silent' });
