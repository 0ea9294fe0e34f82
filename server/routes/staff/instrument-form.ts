/**
 * The draft editor's form, both ways. Field names are the document paths themselves
 * (`scales[0].items[2].text`), so a problem the instrument schema reports at a path is shown beside
 * the field of that name. `documentFromForm` rebuilds the document from the posted fields (items
 * added, removed, moved to another scale), keeping what the form does not show (segments, levers,
 * translations, with the texts of removed items and questions dropped). Nothing typed is lost: the
 * page is rendered again from the rebuilt document, valid or not.
 */
import type { Instrument } from '../../../analysis/scales/instrument.js';

type Body = Record<string, unknown>;
type Doc = Record<string, unknown>;

const str = (body: Body, name: string): string => {
  const v = body[name];
  return typeof v === 'string' ? v.trim() : Array.isArray(v) ? String(v[v.length - 1] ?? '').trim() : '';
};
const checked = (body: Body, name: string) => body[name] !== undefined;
const lines = (text: string) =>
  text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter(Boolean);
const orUndefined = (text: string) => (text === '' ? undefined : text);

/** The indexes used in fields named `prefix[N]<suffix>`, in order. */
function indexes(body: Body, prefix: string, suffix: string): number[] {
  const found = new Set<number>();
  const escaped = prefix.replace(/[[\].]/g, '\\$&');
  const re = new RegExp(`^${escaped}\\[(\\d{1,4})\\]${suffix.replace(/[[\].]/g, '\\$&')}$`);
  for (const key of Object.keys(body)) {
    const m = re.exec(key);
    if (m) found.add(Number(m[1]));
  }
  return [...found].sort((a, b) => a - b);
}

function itemFrom(body: Body, at: string, id: string, text: string) {
  return {
    id,
    text,
    reverse: checked(body, `${at}.reverse`),
    ...(checked(body, `${at}.notApplicable`) ? { notApplicable: true } : {}),
    ...(checked(body, `${at}.optional`) ? { required: false } : {}),
  };
}

/** The document the posted editor form describes, on top of the stored one. */
export function documentFromForm(stored: Instrument, body: Body): Doc {
  const scaleIndexes = indexes(body, 'scales', '.title');
  const scales = scaleIndexes.map((s) => ({
    id: stored.scales[s]?.id ?? str(body, `scales[${s}].id`),
    title: str(body, `scales[${s}].title`),
    group: str(body, `scales[${s}].group`),
    description: orUndefined(str(body, `scales[${s}].description`)),
    items: [] as ReturnType<typeof itemFrom>[],
  }));
  const moved: { to: number; item: ReturnType<typeof itemFrom> }[] = [];
  scaleIndexes.forEach((s, k) => {
    for (const i of indexes(body, `scales[${s}].items`, '.id')) {
      const at = `scales[${s}].items[${i}]`;
      if (checked(body, `${at}.remove`)) continue;
      const item = itemFrom(body, at, str(body, `${at}.id`), str(body, `${at}.text`));
      const to = scaleIndexes.indexOf(Number(str(body, `${at}.scale`) || s));
      if (to >= 0 && to !== k) moved.push({ to, item });
      else scales[k].items.push(item);
    }
    const at = `scales[${s}].newItem`;
    const [id, text] = [str(body, `${at}.id`), str(body, `${at}.text`)];
    if (id || text) scales[k].items.push(itemFrom(body, at, id, text));
  });
  for (const { to, item } of moved) scales[to].items.push(item);

  const demographics = indexes(body, 'demographics', '.id')
    .filter((d) => !checked(body, `demographics[${d}].remove`))
    .map((d) => demographicFrom(body, `demographics[${d}]`));
  if (str(body, 'newDemographic.id') || str(body, 'newDemographic.question'))
    demographics.push(demographicFrom(body, 'newDemographic'));

  const max = Number(str(body, 'likert.max'));
  const comment = str(body, 'comment.prompt');
  const doc: Doc = {
    ...stored,
    segments: segmentsFromForm(stored, body),
    levers: {
      decisionRights: str(body, 'levers.decisionRights') || stored.levers.decisionRights,
      dataAccess: str(body, 'levers.dataAccess') || stored.levers.dataAccess,
      measurement: str(body, 'levers.measurement') || stored.levers.measurement,
    },
    title: str(body, 'title'),
    intro: orUndefined(str(body, 'intro')),
    likert: {
      min: 1,
      max: Number.isInteger(max) ? max : str(body, 'likert.max'),
      labels: lines(str(body, 'likert.labels')),
    },
    scales,
    roleLevels: lines(str(body, 'roleLevels')),
    comment: comment ? { prompt: comment } : undefined,
    demographics: demographics.length > 0 ? demographics : undefined,
  };
  return withPrunedTranslations(doc, stored);
}

/** The segment rules: scale ids from selects, thresholds as numbers (kept as typed when not one). */
function segmentsFromForm(stored: Instrument, body: Body) {
  const number = (name: string, fallback: number) => {
    const text = str(body, name);
    return text === '' ? fallback : Number.isFinite(Number(text)) ? Number(text) : text;
  };
  const { misaligned, highPerformer } = stored.segments;
  return {
    misaligned: {
      usageScale: str(body, 'segments.misaligned.usageScale') || misaligned.usageScale,
      usageAtLeast: number('segments.misaligned.usageAtLeast', misaligned.usageAtLeast),
      alignmentScale: str(body, 'segments.misaligned.alignmentScale') || misaligned.alignmentScale,
      alignmentAtMost: number('segments.misaligned.alignmentAtMost', misaligned.alignmentAtMost),
    },
    highPerformer: {
      outcomeScale: str(body, 'segments.highPerformer.outcomeScale') || highPerformer.outcomeScale,
      atLeast: number('segments.highPerformer.atLeast', highPerformer.atLeast),
    },
  };
}

function demographicFrom(body: Body, at: string) {
  return {
    id: str(body, `${at}.id`),
    question: str(body, `${at}.question`),
    options: lines(str(body, `${at}.options`)),
    ...(checked(body, `${at}.required`) ? { required: true } : {}),
  };
}

/** Drops translated texts of items and questions no longer in the document (a removal needs no second edit). */
function withPrunedTranslations(doc: Doc, stored: Instrument): Doc {
  if (!stored.translations) return doc;
  const itemIds = new Set((doc.scales as { items: { id: string }[] }[]).flatMap((s) => s.items.map((i) => i.id)));
  const questionIds = new Set(((doc.demographics ?? []) as { id: string }[]).map((q) => q.id));
  const keep = <T>(record: Readonly<Record<string, T>> | undefined, ids: Set<string>) =>
    record && Object.fromEntries(Object.entries(record).filter(([k]) => ids.has(k)));
  const translations = Object.fromEntries(
    Object.entries(stored.translations).map(([tag, t]) => [
      tag,
      { ...t, items: keep(t.items, itemIds), demographics: keep(t.demographics, questionIds) },
    ]),
  );
  return { ...doc, translations };
}
