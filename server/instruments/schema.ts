/**
 * The zod schema of an instrument document (the type lives in analysis/scales/instrument.ts). Besides the
 * shape, it checks the rules a survey relies on: unique scale and item ids, one label per Likert point,
 * at most one reverse-keyed item per scale, 3–5 items per scale (1–2 for alignment), and segment rules
 * and levers that name existing scales of the right group.
 */
import { z } from 'zod';
import type { Instrument, ScaleGroup } from '../../analysis/scales/instrument.js';

/** Form field names used by the respondent form besides item ids; an item may not take one of them. */
export const reservedFieldNames = ['unit', 'role_level', 'workflow', 'comment', 't', '_csrf'] as const;

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
    max: z.union([z.literal(5), z.literal(7)]),
    labels: z.array(text),
  }),
  scales: z.array(scaleSchema).min(1, 'must list at least one scale'),
  roleLevels: z.array(text).min(1, 'must list at least one role level'),
  comment: z.strictObject({ prompt: text }).optional(),
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
