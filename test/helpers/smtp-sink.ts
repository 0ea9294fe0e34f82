/**
 * A real SMTP server for tests (the smtp-server package) on a free port of 127.0.0.1, without TLS or
 * authentication, keeping every message it accepts. `decide` may refuse a message with an SMTP reply
 * code (4xx: try again later; 5xx: never) and `onAccepted` runs right after a message is accepted (a
 * test kills a sending process there, inside the duplicate window).
 */
import type { AddressInfo } from 'node:net';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';

export interface ReceivedMail {
  readonly raw: string;
  readonly to: string[];
  /** The Message-ID header, `<…>`. */
  readonly messageId: string;
}

export interface SmtpSink {
  readonly url: string;
  readonly port: number;
  readonly received: ReceivedMail[];
  /** How many copies of each Message-ID arrived. */
  copies(): Map<string, number>;
  parse(mail: ReceivedMail): Promise<ParsedMail>;
  close(): Promise<void>;
}

export interface SmtpSinkOptions {
  /** A reply code to refuse the message with, or undefined to accept it. */
  decide?(to: string[], count: number): number | undefined;
  onAccepted?(mail: ReceivedMail, count: number): void;
}

export async function startSmtpSink(options: SmtpSinkOptions = {}): Promise<SmtpSink> {
  const received: ReceivedMail[] = [];
  let seen = 0;
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    size: 1024 * 1024,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        const to = session.envelope.rcptTo.map((r) => r.address);
        const refuse = options.decide?.(to, ++seen);
        if (refuse !== undefined) {
          callback(
            Object.assign(new Error(refuse >= 500 ? 'Mailbox unavailable' : 'Try again later'), {
              responseCode: refuse,
            }),
          );
          return;
        }
        const raw = Buffer.concat(chunks).toString('utf8');
        const messageId = /^Message-ID:\s*(<[^>]+>)/im.exec(raw)?.[1] ?? '';
        const mail = { raw, to, messageId };
        received.push(mail);
        callback();
        options.onAccepted?.(mail, received.length);
      });
    },
  });
  // A client killed mid-conversation resets its connection; the server reports it as an 'error' event,
  // which would end this process unless someone listens. The messages it had not finished are not kept.
  server.on('error', () => undefined);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const { port } = server.server.address() as AddressInfo;
  return {
    url: `smtp://127.0.0.1:${port}`,
    port,
    received,
    copies() {
      const counts = new Map<string, number>();
      for (const mail of received) counts.set(mail.messageId, (counts.get(mail.messageId) ?? 0) + 1);
      return counts;
    },
    parse: (mail) => simpleParser(mail.raw),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
