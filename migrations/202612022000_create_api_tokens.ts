import type { Knex } from 'knex';

/**
 * api_tokens: bearer tokens for the JSON API (/api/v1), one row per token a staff member created.
 * Only the sha256 of the token is stored (`token_hash`), with its first characters (`prefix`) so its
 * owner can tell tokens apart; `revoked_at` ends a token before `expires_at`; `last_used_at` is
 * touched at most once a minute.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('api_tokens', (t) => {
    t.increments('id');
    t.integer('user_id').unsigned().notNullable().references('id').inTable('users').onDelete('CASCADE');
    t.string('name', 100).notNullable();
    t.string('prefix', 16).notNullable();
    t.string('token_hash', 64).notNullable().unique();
    t.timestamp('created_at').notNullable();
    t.timestamp('expires_at').notNullable();
    t.timestamp('last_used_at').nullable();
    t.timestamp('revoked_at').nullable();
    t.index(['user_id']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('api_tokens');
}
