import type { Knex } from 'knex';

/**
 * import_mappings: a named, reusable mapping of another survey tool's export columns to an
 * instrument's items, unit, workflow, role level and demographics (services/import-mapping.ts
 * validates the JSON definition), saved per organization; names are unique within it.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('import_mappings', (t) => {
    t.increments('id');
    t.integer('organization_id').unsigned().notNullable().references('id').inTable('organizations').onDelete('CASCADE');
    t.string('name', 120).notNullable();
    t.text('definition').notNullable();
    t.timestamp('created_at').notNullable().defaultTo(knex.fn.now());
    t.timestamp('updated_at').notNullable().defaultTo(knex.fn.now());
    t.unique(['organization_id', 'name']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('import_mappings');
}
