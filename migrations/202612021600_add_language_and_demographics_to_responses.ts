import type { Knex } from 'knex';

/**
 * responses.language: the BCP 47 tag of the language the respondent answered in (null for rows from
 * before languages, which were all in the instrument's own language).
 * responses.demographics: the answers to the instrument's demographic questions as a JSON object
 * (question id → option text in the instrument's own language), null when none was asked or answered.
 * Both are cuts of the report under the same suppression rule as units.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('responses', (t) => {
    t.string('language', 35).nullable();
    t.text('demographics').nullable();
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('responses', (t) => {
    t.dropColumn('language');
    t.dropColumn('demographics');
  });
}
