import type { Knex } from 'knex';

/**
 * report_snapshots: a survey's built report view per version (server/services/report-snapshots.ts),
 * stored once and read by every app server. A row is first a claim (`state` 'building', with the
 * claiming server's `lease_owner` and `lease_expires_at`, epoch ms): the primary key lets one server
 * win the insert, and another may take the row over only once the lease has expired. Then it holds the
 * view (`view`, exact JSON, server/services/snapshot-json.ts), when it was built (`built_at`, epoch
 * ms), how long the build took (`build_ms`) and how many times this version was built (`builds`: 1
 * unless a builder died or lost its lease). `version_key` is a SHA-256 of the report's version.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('report_snapshots', (t) => {
    t.integer('survey_id').unsigned().notNullable().references('id').inTable('surveys').onDelete('CASCADE');
    t.string('version_key', 64).notNullable();
    t.string('state', 10).notNullable();
    t.string('lease_owner', 64).nullable();
    t.bigInteger('lease_expires_at').nullable();
    t.text('view').nullable();
    t.bigInteger('built_at').nullable();
    t.integer('build_ms').nullable();
    t.integer('builds').notNullable().defaultTo(0);
    t.primary(['survey_id', 'version_key']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('report_snapshots');
}
