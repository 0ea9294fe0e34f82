import type { Knex } from 'knex';

/**
 * units.headcount: how many people work in the unit, when known (null = not set). It caps the
 * invitations one survey may have for the unit, so a small team cannot be padded with extra links.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('units', (t) => {
    t.integer('headcount').nullable();
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('units', (t) => {
    t.dropColumn('headcount');
  });
}
