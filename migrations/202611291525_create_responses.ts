import type { Knex } from 'knex';

/**
 * Responses: the answers, anonymous by construction. No IP address, user agent, email, invitation id
 * or time finer than the submission day (submitted_on, 'YYYY-MM-DD') is stored.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('responses', (t) => {
    t.increments('id');
    t.integer('survey_id').unsigned().notNullable().references('id').inTable('surveys').onDelete('CASCADE');
    t.integer('unit_id').unsigned().nullable().references('id').inTable('units').onDelete('SET NULL');
    t.string('workflow').nullable();
    t.string('role_level').nullable();
    t.string('submitted_on', 10).notNullable();
    t.text('answers').notNullable();
    t.text('comment').nullable();
    t.index(['survey_id']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('responses');
}
