import type { Knex } from 'knex';

/**
 * responses.quality_flag: null for a usable response, else why it is left out of the figures and the
 * threshold counts ('straightline': every answer the same; 'fast': submitted faster than a person can
 * read the items). Only the verdict is kept, never a time.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('responses', (t) => {
    t.string('quality_flag', 20).nullable();
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('responses', (t) => {
    t.dropColumn('quality_flag');
  });
}
