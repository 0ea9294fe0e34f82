import type { Knex } from 'knex';

/**
 * outbox: every email the app sends, written in the same transaction as what caused it and sent later
 * by a worker (services/outbox-worker.ts). A worker claims a row by setting `claimed_by` and a lease
 * (`claimed_until`) in one conditional UPDATE, so two app servers never send the same row; a row whose
 * lease has passed unsent is claimed again. `status`: pending, sent or failed. `survey_id` ties the
 * invitations and reminders of a survey to it, so its address list can be erased. Times are ISO strings.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('outbox', (t) => {
    t.increments('id');
    t.string('kind', 30).notNullable();
    t.integer('organization_id').unsigned().nullable().references('id').inTable('organizations').onDelete('CASCADE');
    t.integer('survey_id').unsigned().nullable().references('id').inTable('surveys').onDelete('CASCADE');
    t.string('recipient', 254).notNullable();
    t.string('subject', 300).notNullable();
    t.text('text_body').notNullable();
    t.text('html_body').notNullable();
    t.string('message_id', 200).notNullable().unique();
    t.string('status', 10).notNullable().defaultTo('pending');
    t.integer('attempts').notNullable().defaultTo(0);
    t.timestamp('next_attempt_at').notNullable();
    t.string('claimed_by', 100).nullable();
    t.timestamp('claimed_until').nullable();
    t.string('last_error', 300).nullable();
    t.timestamp('created_at').notNullable();
    t.timestamp('sent_at').nullable();
    t.index(['status', 'next_attempt_at']);
    t.index(['survey_id']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('outbox');
}
