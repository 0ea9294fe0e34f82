import type { Knex } from 'knex';

/** Staff sessions, in the exact shape connect-session-knex 5 reads and writes (sid, sess, expired).
 * Created here rather than by the store, so every database gets it through migrations. */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('sessions', (t) => {
    t.string('sid', 255).primary();
    t.json('sess').notNullable();
    t.timestamp('expired', { useTz: true }).notNullable().index();
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('sessions');
}
