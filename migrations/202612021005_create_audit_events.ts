import type { Knex } from 'knex';

/**
 * audit_events: what staff did to an organization's surveys (invitations generated, surveys created,
 * opened and closed, headcounts changed), by whom and when. `detail` is JSON text; `user_id` becomes
 * null when the account is deleted, so the record outlives it. Nothing about respondents is kept here.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('audit_events', (t) => {
    t.increments('id');
    t.integer('organization_id').unsigned().notNullable().references('id').inTable('organizations').onDelete('CASCADE');
    t.integer('user_id').unsigned().nullable().references('id').inTable('users').onDelete('SET NULL');
    t.integer('survey_id').unsigned().nullable();
    t.string('action', 40).notNullable();
    t.text('detail').notNullable().defaultTo('{}');
    t.timestamp('created_at').notNullable().defaultTo(knex.fn.now());
    t.index(['organization_id', 'created_at']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('audit_events');
}
