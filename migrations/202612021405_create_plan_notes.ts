import type { Knex } from 'knex';

/** plan_notes: dated notes on a redesign plan, with the status the plan had when the note was written. */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('plan_notes', (t) => {
    t.increments('id');
    t.integer('plan_id').unsigned().notNullable().references('id').inTable('redesign_plans').onDelete('CASCADE');
    t.integer('user_id').unsigned().nullable().references('id').inTable('users').onDelete('SET NULL');
    t.string('status', 20).notNullable();
    t.text('body').notNullable();
    t.timestamp('created_at').notNullable().defaultTo(knex.fn.now());
    t.index(['plan_id', 'created_at']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('plan_notes');
}
