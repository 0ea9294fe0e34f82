import type { Knex } from 'knex';

/**
 * users.deactivated_at: when an admin deactivated the account (null = active). A deactivated account
 * cannot sign in and its sessions are deleted; the row stays, so the audit log still names it.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('users', (t) => {
    t.timestamp('deactivated_at').nullable();
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('users', (t) => {
    t.dropColumn('deactivated_at');
  });
}
