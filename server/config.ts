/**
 * The process configuration, parsed once from the environment with zod.
 * Only server/main.ts (and the CLI) call `loadConfig`; everything else receives a `Config`.
 */
import { randomBytes } from 'node:crypto';
import { availableParallelism } from 'node:os';
import { z } from 'zod';

/** pino's levels, quietest last; `silent` logs nothing (tests). */
export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];
export type LogFormat = 'pretty' | 'json';

export interface Config {
  readonly port: number;
  /** A postgres:// (or postgresql://) URL, a SQLite file path, or ':memory:'. */
  readonly databaseUrl: string;
  readonly sessionSecret: string;
  /** True when SESSION_SECRET was absent and a random per-process secret was generated. */
  readonly sessionSecretGenerated: boolean;
  readonly adminEmail?: string;
  readonly adminPassword?: string;
  /** Absolute base URL used in links that leave the app (invitation links, CLI output), no trailing slash. */
  readonly baseUrl: string;
  /**
   * Express `trust proxy` (TRUST_PROXY): false by default; a hop count such as 1, or names/addresses
   * such as "loopback". Needed behind a reverse proxy so rate limits see client addresses.
   */
  readonly trustProxy: boolean | number | string;
  /**
   * SUBMIT_RATE_LIMIT: survey submissions (POST /s/:code) accepted per IP address per minute, then a 429
   * page; 30 by default, 0 turns the limit off (load tests). The counters live in process memory only.
   */
  readonly submitRateLimit: number;
  /** API_RATE_LIMIT: requests per API token per minute to /api/v1 (default 600), counted in the database; 0 turns it off. */
  readonly apiRateLimit: number;
  /** NODE_ENV=production: warnings about insecure defaults become important; logs are JSON unless LOG_FORMAT says otherwise. */
  readonly production: boolean;
  /** LOG_LEVEL: fatal, error, warn, info (default), debug, trace or silent. */
  readonly logLevel: LogLevel;
  /** LOG_FORMAT: pretty or json; unset means pretty on a terminal outside production, else JSON (server/logger.ts). */
  readonly logFormat?: LogFormat;
  /**
   * REPORT_WORKERS: worker threads that build reports (services/report-pool.ts), started with the app;
   * default one fewer than the cores (at least 1); 0 builds reports on the event loop's thread.
   */
  readonly reportWorkers: number;
  /** METRICS_TOKEN: when set, GET /metrics answers a request bearing it (`Authorization: Bearer …`); unset, there is no /metrics. */
  readonly metricsToken?: string;
  /**
   * SMTP_URL: where the outbox worker sends mail (smtp:// or smtps://, user and password in the URL).
   * Unset: mail stays in the outbox table, readable by admins on the Outbox page.
   */
  readonly smtpUrl?: string;
  /** MAIL_FROM: the From of every message, `Name <address>` or an address; default `Readiness <readiness@BASE_URL's host>`. */
  readonly mailFrom: string;
}

/** REPORT_WORKERS when unset: one fewer than the cores, so the event loop keeps one, and at least 1. */
export function defaultReportWorkers(): number {
  return Math.max(1, availableParallelism() - 1);
}

const emptyToUndefined = (value: unknown) => (value === '' ? undefined : value);

