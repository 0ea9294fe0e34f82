import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { insertAssignment } from '../../server/data/user-organizations.js';
import { loadDefaultInstrument } from '../../server/instruments/load.js';
import { formFromMapping } from '../../server/routes/staff/import-mapping-form.js';
import { rowCount, testDatabases } from '../helpers/db.js';
import { fixtureMapping, FIXTURES } from '../helpers/import-files.js';
import { seedSurvey } from '../helpers/survey-fixture.js';
import { csrfFrom, signIn, staffAppForEachTest } from './staff-app.js';

const NOW = new Date('2026-12-01T10:00:00Z');

describe.each(testDatabases())('the import pages on $name', ({ create }) => {
  const t = staffAppForEachTest(() => NOW, create);
  let base: string;
  let seeded: Awaited<ReturnType<typeof seedSurvey>>;
  beforeEach(async () => {
    seeded = await seedSurvey(t.db, { workflows: ['Claims intake', 'Invoicing'] });
    const slug = (await t.db('organizations').where({ id: seeded.organizationId }).first<{ slug: string }>()).slug;
    base = `/orgs/${slug}/surveys/${seeded.surveyId}/import`;
  });

  async function upload(
    agent: Awaited<ReturnType<typeof signIn>>['agent'],
    status: number,
    file: string,
    mappingFile?: string,
  ) {
    const page = await agent.get(base).expect(200);
    let req = agent
      .post(base)
      .field('_csrf', csrfFrom(page.text))
      .attach('file', readFileSync(join(FIXTURES, file)), { filename: file, contentType: 'text/csv' });
    if (mappingFile)
      req = req.attach('mappingFile', readFileSync(join(FIXTURES, mappingFile)), { filename: mappingFile });
    return req.expect(status);
  }

  async function waitForStatus(agent: Awaited<ReturnType<typeof signIn>>['agent'], url: string): Promise<string> {
    for (let i = 0; i < 200; i++) {
      const page = await agent.get(url).expect(200);
      if (!page.text.includes('Importing…')) return page.text;
      expect(page.text).toContain('<meta http-equiv="refresh" content="1">');
      await new Promise((r) => setTimeout(r, 25));
    }
    throw new Error('the import did not finish');
  }

  it('uploads, guesses the mapping, checks every row, imports once and refuses the same file again', async () => {
    const { agent } = await signIn(t.app, 'admin@example.com');
    const uploaded = await upload(agent, 303, 'google-forms.csv');
    const screenUrl = uploaded.headers.location as string;
    const screen = await agent.get(screenUrl).expect(200);
    // Guessed from the column names: the items by their text, the labels, the team and the workflow.
    expect(screen.text).toMatch(
      /name="item\.dr1"[\s\S]*?<option value="In my team, it is clear who approves[^"]*" selected>/,
    );
    expect(screen.text).toContain('Strongly agree = 5');
    const values = formFromMapping(fixtureMapping('google-forms'), loadDefaultInstrument());
    const checked = await agent
      .post(screenUrl)
      .type('form')
      .send({ ...values, _csrf: csrfFrom(screen.text), action: 'check' })
      .expect(200);
    expect(checked.text).toContain('Ready: 4 rows, no errors');
    expect(await rowCount(t.db('responses'))).toBe(0);
    const mapping = /name="mapping" value="([^"]*)"/.exec(checked.text)![1].replaceAll('&#34;', '"');
    const run = await agent
      .post(`${screenUrl}/run`)
      .type('form')
      .send({ _csrf: csrfFrom(checked.text), mapping })
      .expect(303);
    const status = await waitForStatus(agent, run.headers.location as string);
    expect(status).toMatch(/Imported <strong>4<\/strong> responses/);
    expect(await rowCount(t.db('responses'))).toBe(4);
    expect((await agent.get(base).expect(200)).text).toMatch(/data-testid="past-imports"[\s\S]*google-forms.csv/);

    // The same file again: the check says it was imported already.
    const again = await upload(agent, 303, 'google-forms.csv');
    const againScreen = await agent.get(again.headers.location as string).expect(200);
    const refused = await agent
      .post(again.headers.location as string)
      .type('form')
      .send({ ...values, _csrf: csrfFrom(againScreen.text), action: 'check' })
      .expect(400);
    expect(refused.text).toContain('This file was already imported');
  });

  it('takes a mapping JSON file with the upload and saves a mapping for the organization', async () => {
    const { agent } = await signIn(t.app, 'admin@example.com');
    const screen = await upload(agent, 200, 'qualtrics.csv', 'qualtrics.mapping.json');
    expect(screen.text).toMatch(/name="headerRows" type="number" value="3"/);
    expect(screen.text).toMatch(/<option value="Q1_1" selected>/);
    const token = /import\/([0-9a-f]{32})"/.exec(screen.text)![1];
    const values = formFromMapping(fixtureMapping('qualtrics'), loadDefaultInstrument());
    const saved = await agent
      .post(`${base}/${token}`)
      .type('form')
      .send({ ...values, _csrf: csrfFrom(screen.text), action: 'save', mappingName: 'Qualtrics 2026' })
      .expect(200);
    expect(saved.text).toContain('Saved the mapping “Qualtrics 2026”');
    const id = (await t.db('import_mappings').first<{ id: number }>()).id;
    const reused = await agent.get(`${base}/${token}?mapping=${id}`).expect(200);
    expect(reused.text).toMatch(/<option value="Q1_1" selected>/);
  });

  it('reads a Microsoft Forms workbook (.xlsx) with its mapping file', async () => {
    const { agent } = await signIn(t.app, 'admin@example.com');
    const screen = await upload(agent, 200, 'microsoft-forms.xlsx', 'microsoft-forms.mapping.json');
    expect(screen.text).toMatch(/<option value="Completion time" selected>/);
    expect(screen.text).toContain('<td>Agree · Disagree · Strongly agree</td>');
  });

  it('shows another organization’s consultant and analysts nothing of the imports', async () => {
    const { agent } = await signIn(t.app, 'admin@example.com');
    const uploaded = await upload(agent, 303, 'glint.csv');
    const screenUrl = uploaded.headers.location as string;
    const other = await seedSurvey(t.db);
    const outsider = await t.createUser('outsider@example.com', 'consultant');
    await insertAssignment(t.db, outsider.id, other.organizationId);
    await t.createUser('analyst@example.com', 'analyst', seeded.organizationId);
    for (const email of ['outsider@example.com', 'analyst@example.com']) {
      const { agent: them } = await signIn(t.app, email);
      await them.get(base).expect(404);
      await them.get(screenUrl).expect(404);
      await them.get(`${screenUrl}/status`).expect(404);
    }
  });
});
