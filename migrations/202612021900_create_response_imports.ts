import type { Knex } from 'knex';

/**
 * response_imports: one row per file imported into a survey from another survey tool, written in the
 * transaction that stores its responses. The SHA-256 of the file's bytes is unique per survey, so the
 * same file is never imported twice (two imports racing: the second fails on the index and stores
 * nothing). The file name and the count are kept for the list; nothing from the file's rows is.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('response_imports', (t) => {
    t.increments('id');
    t.integer('organization_id').unsigned().notNullable().references('id').inTable('organizations').onDelete('CASCADE');
    t.integer('survey_id').unsigned().notNullable().references('id').inTable('surveys').onDelete('CASCADE');
    t.integer('user_id').unsigned().nullable().references('id').inTable('users').onDelete('SET NULL');
    t.string('content_hash', 64).notNullable();
    t.string('file_name', 255).notNullable();
    t.integer('rows').notNullable();
    t.timestamp('created_at').notNullable().defaultTo(knex.fn.now());
    t.unique(['survey_id', 'content_hash']);
    t.index(['organization_id']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('response_imports');
}
