import type { Knex } from 'knex';

/**
 * units.archived_at: when the unit was retired (null = in use). An archived unit keeps its row, so its
 * responses keep their unit and old reports keep their teams; it is left out of the respondent form
 * and of new invitations.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('units', (t) => {
    t.timestamp('archived_at').nullable();
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('units', (t) => {
    t.dropColumn('archived_at');
  });
}
