/**
 * The emails' wording, in EJS under views/mail/: for each template a subject, a plain-text body and an
 * HTML body (`<name>.subject.ejs`, `<name>.text.ejs`, `<name>.html.ejs`). HTML escapes what it prints;
 * the subject and the text print values as they are. Templates are compiled once per process.
 * Invitations and reminders also exist in German and French (`views/mail/de/`, `views/mail/fr/`, with
 * their own partials): a message goes out in the person's language when there is a translation,
 * in English otherwise.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import ejs from 'ejs';
import { viewsDir } from '../paths.js';

export type MailTemplate = 'invitation' | 'reminder' | 'password-reset';

export interface RenderedMail {
  readonly subject: string;
  readonly text: string;
  readonly html: string;
}

type Part = 'subject' | 'text' | 'html';

const compiled = new Map<string, ejs.TemplateFunction>();
const asIs = (value: unknown) => (value === null || value === undefined ? '' : String(value));

/** The folder of `language`'s templates for `name` (its primary subtag: "de-CH" reads de), or English's. */
function folderOf(name: MailTemplate, language: string | null | undefined): string {
  const primary = (language ?? '').toLowerCase().split('-')[0];
  const folder = join(viewsDir, 'mail', primary);
  return /^[a-z]{2,3}$/.test(primary) && primary !== 'en' && existsSync(join(folder, `${name}.subject.ejs`))
    ? folder
    : join(viewsDir, 'mail');
}

function template(folder: string, name: MailTemplate, part: Part): ejs.TemplateFunction {
  const filename = join(folder, `${name}.${part}.ejs`);
  let fn = compiled.get(filename);
  if (!fn) {
    fn = ejs.compile(readFileSync(filename, 'utf8'), { filename, ...(part === 'html' ? {} : { escape: asIs }) });
    compiled.set(filename, fn);
  }
  return fn;
}

/** Renders the three parts of a template with `locals`, in `language` when it has a translation (else English). */
export function renderMail(
  name: MailTemplate,
  locals: Record<string, unknown>,
  language?: string | null,
): RenderedMail {
  const folder = folderOf(name, language);
  return {
    subject: template(
      folder,
      name,
      'subject',
    )(locals)
      .replace(/[ \t\r\n]+/g, ' ')
      .trim()
      .slice(0, 300),
    text: template(folder, name, 'text')(locals).trim() + '\n',
    html: template(folder, name, 'html')(locals),
  };
}

/** "2027-01-31 23:59 UTC": how mail states a time (staff pages state times in UTC too). */
export function mailTime(date: Date): string {
  return `${date.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}
