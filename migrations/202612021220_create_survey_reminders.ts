import type { Knex } from 'knex';

/**
 * survey_reminders: each reminder of a survey that has been dealt with, once: inserted by the
 * scheduler tick that sends it (or skips it, when its day passed before the survey opened). The unique
 * key is the claim: a second server's insert finds the row and does nothing.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('survey_reminders', (t) => {
    t.increments('id');
    t.integer('survey_id').unsigned().notNullable().references('id').inTable('surveys').onDelete('CASCADE');
    t.integer('days_before').notNullable();
    t.string('status', 10).notNullable();
    t.timestamp('done_at').notNullable();
    t.unique(['survey_id', 'days_before']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('survey_reminders');
}
