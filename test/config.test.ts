import { availableParallelism } from 'node:os';
import { describe, expect, it } from 'vitest';
import { ConfigError, configWarnings, defaultReportWorkers, loadConfig } from '../server/config.js';

describe('loadConfig', () => {
  it('uses the documented defaults for an empty environment', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({
      port: 3000,
      databaseUrl: './data/readiness.sqlite',
      baseUrl: 'http://localhost:3000',
      sessionSecretGenerated: true,
      production: false,
      trustProxy: false,
      submitRateLimit: 30,
      logLevel: 'info',
    });
    expect(config.logFormat).toBeUndefined();
    expect(config.sessionSecret).toMatch(/^[0-9a-f]{64}$/);
    expect(config.adminEmail).toBeUndefined();
  });

  it.each([
    ['1', 1],
    ['true', true],
    ['false', false],
    ['loopback, 10.0.0.1', 'loopback, 10.0.0.1'],
  ])('reads TRUST_PROXY=%s as Express trust proxy %s', (value, expected) => {
    expect(loadConfig({ TRUST_PROXY: value }).trustProxy).toEqual(expected);
  });

  it('reads every variable, lower-cases the admin email and drops a trailing slash from BASE_URL', () => {
    const config = loadConfig({
      PORT: '8080',
      DATABASE_URL: 'postgres://app@db/readiness',
      SESSION_SECRET: 's'.repeat(32),
      ADMIN_EMAIL: 'Admin@Example.com',
      ADMIN_PASSWORD: 'correct horse',
      BASE_URL: 'https://readiness.example.com/',
    });
    expect(config).toMatchObject({
      port: 8080,
      databaseUrl: 'postgres://app@db/readiness',
      sessionSecret: 's'.repeat(32),
      sessionSecretGenerated: false,
      adminEmail: 'admin@example.com',
      adminPassword: 'correct horse',
      baseUrl: 'https://readiness.example.com',
    });
  });

  it('reads SUBMIT_RATE_LIMIT as submissions per IP per minute, 0 turning the limit off, and refuses anything else', () => {
    expect(loadConfig({ SUBMIT_RATE_LIMIT: '12' }).submitRateLimit).toBe(12);
    expect(loadConfig({ SUBMIT_RATE_LIMIT: '0' }).submitRateLimit).toBe(0);
    expect(loadConfig({ SUBMIT_RATE_LIMIT: '' }).submitRateLimit).toBe(30);
    for (const bad of ['-1', '2.5', 'many'])
      expect(() => loadConfig({ SUBMIT_RATE_LIMIT: bad })).toThrow(/SUBMIT_RATE_LIMIT: SUBMIT_RATE_LIMIT must be/);
  });

  it('reads API_RATE_LIMIT as requests per API token per minute (default 600, 0 off), and refuses anything else', () => {
    expect(loadConfig({}).apiRateLimit).toBe(600);
    expect(loadConfig({ API_RATE_LIMIT: '0' }).apiRateLimit).toBe(0);
    expect(loadConfig({ API_RATE_LIMIT: '120' }).apiRateLimit).toBe(120);
    for (const bad of ['-1', '2.5', 'many'])
      expect(() => loadConfig({ API_RATE_LIMIT: bad })).toThrow(/API_RATE_LIMIT: API_RATE_LIMIT must be/);
  });

  it('reads REPORT_WORKERS as the report pool’s threads (default one fewer than the cores, at least 1; 0 = in-process)', () => {
    expect(defaultReportWorkers()).toBe(Math.max(1, availableParallelism() - 1));
    expect(loadConfig({}).reportWorkers).toBe(defaultReportWorkers());
    expect(loadConfig({ REPORT_WORKERS: '' }).reportWorkers).toBe(defaultReportWorkers());
    expect(loadConfig({ REPORT_WORKERS: '0' }).reportWorkers).toBe(0);
    expect(loadConfig({ REPORT_WORKERS: '3' }).reportWorkers).toBe(3);
    for (const bad of ['-1', '1.5', 'all', '65'])
      expect(() => loadConfig({ REPORT_WORKERS: bad })).toThrow(/REPORT_WORKERS: REPORT_WORKERS must be/);
  });

  it('reads METRICS_TOKEN (unset: no /metrics) and refuses a short one', () => {
    expect(loadConfig({}).metricsToken).toBeUndefined();
    expect(loadConfig({ METRICS_TOKEN: 't'.repeat(16) }).metricsToken).toBe('t'.repeat(16));
    expect(() => loadConfig({ METRICS_TOKEN: 'short' })).toThrow(/METRICS_TOKEN must be at least 16 characters/);
  });

  it('reads LOG_LEVEL as a pino level and LOG_FORMAT as pretty or json, and refuses anything else', () => {
    expect(loadConfig({ LOG_LEVEL: 'debug', LOG_FORMAT: 'json' })).toMatchObject({
      logLevel: 'debug',
      logFormat: 'json',
    });
    expect(loadConfig({ LOG_LEVEL: 'silent', LOG_FORMAT: 'pretty' })).toMatchObject({
      logLevel: 'silent',
      logFormat: 'pretty',
    });
    expect(() => loadConfig({ LOG_LEVEL: 'verbose' })).toThrow(
      /LOG_LEVEL: LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent/,
    );
    expect(() => loadConfig({ LOG_FORMAT: 'text' })).toThrow(/LOG_FORMAT: LOG_FORMAT must be pretty or json/);
  });

  it('treats empty variables as unset', () => {
    expect(loadConfig({ PORT: '', BASE_URL: '', LOG_LEVEL: '', LOG_FORMAT: '' })).toMatchObject({
      port: 3000,
      baseUrl: 'http://localhost:3000',
      logLevel: 'info',
      logFormat: undefined,
    });
  });

  it('names every invalid variable in one error', () => {
    expect(() => loadConfig({ PORT: 'eighty', ADMIN_EMAIL: 'nobody', SESSION_SECRET: 'short' })).toThrow(ConfigError);
    expect(() => loadConfig({ PORT: 'eighty', ADMIN_EMAIL: 'nobody', SESSION_SECRET: 'short' })).toThrow(
      /PORT: [^\n]+\n {2}SESSION_SECRET: SESSION_SECRET must be at least 16 characters\n {2}ADMIN_EMAIL: ADMIN_EMAIL must be an email address/,
    );
  });

  it('warns about a generated session secret in production only', () => {
    expect(configWarnings(loadConfig({}))).toEqual([]);
    expect(configWarnings(loadConfig({ NODE_ENV: 'production' }))[0]).toMatch(/SESSION_SECRET is not set/);
  });

  it('reads SMTP_URL and MAIL_FROM, with a From on the BASE_URL host by default, and refuses what is not an SMTP URL or an address', () => {
    expect(loadConfig({ BASE_URL: 'https://survey.example.com' })).toMatchObject({
      smtpUrl: undefined,
      mailFrom: 'Readiness <readiness@survey.example.com>',
    });
    expect(
      loadConfig({ SMTP_URL: 'smtps://user:pw@mail.example.com:465', MAIL_FROM: 'HR Team <hr@example.com>' }),
    ).toMatchObject({ smtpUrl: 'smtps://user:pw@mail.example.com:465', mailFrom: 'HR Team <hr@example.com>' });
    expect(loadConfig({ MAIL_FROM: 'hr@example.com' }).mailFrom).toBe('hr@example.com');
    expect(() => loadConfig({ SMTP_URL: 'mail.example.com' })).toThrow(/SMTP_URL: SMTP_URL must be a URL/);
    expect(() => loadConfig({ MAIL_FROM: 'HR Team' })).toThrow(/MAIL_FROM: MAIL_FROM must be an address/);
    expect(configWarnings(loadConfig({ NODE_ENV: 'production', SESSION_SECRET: 's'.repeat(32) }))).toEqual([
      expect.stringMatching(/SMTP_URL is not set/),
    ]);
  });
});
