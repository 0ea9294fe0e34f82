/** `readiness import` in-process against a database named by DATABASE_URL (SQLite file; PostgreSQL schema with TEST_DATABASE_URL). */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { main } from '../../server/cli.js';
import { createDb } from '../../server/db.js';
import { migrate } from '../../server/migrations-source.js';
import { captureIO } from '../helpers/cli-io.js';
import { emptyTestDatabases, type EmptyTestDatabase } from '../helpers/db.js';
import { FIXTURES, tempDir } from '../helpers/import-files.js';
import { seedSurvey } from '../helpers/survey-fixture.js';

describe.each(emptyTestDatabases())('readiness import on $name', ({ create }) => {
  let database: EmptyTestDatabase;
  let surveyId: number;
  let temp: ReturnType<typeof tempDir>;

  beforeEach(async () => {
    database = await create();
    temp = tempDir();
    const db = createDb(database.url);
    try {
      await migrate(db);
      surveyId = (await seedSurvey(db)).surveyId;
    } finally {
      await db.destroy();
    }
  });
  afterEach(async () => {
    temp.remove();
    await database.destroy();
  });

  const responses = async () => {
    const db = createDb(database.url);
    try {
      return Number((await db('responses').where({ survey_id: surveyId }).count({ n: '*' }).first())?.n);
    } finally {
      await db.destroy();
    }
  };
  /** Captured output, with DATABASE_URL naming the test database. */
  const cli = (tty = false) => Object.assign(captureIO(tty), { env: { DATABASE_URL: database.url } });
  const importArgs = (file: string, mapping = join(FIXTURES, 'qualtrics.mapping.json')) => [
    'import',
    file,
    '--survey',
    String(surveyId),
    '--mapping',
    mapping,
  ];

  it('imports a Qualtrics export with a mapping file, drawing a progress bar on a terminal, then refuses the same file', async () => {
    const io = cli(true);
    const code = await main(importArgs(join(FIXTURES, 'qualtrics.csv')), io);
    expect(io.stdout).toContain(`Imported 6 responses into survey ${surveyId}`);
    expect(code).toBe(0);
    expect(io.stderr).toContain('Importing [####################] 6/6');
    expect(await responses()).toBe(6);

    const again = cli();
    expect(await main(importArgs(join(FIXTURES, 'qualtrics.csv')), again)).toBe(1);
    expect(again.stderr).toMatch(
      /already imported into this survey on \d{4}-\d\d-\d\d \(6 responses, as “qualtrics.csv”\)/,
    );
    expect(await responses()).toBe(6);
  });

  it('prints every row error and stores nothing (exit 2); --check stores nothing either', async () => {
    const path = join(temp.dir, 'bad.csv');
    const mapping = join(temp.dir, 'mapping.json');
    writeFileSync(mapping, JSON.stringify({ items: { dr1: 'Q1', dr2: 'Q2' } }));
    writeFileSync(path, 'Q1,Q2\n5,4\n6,4\n3,x\n');
    const io = cli();
    expect(await main(importArgs(path, mapping), io)).toBe(2);
    expect(io.stderr).toContain('2 error(s): nothing was imported.');
    expect(io.stderr).toContain('row 3  Q1  "6"  Outside the source scale 1–5.');
    expect(io.stderr).toContain('row 4  Q2  "x"  Not a number from 1 to 5.');
    expect(await responses()).toBe(0);

    writeFileSync(path, 'Q1,Q2\n5,4\n');
    const check = cli();
    expect(await main([...importArgs(path, mapping), '--check'], check)).toBe(0);
    expect(check.stdout).toContain('Checked 1 rows');
    expect(await responses()).toBe(0);
  });

  it('says what is wrong with the usage or the mapping file (exit 2)', async () => {
    const usage = cli();
    expect(await main(['import', 'x.csv', '--survey', 'abc', '--mapping', 'm.json'], usage)).toBe(2);
    expect(usage.stderr).toContain("--survey takes the survey's id");
    const mapping = join(temp.dir, 'mapping.json');
    writeFileSync(mapping, JSON.stringify({ items: { dr1: 'Q1' }, scale: { min: 5, max: 1 } }));
    const bad = cli();
    expect(await main(importArgs(join(FIXTURES, 'glint.csv'), mapping), bad)).toBe(2);
    expect(bad.stderr).toContain('The mapping is not valid: scale:');
  });
});
