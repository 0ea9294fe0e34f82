import type { Knex } from 'knex';

/**
 * An index on responses (survey_id, id): a report reads a survey's responses in id order a page at a
 * time (server/data/report-pages.ts, `id > last … order by survey_id, id limit n`). SQLite's index on
 * survey_id already keeps each survey's rows in rowid order; PostgreSQL's does not, and without this
 * index every page scanned and sorted the whole survey.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('responses', (t) => {
    t.index(['survey_id', 'id']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('responses', (t) => {
    t.dropIndex(['survey_id', 'id']);
  });
}
