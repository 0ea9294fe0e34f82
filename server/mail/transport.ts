/**
 * Sending one email over SMTP (nodemailer), as the outbox worker needs it: `send` resolves once the
 * SMTP server has accepted the message and rejects otherwise. `SMTP_URL` sets the server
 * (smtp://user:password@host:587, smtps:// for TLS from the start); connections are pooled.
 * nodemailer (some 430 kB of code) is loaded on the first send, not at every server start.
 */
import type { Transporter } from 'nodemailer';

export interface OutgoingMail {
  readonly from: string;
  readonly to: string;
  readonly subject: string;
  readonly text: string;
  readonly html: string;
  /** `<…@…>`: kept from the outbox row, so a copy sent twice carries the same Message-ID. */
  readonly messageId: string;
}

export interface MailTransport {
  send(mail: OutgoingMail): Promise<void>;
  /** Closes pooled connections. */
  close(): void;
}

export interface SmtpOptions {
  /** Parallel SMTP connections (default 5). */
  readonly maxConnections?: number;
  /** Milliseconds to connect, to greet and of socket silence before giving up (default 10 s, 10 s, 30 s). */
  readonly timeouts?: { connection: number; greeting: number; socket: number };
}

export function createSmtpTransport(url: string, options: SmtpOptions = {}): MailTransport {
  const timeouts = options.timeouts ?? { connection: 10_000, greeting: 10_000, socket: 30_000 };
  let transporter: Promise<Transporter> | undefined;
  const open = () =>
    (transporter ??= import('nodemailer').then(({ default: nodemailer }) =>
      nodemailer.createTransport({
        url,
        pool: true,
        maxConnections: options.maxConnections ?? 5,
        connectionTimeout: timeouts.connection,
        greetingTimeout: timeouts.greeting,
        socketTimeout: timeouts.socket,
      }),
    ));
  return {
    async send(mail) {
      await (await open()).sendMail({ ...mail });
    },
    close() {
      void transporter?.then((t) => t.close());
    },
  };
}

/** True when the SMTP server refused the message for good (a 5xx reply): retrying cannot help. */
export function isPermanentMailError(err: unknown): boolean {
  const code = typeof err === 'object' && err !== null ? (err as { responseCode?: unknown }).responseCode : undefined;
  return typeof code === 'number' && code >= 500 && code < 600;
}

/** A short description of a sending error for the outbox row: the code, the SMTP reply's first line. */
export function mailErrorSummary(err: unknown): string {
  if (!(err instanceof Error)) return 'unknown error';
  const { code, responseCode } = err as Error & { code?: unknown; responseCode?: unknown };
  const first = err.message.split('\n', 1)[0];
  return [code, responseCode, first]
    .filter((p) => p !== undefined && p !== '')
    .join(' ')
    .slice(0, 300);
}

/** The error's code and SMTP reply code only ("EENVELOPE 550"), for logs: a reply's text may quote the address. */
export function mailErrorCode(err: unknown): string {
  const { code, responseCode } = (typeof err === 'object' && err !== null ? err : {}) as {
    code?: unknown;
    responseCode?: unknown;
  };
  return [code, responseCode].filter((p) => p !== undefined && p !== '').join(' ') || 'unknown';
}

/** The domain of an address as MAIL_FROM gives it ("Readiness <r@example.com>" → "example.com"). */
export function mailDomain(from: string): string {
  const address = /<([^>]+)>/.exec(from)?.[1] ?? from;
  return address.split('@').pop()!.trim() || 'localhost';
}
