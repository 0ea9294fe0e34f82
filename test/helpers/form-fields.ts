/**
 * The fields a browser would send for the POST form of a page with this action: text inputs and
 * hidden ones, checked checkboxes and radios, textareas and each select's selected (else first) option.
 * Enough for the server-rendered staff forms, so an http test posts what the page shows, changed.
 */
const decode = (s: string) =>
  s
    .replace(/&#34;|&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');

const attr = (tag: string, name: string) => {
  const m = new RegExp(`\\s${name}="([^"]*)"`).exec(tag);
  return m ? decode(m[1]) : undefined;
};

export function formFields(html: string, action: string): Record<string, string> {
  // The POST form with this action (a GET form may share it).
  const start = html.indexOf(`method="post" action="${action}"`);
  if (start < 0) throw new Error(`No POST form with action ${action}`);
  const form = html.slice(start, html.indexOf('</form>', start));
  const fields: Record<string, string> = {};
  for (const [tag] of form.matchAll(/<input\b[^>]*>/g)) {
    const name = attr(tag, 'name');
    const type = attr(tag, 'type') ?? 'text';
    if (!name || type === 'file' || type === 'submit') continue;
    if ((type === 'checkbox' || type === 'radio') && !/\schecked\b/.test(tag)) continue;
    fields[name] = attr(tag, 'value') ?? 'on';
  }
  for (const m of form.matchAll(/<textarea\b([^>]*)>([\s\S]*?)<\/textarea>/g)) {
    const name = attr(m[1], 'name');
    if (name) fields[name] = decode(m[2]);
  }
  for (const m of form.matchAll(/<select\b([^>]*)>([\s\S]*?)<\/select>/g)) {
    const name = attr(m[1], 'name');
    const options = [...m[2].matchAll(/<option\b([^>]*)>/g)].map((o) => o[1]);
    const chosen = options.find((o) => /\sselected\b/.test(o)) ?? options[0];
    if (name && chosen !== undefined) fields[name] = attr(chosen, 'value') ?? '';
  }
  return fields;
}
