import type { Knex } from 'knex';

/**
 * Who owns an instrument and whether it may be picked yet: `organization_id` (an organization's own) or
 * `owner_user_id` (a consultant's, offered to every organization they are assigned to when `shared`);
 * both null for the shipped default. `status` is 'draft' or 'published'; rows stored before are published.
 * `pending_translations` (JSON, drafts only): translations a change made incomplete (new items), kept out of
 * the valid `definition` until completed; a draft publishes only without any.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('instruments', (t) => {
    t.integer('organization_id').unsigned().nullable().references('id').inTable('organizations').onDelete('CASCADE');
    t.integer('owner_user_id').unsigned().nullable().references('id').inTable('users').onDelete('CASCADE');
    t.string('status', 16).notNullable().defaultTo('published');
    t.boolean('shared').notNullable().defaultTo(false);
    t.text('pending_translations').nullable();
    t.index(['organization_id']);
    t.index(['owner_user_id']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('instruments', (t) => {
    t.dropIndex(['owner_user_id']);
    t.dropIndex(['organization_id']);
    t.dropForeign(['owner_user_id']);
    t.dropForeign(['organization_id']);
    t.dropColumn('pending_translations');
    t.dropColumn('shared');
    t.dropColumn('status');
    t.dropColumn('owner_user_id');
    t.dropColumn('organization_id');
  });
}
