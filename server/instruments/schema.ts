/**
 * The zod schema of an instrument document (the type lives in analysis/scales/instrument.ts). Besides the
 * shape, it checks the rules a survey relies on: unique scale and item ids, one label per Likert point,
 * at most one reverse-keyed item per scale, 3–5 items per scale (1–2 for alignment), and segment rules
 * and levers that name existing scales of the right group.
 */
import { z } from 'zod';
import type { Instrument, ScaleGroup } from '../../analysis/scales/instrument.js';

/** Form field names used by the respondent form besides item ids; an item may not take one of them. */
export const reservedFieldNames = [
  'unit',
  'role_level',
  'workflow',
  'comment',
  't',
  '_csrf',
  'started',
  'lang',
  'language',
] as const;

const id = z
  .string()
  .regex(/^[a-z][a-z0-9_]*$/, 'must start with a lower-case letter and contain only a-z, 0-9 and _')
  .max(40);

const text = z.string().trim().min(1, 'must not be empty');

const itemSchema = z.strictObject({
  id: id.refine((v) => !(reservedFieldNames as readonly string[]).includes(v), {
    message: `is reserved for the form (${reservedFieldNames.join(', ')})`,
  }),
  text,
  reverse: z.boolean().default(false),
  notApplicable: z.boolean().optional(),
  required: z.boolean().optional(),
});

const languageTag = z
  .string()
  .regex(/^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/, 'must be a BCP 47 language tag such as "en" or "pt-BR"');

const demographicSchema = z.strictObject({
  id: id.refine((v) => !(reservedFieldNames as readonly string[]).includes(v), {
    message: `is reserved for the form (${reservedFieldNames.join(', ')})`,
  }),
  question: text,
  options: z.array(text).min(2, 'must list at least two options'),
  required: z.boolean().optional(),
});

const translationSchema = z.strictObject({
  title: text,
  intro: text.optional(),
  likertLabels: z.array(text),
  scales: z.record(z.string(), z.strictObject({ title: text, description: text.optional() })),
  items: z.record(z.string(), text),
  roleLevels: z.array(text),
  comment: text.optional(),
  demographics: z.record(z.string(), z.strictObject({ question: text, options: z.array(text) })).optional(),
});

const groups = ['organizational', 'individual', 'outcome', 'alignment'] as const satisfies readonly ScaleGroup[];

const scaleSchema = z.strictObject({
  id,
  title: text,
  group: z.enum(groups),
  description: text.optional(),
  items: z.array(itemSchema).min(1, 'must list at least one item'),
});

const itemCountRange: Record<ScaleGroup, readonly [number, number]> = {
  organizational: [3, 5],
  individual: [3, 5],
  outcome: [3, 5],
  alignment: [1, 2],
};

type Ctx = z.core.$RefinementCtx<z.output<typeof baseSchema>>;
type Path = (string | number)[];

const baseSchema = z.strictObject({
  id: z.string().regex(/^[a-z][a-z0-9-]*$/, 'must be lower-case letters, digits and dashes'),
  version: z.number().int().positive(),
  title: text,
  intro: text.optional(),
  likert: z.strictObject({
    min: z.literal(1),
    // 4 to 9 points: every answer stays one digit in the stored answer codes.
    max: z.union(
      [z.literal(4), z.literal(5), z.literal(6), z.literal(7), z.literal(8), z.literal(9)],
      'must be a whole number from 4 to 9',
    ),
    labels: z.array(text),
  }),
  scales: z.array(scaleSchema).min(1, 'must list at least one scale'),
  roleLevels: z.array(text).min(1, 'must list at least one role level'),
  comment: z.strictObject({ prompt: text }).optional(),
  demographics: z.array(demographicSchema).optional(),
  language: languageTag.optional(),
  translations: z.record(z.string(), translationSchema).optional(),
  segments: z.strictObject({
    misaligned: z.strictObject({
      usageScale: z.string(),
      usageAtLeast: z.number(),
      alignmentScale: z.string(),
      alignmentAtMost: z.number(),
    }),
    highPerformer: z.strictObject({ outcomeScale: z.string(), atLeast: z.number() }),
  }),
  levers: z.strictObject({ decisionRights: z.string(), dataAccess: z.string(), measurement: z.string() }),
});

