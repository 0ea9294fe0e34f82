/**
 * The emails' wording, in EJS under views/mail/: for each template a subject, a plain-text body and an
 * HTML body (`<name>.subject.ejs`, `<name>.text.ejs`, `<name>.html.ejs`). HTML escapes what it prints;
 * the subject and the text print values as they are. Templates are compiled once per process.
 */
import { readFileSync } from 'node:fs';
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

function template(name: MailTemplate, part: Part): ejs.TemplateFunction {
  const key = `${name}.${part}`;
  let fn = compiled.get(key);
  if (!fn) {
    const filename = join(viewsDir, 'mail', `${key}.ejs`);
    fn = ejs.compile(readFileSync(filename, 'utf8'), { filename, ...(part === 'html' ? {} : { escape: asIs }) });
    compiled.set(key, fn);
  }
  return fn;
}

/** Renders the three parts of a template with `locals`. */
export function renderMail(name: MailTemplate, locals: Record<string, unknown>): RenderedMail {
  return {
    subject: template(name, 'subject')(locals).replace(/\s+/g, ' ').trim().slice(0, 300),
    text: template(name, 'text')(locals).trim() + '\n',
    html: template(name, 'html')(locals),
  };
}

/** "2027-01-31 23:59 UTC": how mail states a time (staff pages state times in UTC too). */
export function mailTime(date: Date): string {
  return `${date.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}
