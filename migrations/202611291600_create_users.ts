import type { Knex } from 'knex';

/** Staff accounts. Analysts belong to one organization; admins and consultants have none here
 * (consultants get theirs through user_organizations). */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('users', (t) => {
    t.increments('id');
    t.string('email', 254).notNullable().unique();
    t.string('password_hash', 255).notNullable();
    t.enu('role', ['admin', 'consultant', 'analyst']).notNullable();
    t.integer('organization_id').unsigned().nullable().references('id').inTable('organizations').onDelete('CASCADE');
    t.timestamp('created_at').notNullable().defaultTo(knex.fn.now());
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('users');
}
