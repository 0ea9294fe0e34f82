import type { Knex } from 'knex';

/**
 * audit_events.organization_id becomes nullable: an event about a staff account (deactivated,
 * reactivated) belongs to no organization. The foreign key and the index stay as they were.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('audit_events', (t) => {
    t.integer('organization_id').unsigned().nullable().alter();
  });
}

/** Account events have no organization to keep them under: they are deleted before the column is required again. */
export async function down(knex: Knex): Promise<void> {
  await knex('audit_events').whereNull('organization_id').del();
  await knex.schema.alterTable('audit_events', (t) => {
    t.integer('organization_id').unsigned().notNullable().alter();
  });
}
