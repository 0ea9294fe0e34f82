import type { Knex } from 'knex';

/** Surveys: one wave of one instrument version in one organization, reached at /s/:code. */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('surveys', (t) => {
    t.increments('id');
    t.integer('organization_id').unsigned().notNullable().references('id').inTable('organizations').onDelete('CASCADE');
    t.integer('instrument_id').unsigned().notNullable().references('id').inTable('instruments');
    t.string('code').notNullable().unique();
    t.string('title').notNullable();
    t.string('status').notNullable().defaultTo('draft');
    t.timestamp('opens_at').nullable();
    t.timestamp('closes_at').nullable();
    t.integer('anonymity_threshold').notNullable().defaultTo(5);
    t.integer('comment_threshold').notNullable().defaultTo(10);
    t.string('access').notNullable().defaultTo('open');
    t.text('workflows').notNullable().defaultTo('[]');
    t.timestamp('created_at').notNullable().defaultTo(knex.fn.now());
    t.index(['organization_id']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('surveys');
}
