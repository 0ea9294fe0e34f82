import type { Knex } from 'knex';

/** Organizations: the clients whose teams are surveyed. */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('organizations', (t) => {
    t.increments('id');
    t.string('name').notNullable();
    t.string('slug').notNullable().unique();
    t.string('industry').nullable();
    t.string('size_band').nullable();
    t.timestamp('created_at').notNullable().defaultTo(knex.fn.now());
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('organizations');
}
