import type { Knex } from 'knex';

/** Which organizations a consultant may see (admins see all; analysts have users.organization_id). */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('user_organizations', (t) => {
    t.integer('user_id').unsigned().notNullable().references('id').inTable('users').onDelete('CASCADE');
    t.integer('organization_id').unsigned().notNullable().references('id').inTable('organizations').onDelete('CASCADE');
    t.primary(['user_id', 'organization_id']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('user_organizations');
}
