import type { Knex } from 'knex';

/**
 * redesign_plans: one workflow's redesign, started from a survey (the wave it starts from): the
 * levers (JSON array), an owner (a staff user; null once the account is deleted), a target day
 * (YYYY-MM-DD), the answers to the three redesign questions, a status, and at most one business
 * metric (name, unit, direction 'up' or 'down' = which way is better, baseline). Nothing about
 * respondents is kept here.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('redesign_plans', (t) => {
    t.increments('id');
    t.integer('organization_id').unsigned().notNullable().references('id').inTable('organizations').onDelete('CASCADE');
    t.integer('survey_id').unsigned().notNullable().references('id').inTable('surveys').onDelete('CASCADE');
    t.string('workflow', 120).notNullable();
    t.text('levers').notNullable().defaultTo('[]');
    t.integer('owner_id').unsigned().nullable().references('id').inTable('users').onDelete('SET NULL');
    t.string('target_date', 10).nullable();
    t.text('decision_rights').notNullable().defaultTo('');
    t.text('data_access').notNullable().defaultTo('');
    t.text('measurement').notNullable().defaultTo('');
    t.string('status', 20).notNullable().defaultTo('planned');
    t.string('metric_name', 120).nullable();
    t.string('metric_unit', 40).nullable();
    t.string('metric_direction', 4).nullable();
    t.double('metric_baseline').nullable();
    t.timestamp('created_at').notNullable().defaultTo(knex.fn.now());
    t.timestamp('updated_at').notNullable().defaultTo(knex.fn.now());
    t.index(['organization_id', 'status']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('redesign_plans');
}
