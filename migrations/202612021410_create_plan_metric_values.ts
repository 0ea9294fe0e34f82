import type { Knex } from 'knex';

/** plan_metric_values: the plan's business metric per period (a label such as 2026-11 or 2026-Q4), one value each. */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('plan_metric_values', (t) => {
    t.increments('id');
    t.integer('plan_id').unsigned().notNullable().references('id').inTable('redesign_plans').onDelete('CASCADE');
    t.string('period', 20).notNullable();
    t.double('value').notNullable();
    t.unique(['plan_id', 'period']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('plan_metric_values');
}
