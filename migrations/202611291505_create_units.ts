import type { Knex } from 'knex';

/** Units: departments and teams of an organization, as a tree (parent_id null = top level). */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('units', (t) => {
    t.increments('id');
    t.integer('organization_id').unsigned().notNullable().references('id').inTable('organizations').onDelete('CASCADE');
    t.integer('parent_id').unsigned().nullable().references('id').inTable('units').onDelete('CASCADE');
    t.string('name').notNullable();
    t.string('kind').notNullable().defaultTo('team');
    t.timestamp('created_at').notNullable().defaultTo(knex.fn.now());
    t.unique(['organization_id', 'parent_id', 'name']);
    t.index(['organization_id']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('units');
}