const envSchema = z.object({
  PORT: z.preprocess(emptyToUndefined, z.coerce.number().int().min(0).max(65535).default(3000)),
  DATABASE_URL: z.preprocess(emptyToUndefined, z.string().default('./data/readiness.sqlite')),
  SESSION_SECRET: z.preprocess(
    emptyToUndefined,
    z.string().min(16, 'SESSION_SECRET must be at least 16 characters').optional(),
  ),
  ADMIN_EMAIL: z.preprocess(emptyToUndefined, z.email('ADMIN_EMAIL must be an email address').optional()),
  ADMIN_PASSWORD: z.preprocess(
    emptyToUndefined,
    z.string().min(8, 'ADMIN_PASSWORD must be at least 8 characters').optional(),
  ),
  BASE_URL: z.preprocess(
    emptyToUndefined,
    z.url('BASE_URL must be an absolute URL such as https://readiness.example.com').optional(),
  ),
  TRUST_PROXY: z.preprocess(emptyToUndefined, z.string().optional()),
  SUBMIT_RATE_LIMIT: z.preprocess(
    emptyToUndefined,
    z.coerce
      .number('SUBMIT_RATE_LIMIT must be a whole number')
      .int('SUBMIT_RATE_LIMIT must be a whole number')
      .min(0, 'SUBMIT_RATE_LIMIT must be 0 (off) or more')
      .max(100_000, 'SUBMIT_RATE_LIMIT must be at most 100000')
      .default(30),
  ),
  API_RATE_LIMIT: z.preprocess(
    emptyToUndefined,
    z.coerce
      .number('API_RATE_LIMIT must be a whole number')
      .int('API_RATE_LIMIT must be a whole number')
      .min(0, 'API_RATE_LIMIT must be 0 (off) or more')
      .max(1_000_000, 'API_RATE_LIMIT must be at most 1000000')
      .default(600),
  ),
  NODE_ENV: z.string().optional(),
  LOG_LEVEL: z.preprocess(
    emptyToUndefined,
    z.enum(LOG_LEVELS, `LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}`).default('info'),
  ),
  LOG_FORMAT: z.preprocess(
    emptyToUndefined,
    z.enum(['pretty', 'json'], 'LOG_FORMAT must be pretty or json').optional(),
  ),
  REPORT_WORKERS: z.preprocess(
    emptyToUndefined,
    z.coerce
      .number('REPORT_WORKERS must be a whole number')
      .int('REPORT_WORKERS must be a whole number')
      .min(0, 'REPORT_WORKERS must be 0 (build on the main thread) or more')
      .max(64, 'REPORT_WORKERS must be at most 64')
      .optional(),
  ),
  METRICS_TOKEN: z.preprocess(
    emptyToUndefined,
    z.string().min(16, 'METRICS_TOKEN must be at least 16 characters').optional(),
  ),
  SMTP_URL: z.preprocess(
    emptyToUndefined,
    z
      .string()
      .regex(/^smtps?:\/\/[^\s/]+/i, 'SMTP_URL must be a URL such as smtp://user:password@mail.example.com:587')
      .optional(),
  ),
  MAIL_FROM: z.preprocess(
    emptyToUndefined,
    z
      .string()
      .max(254)
      .regex(
        /^(?:[^<>@\r\n]*<[^\s<>@]+@[^\s<>@]+>|[^\s<>@]+@[^\s<>@]+)$/,
        'MAIL_FROM must be an address (readiness@example.com) or a name and an address (Readiness <readiness@example.com>)',
      )
      .optional(),
  ),
});

/** TRUST_PROXY text → Express's `trust proxy` value: true/false, a hop count, or a list of names/addresses. */
function parseTrustProxy(value: string | undefined): boolean | number | string {
  if (value === undefined || value === 'false') return false;
  if (value === 'true') return true;
  return /^\d+$/.test(value) ? Number(value) : value;
}

/** Thrown when the environment is invalid; the message names every offending variable. */
export class ConfigError extends Error {
  override name = 'ConfigError';
}

/** Parses the environment (by default `process.env`) into a `Config`; throws ConfigError on bad values. */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
    throw new ConfigError(`Invalid configuration:\n  ${lines.join('\n  ')}`);
  }
  const e = parsed.data;
  const baseUrl = (e.BASE_URL ?? `http://localhost:${e.PORT}`).replace(/\/+$/, '');
  return {
    port: e.PORT,
    databaseUrl: e.DATABASE_URL,
    sessionSecret: e.SESSION_SECRET ?? randomBytes(32).toString('hex'),
    sessionSecretGenerated: e.SESSION_SECRET === undefined,
    adminEmail: e.ADMIN_EMAIL?.toLowerCase(),
    adminPassword: e.ADMIN_PASSWORD,
    baseUrl,
    trustProxy: parseTrustProxy(e.TRUST_PROXY),
    submitRateLimit: e.SUBMIT_RATE_LIMIT,
    apiRateLimit: e.API_RATE_LIMIT,
    production: e.NODE_ENV === 'production',
    logLevel: e.LOG_LEVEL,
    logFormat: e.LOG_FORMAT,
    reportWorkers: e.REPORT_WORKERS ?? defaultReportWorkers(),
    metricsToken: e.METRICS_TOKEN,
    smtpUrl: e.SMTP_URL,
    mailFrom: e.MAIL_FROM ?? `Readiness <readiness@${new URL(baseUrl).hostname}>`,
  };
}

/** Warnings worth printing at start-up (insecure defaults). */
export function configWarnings(config: Config): string[] {
  const warnings: string[] = [];
  if (config.sessionSecretGenerated && config.production) {
    warnings.push(
      'SESSION_SECRET is not set: using a random secret for this process; staff sessions end on every restart. Set SESSION_SECRET to a long random string.',
    );
  }
  if (!config.smtpUrl && config.production) {
    warnings.push(
      'SMTP_URL is not set: invitations, reminders and password-reset links stay in the outbox (admins read them on the Outbox page) and are never sent.',
    );
  }
  return warnings;
}
