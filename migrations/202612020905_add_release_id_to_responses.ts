import type { Knex } from 'knex';

/**
 * responses.release_id: the report release a response first appeared in; null while it waits for
 * one. Reports read released rows only (index on survey_id, release_id).
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('responses', (t) => {
    t.integer('release_id').unsigned().nullable().references('id').inTable('report_releases').onDelete('SET NULL');
    t.index(['survey_id', 'release_id']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('responses', (t) => {
    t.dropIndex(['survey_id', 'release_id']);
    t.dropForeign(['release_id']);
    t.dropColumn('release_id');
  });
}
