import type { Knex } from 'knex';

/**
 * report_releases: the snapshots a survey's report moves through. A report shows only released
 * responses, and a new release is cut only when it changes every group it touches by at least K
 * responses (server/services/report-releases.ts), so two downloads never differ by one person.
 * `released_on` is the day only; `responses` is the count released so far, this release included.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('report_releases', (t) => {
    t.increments('id');
    t.integer('survey_id').unsigned().notNullable().references('id').inTable('surveys').onDelete('CASCADE');
    t.string('released_on', 10).notNullable();
    t.integer('responses').notNullable();
    t.index(['survey_id']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('report_releases');
}
