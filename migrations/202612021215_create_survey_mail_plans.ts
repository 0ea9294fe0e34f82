import type { Knex } from 'knex';

/**
 * survey_mail_plans: what a survey sends on its own. `invite_on_open`: email invitations to the
 * organization's people (all, or those under `invite_unit_id`) when the survey opens; `invited_at` is
 * set by the one scheduler tick that claims that work. `reminder_days`: days before closing on which
 * people who have not answered are reminded, e.g. "3,1".
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('survey_mail_plans', (t) => {
    t.integer('survey_id').unsigned().primary().references('id').inTable('surveys').onDelete('CASCADE');
    t.boolean('invite_on_open').notNullable().defaultTo(false);
    t.integer('invite_unit_id').unsigned().nullable().references('id').inTable('units').onDelete('SET NULL');
    t.string('reminder_days', 40).notNullable().defaultTo('');
    t.timestamp('invited_at').nullable();
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('survey_mail_plans');
}
