import type { Knex } from 'knex';

/**
 * rate_limits: the submission and sign-in rate-limit counters, shared by every app server
 * (server/services/rate-limits.ts). `key` is the limit's scope and a keyed hash (HMAC with the
 * session secret) of who is limited, never an address or email; `hits` counts within the window that
 * ends at `reset_at` (epoch ms; a window starts at the key's first hit). Rows whose window has passed
 * are pruned.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('rate_limits', (t) => {
    t.string('key', 100).primary();
    t.integer('hits').notNullable();
    t.bigInteger('reset_at').notNullable();
    t.index(['reset_at']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('rate_limits');
}
