import type { Knex } from 'knex';

/**
 * people: an organization's address list, imported from a CSV (services/people-import.ts). Personal
 * data, kept apart from responses: no key links a person to a response. `unit_id` is the unit the
 * person works in (null once that unit is deleted); the rest are optional attributes of the import.
 * Times are ISO strings written by the app.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('people', (t) => {
    t.increments('id');
    t.integer('organization_id').unsigned().notNullable().references('id').inTable('organizations').onDelete('CASCADE');
    t.string('email', 254).notNullable();
    t.integer('unit_id').unsigned().nullable().references('id').inTable('units').onDelete('SET NULL');
    t.string('manager_email', 254).nullable();
    t.string('location', 120).nullable();
    t.string('role_level', 120).nullable();
    t.string('language', 35).nullable();
    t.timestamp('created_at').notNullable();
    t.timestamp('updated_at').notNullable();
    t.unique(['organization_id', 'email']);
    t.index(['unit_id']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('people');
}
