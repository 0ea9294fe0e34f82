import type { Knex } from 'knex';

/**
 * benchmark_pool_members: an organization's consent to the benchmark pool, given by an admin. One row
 * per consent: who gave it and when, and who withdrew it and when (null while it stands). Joining
 * again after a withdrawal adds a new row, so the history stays.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('benchmark_pool_members', (t) => {
    t.increments('id');
    t.integer('organization_id').unsigned().notNullable().references('id').inTable('organizations').onDelete('CASCADE');
    t.integer('joined_by').unsigned().notNullable().references('id').inTable('users');
    t.timestamp('joined_at').notNullable();
    t.integer('withdrawn_by').unsigned().nullable().references('id').inTable('users');
    t.timestamp('withdrawn_at').nullable();
    t.index(['organization_id']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('benchmark_pool_members');
}