function checkRules(doc: z.output<typeof baseSchema>, ctx: Ctx): void {
  const issue = (path: Path, message: string) => ctx.addIssue({ code: 'custom', path, message });

  const expectedLabels = doc.likert.max - doc.likert.min + 1;
  if (doc.likert.labels.length !== expectedLabels) {
    issue(
      ['likert', 'labels'],
      `expected ${expectedLabels} labels (one per point from ${doc.likert.min} to ${doc.likert.max}), got ${doc.likert.labels.length}`,
    );
  }

  const scaleGroups = new Map<string, ScaleGroup>();
  const itemIds = new Set<string>();
  doc.scales.forEach((scale, s) => {
    if (scaleGroups.has(scale.id)) issue(['scales', s, 'id'], `duplicate id "${scale.id}"`);
    scaleGroups.set(scale.id, scale.group);
    const [low, high] = itemCountRange[scale.group];
    if (scale.items.length < low || scale.items.length > high) {
      issue(
        ['scales', s, 'items'],
        `scale "${scale.id}" (${scale.group}) needs ${low}–${high} items, has ${scale.items.length}`,
      );
    }
    let reverseSeen = false;
    scale.items.forEach((item, i) => {
      if (itemIds.has(item.id) || scaleGroups.has(item.id))
        issue(['scales', s, 'items', i, 'id'], `duplicate id "${item.id}"`);
      itemIds.add(item.id);
      if (item.reverse) {
        if (reverseSeen)
          issue(
            ['scales', s, 'items', i, 'reverse'],
            `scale "${scale.id}" already has a reverse-keyed item; at most one is allowed`,
          );
        reverseSeen = true;
      }
    });
  });

  const mustName = (path: Path, value: string, group: ScaleGroup) => {
    const actual = scaleGroups.get(value);
    if (actual === undefined) issue(path, `unknown scale "${value}"`);
    else if (actual !== group) issue(path, `scale "${value}" is ${actual}; expected a scale of group ${group}`);
  };
  mustName(['segments', 'misaligned', 'usageScale'], doc.segments.misaligned.usageScale, 'individual');
  mustName(['segments', 'misaligned', 'alignmentScale'], doc.segments.misaligned.alignmentScale, 'alignment');
  mustName(['segments', 'highPerformer', 'outcomeScale'], doc.segments.highPerformer.outcomeScale, 'outcome');
  mustName(['levers', 'decisionRights'], doc.levers.decisionRights, 'organizational');
  mustName(['levers', 'dataAccess'], doc.levers.dataAccess, 'organizational');
  mustName(['levers', 'measurement'], doc.levers.measurement, 'organizational');

  const seenRoles = new Set<string>();
  doc.roleLevels.forEach((role, r) => {
    if (seenRoles.has(role)) issue(['roleLevels', r], `duplicate role level "${role}"`);
    seenRoles.add(role);
  });

  (doc.demographics ?? []).forEach((question, q) => {
    if (itemIds.has(question.id) || scaleGroups.has(question.id))
      issue(['demographics', q, 'id'], `duplicate id "${question.id}"`);
    itemIds.add(question.id);
    const seen = new Set<string>();
    question.options.forEach((option, o) => {
      if (seen.has(option)) issue(['demographics', q, 'options', o], `duplicate option "${option}"`);
      seen.add(option);
    });
  });

  checkTranslations(doc, issue);
}

/** Every translation must be complete: a text for every scale, item, Likert point, role level and demographic option. */
function checkTranslations(doc: z.output<typeof baseSchema>, issue: (path: Path, message: string) => void): void {
  const own = doc.language ?? 'en';
  for (const [tag, t] of Object.entries(doc.translations ?? {})) {
    const at = (...rest: Path): Path => ['translations', tag, ...rest];
    if (!languageTag.safeParse(tag).success)
      issue(at(), 'must be keyed by a BCP 47 language tag such as "de" or "pt-BR"');
    if (tag === own) issue(at(), `is the document's own language ("${own}"); translate into other languages only`);
    if (t.likertLabels.length !== doc.likert.labels.length)
      issue(at('likertLabels'), `expected ${doc.likert.labels.length} labels, got ${t.likertLabels.length}`);
    if (t.roleLevels.length !== doc.roleLevels.length)
      issue(at('roleLevels'), `expected ${doc.roleLevels.length} role levels, got ${t.roleLevels.length}`);
    if (doc.intro !== undefined && t.intro === undefined) issue(at('intro'), 'is missing (the document has an intro)');
    if (doc.comment !== undefined && t.comment === undefined)
      issue(at('comment'), 'is missing (the document has a comment question)');
    const scaleIds = new Set(doc.scales.map((s) => s.id));
    const itemIdsInOrder = doc.scales.flatMap((s) => s.items.map((i) => i.id));
    for (const scale of doc.scales) {
      const ts = t.scales[scale.id];
      if (!ts) issue(at('scales', scale.id), `is missing (scale "${scale.id}")`);
      else if (scale.description !== undefined && ts.description === undefined)
        issue(at('scales', scale.id, 'description'), 'is missing (the scale has a description)');
    }
    for (const key of Object.keys(t.scales)) if (!scaleIds.has(key)) issue(at('scales', key), `unknown scale "${key}"`);
    for (const itemId of itemIdsInOrder)
      if (t.items[itemId] === undefined) issue(at('items', itemId), `is missing (item "${itemId}")`);
    const known = new Set(itemIdsInOrder);
    for (const key of Object.keys(t.items)) if (!known.has(key)) issue(at('items', key), `unknown item "${key}"`);
    const questions = doc.demographics ?? [];
    for (const question of questions) {
      const tq = t.demographics?.[question.id];
      if (!tq) issue(at('demographics', question.id), `is missing (demographic question "${question.id}")`);
      else if (tq.options.length !== question.options.length)
        issue(
          at('demographics', question.id, 'options'),
          `expected ${question.options.length} options, got ${tq.options.length}`,
        );
    }
    const questionIds = new Set(questions.map((q) => q.id));
    for (const key of Object.keys(t.demographics ?? {}))
      if (!questionIds.has(key)) issue(at('demographics', key), `unknown demographic question "${key}"`);
  }
}

export const instrumentSchema = baseSchema.superRefine(checkRules);

// The schema must produce exactly the type the analysis layer reads.
const _check: z.ZodType<Instrument> = instrumentSchema;
void _check;

/** Formats a zod path the way a person reads a document: `scales[2].items[0].id`. */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else out += out === '' ? String(part) : `.${String(part)}`;
  }
  return out === '' ? '(document)' : out;
}
