import type { Knex } from 'knex';

/** Responses read per batch while filling the codes of existing rows. */
const BATCH = 1000;

/**
 * responses.answer_codes: a compact copy of the answers (format: server/data/answer-columns.ts
 * `answerCodes`) that reports read instead of the answers JSON, which stays the record of truth.
 * Nullable: a row without codes is read from its JSON. `up` fills the codes of existing rows, in
 * batches, from the item order of each survey's stored instrument.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('responses', (t) => {
    t.text('answer_codes').nullable();
  });
  const surveys: { id: number; definition: string }[] = await knex('surveys')
    .join('instruments', 'instruments.id', 'surveys.instrument_id')
    .select('surveys.id', 'instruments.definition');
  for (const survey of surveys) {
    const itemIds = instrumentItemIds(survey.definition);
    if (!itemIds) continue;
    for (let after = 0; ;) {
      const rows: { id: number; answers: string }[] = await knex('responses')
        .where({ survey_id: survey.id })
        .where('id', '>', after)
        .orderBy('id')
        .limit(BATCH)
        .select('id', 'answers');
      if (rows.length === 0) break;
      for (const row of rows) {
        const codes = codesOf(itemIds, row.answers);
        if (codes !== null) await knex('responses').where({ id: row.id }).update({ answer_codes: codes });
      }
      after = Number(rows[rows.length - 1].id);
    }
  }
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('responses', (t) => {
    t.dropColumn('answer_codes');
  });
}

/** Item ids in instrument order (scales, then items) from a stored definition; null when it does not have that shape (its rows keep reading their JSON). */
function instrumentItemIds(definition: string): string[] | null {
  try {
    const doc = JSON.parse(definition) as { scales?: { items?: { id?: unknown }[] }[] };
    const ids = (doc.scales ?? []).flatMap((s) => (s.items ?? []).map((i) => i.id));
    return ids.length > 0 && ids.every((id): id is string => typeof id === 'string') ? ids : null;
  } catch {
    return null;
  }
}

/** The codes of one stored answers JSON; null for JSON that is not an object (the report reads and reports it as before). */
function codesOf(itemIds: readonly string[], answers: string): string | null {
  try {
    const parsed: unknown = JSON.parse(answers);
    return parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed)
      ? answerCodes(itemIds, parsed as Record<string, unknown>)
      : null;
  } catch {
    return null;
  }
}

/**
 * The answer codes of one response as they were defined when this migration was written: one
 * character per item in instrument order, '0'–'9' for an answer, '.' for none; null when an answer
 * does not fit one digit. Kept here, not imported, so the migration never changes with the app.
 */
function answerCodes(itemIds: readonly string[], answers: Readonly<Record<string, unknown>>): string | null {
  let out = '';
  for (const id of itemIds) {
    const v = Object.prototype.hasOwnProperty.call(answers, id) ? answers[id] : undefined;
    if (v === null || v === undefined) out += '.';
    else if (typeof v === 'number' && Number.isInteger(v) && v >= 0 && v <= 9 && !Object.is(v, -0)) out += String(v);
    else return null;
  }
  return out;
}
