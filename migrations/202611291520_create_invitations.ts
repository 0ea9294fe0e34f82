import type { Knex } from 'knex';

/**
 * Invitations: single-use tokens for invitation-only surveys. Only the sha256 of the token is stored,
 * and no key links an invitation to a response in either direction.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('invitations', (t) => {
    t.increments('id');
    t.integer('survey_id').unsigned().notNullable().references('id').inTable('surveys').onDelete('CASCADE');
    t.integer('unit_id').unsigned().nullable().references('id').inTable('units').onDelete('SET NULL');
    t.string('token_hash', 64).notNullable().unique();
    t.boolean('used').notNullable().defaultTo(false);
    t.timestamp('created_at').notNullable().defaultTo(knex.fn.now());
    t.index(['survey_id']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('invitations');
}
