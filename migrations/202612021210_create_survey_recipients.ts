import type { Knex } from 'knex';

/**
 * survey_recipients: a survey's address list, the people it invited by email, each with the
 * invitation sent to them. Reminders read the invitation's `used` flag through it, and nothing else:
 * a response row has no invitation id, so no answer can be traced to a person. Erased (with the
 * survey's mail in the outbox) by an admin once the survey is closed.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('survey_recipients', (t) => {
    t.increments('id');
    t.integer('survey_id').unsigned().notNullable().references('id').inTable('surveys').onDelete('CASCADE');
    t.integer('person_id').unsigned().notNullable().references('id').inTable('people').onDelete('CASCADE');
    t.integer('invitation_id')
      .unsigned()
      .notNullable()
      .unique()
      .references('id')
      .inTable('invitations')
      .onDelete('CASCADE');
    t.timestamp('invited_at').notNullable();
    t.unique(['survey_id', 'person_id']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('survey_recipients');
}
