import type { Knex } from 'knex';

/** Instruments: versioned questionnaire definitions (the validated JSON document in `definition`). */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('instruments', (t) => {
    t.increments('id');
    t.string('key').notNullable();
    t.integer('version').notNullable();
    t.string('title').notNullable();
    t.text('definition').notNullable();
    t.timestamp('created_at').notNullable().defaultTo(knex.fn.now());
    t.unique(['key', 'version']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('instruments');
}
