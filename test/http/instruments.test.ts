/**
 * The instruments pages over HTTP: copying the default into a draft, the editor (a refused save keeps
 * what was typed and says the problem beside the field; a good one adds items and N/A), uploads with
 * line-precise problems, downloads, translations, publishing and a survey created on the result; and
 * that another organization's consultant and analysts never reach a draft.
 */
import { describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { loadDefaultInstrument } from '../../server/instruments/load.js';
import { testDatabases } from '../helpers/db.js';
import { formFields } from '../helpers/form-fields.js';
import { createOrgThroughPages, signIn, staffAppForEachTest } from './staff-app.js';

const NOW = new Date('2026-12-01T10:00:00Z');
const defaultInstrument = loadDefaultInstrument();

describe.each(testDatabases())('instrument pages on $name', ({ create }) => {
  const t = staffAppForEachTest(() => NOW, create);

  async function copyDefault() {
    const { agent, csrf } = await signIn(t.app, 'admin@example.com');
    const orgPath = await createOrgThroughPages(agent, csrf, 'Acme');
    const list = await agent.get('/instruments').expect(200);
    const fields = formFields(list.text, '/instruments/copy');
    expect(list.text).toContain(defaultInstrument.title);
    const copied = await agent
      .post('/instruments/copy')
      .type('form')
      .send({ ...fields, key: 'acme-model' })
      .expect(303);
    const editPath = copied.headers.location as string;
    expect(editPath).toMatch(/^\/instruments\/\d+\/edit$/);
    return { agent, csrf, orgPath, editPath, id: editPath.split('/')[2] };
  }

  it('refuses a duplicate item id beside the field, keeping everything typed, then saves two new items with N/A', async () => {
    const { agent, editPath, id } = await copyDefault();
    const page = await agent.get(editPath).expect(200);
    const fields = formFields(page.text, editPath);
    const n = defaultInstrument.scales[0].items.length;
    const refused = await agent
      .post(editPath)
      .type('form')
      .send({
        ...fields,
        'scales[0].newItem.text': 'We decide who may approve an AI tool within a week.',
        'scales[0].newItem.id': defaultInstrument.scales[0].items[0].id,
        'scales[1].items[0].text': 'Reworded but not saved',
      })
      .expect(400);
    expect(refused.text).toMatch(
      new RegExp(
        `id="f-scales\\[0\\]\\.items\\[${n}\\]\\.id-error"><span class="visually-hidden">Error: </span>duplicate id`,
      ),
    );
    expect(refused.text).toContain('We decide who may approve an AI tool within a week.');
    expect(refused.text).toContain('Reworded but not saved');
    expect((await agent.get(`/instruments/${id}`)).text).not.toContain('Reworded but not saved');

    const again = formFields(refused.text, editPath);
    const saved = await agent
      .post(editPath)
      .type('form')
      .send({
        ...again,
        [`scales[0].items[${n}].id`]: 'own1',
        [`scales[0].items[${n}].notApplicable`]: 'on',
        'scales[2].newItem.text': 'My team shares its prompts.',
        'scales[2].newItem.id': 'own2',
        'scales[2].newItem.optional': 'on',
      })
      .expect(303);
    expect(saved.headers.location).toBe(`${editPath}?saved=1`);
    const download = await agent.get(`/instruments/${id}/download.yaml`).expect(200);
    const doc = parse(download.text) as typeof defaultInstrument;
    expect(doc.scales[0].items[n]).toMatchObject({ id: 'own1', notApplicable: true });
    expect(doc.scales[1].items[0].text).toBe('Reworded but not saved');
    expect(doc.scales[2].items.at(-1)).toMatchObject({ id: 'own2', required: false });
    expect(doc).toMatchObject({ id: 'acme-model', version: 1 });
  });

  it('moves an item to another scale and widens the Likert range, with the label count checked', async () => {
    const { agent, editPath, id } = await copyDefault();
    const fields = formFields((await agent.get(editPath)).text, editPath);
    const tooFew = await agent
      .post(editPath)
      .type('form')
      .send({ ...fields, 'likert.max': '7' })
      .expect(400);
    expect(tooFew.text).toMatch(/id="f-likert\.labels-error">.*expected 7 labels/);
    const labels = ['1', '2', '3', '4', '5', '6', '7'].join('\n');
    await agent
      .post(editPath)
      .type('form')
      .send({
        ...fields,
        'likert.max': '7',
        'likert.labels': labels,
        'scales[0].items[1].scale': '1',
        'scales[2].items[0].remove': 'on',
      })
      .expect(303);
    const doc = JSON.parse(
      (await agent.get(`/instruments/${id}/download.json`).expect(200)).text,
    ) as typeof defaultInstrument;
    expect(doc.likert.max).toBe(7);
    expect(doc.scales[1].items.at(-1)!.id).toBe(defaultInstrument.scales[0].items[1].id);
    expect(doc.scales[0].items.map((i) => i.id)).not.toContain(defaultInstrument.scales[0].items[1].id);
    expect(doc.scales[2].items.map((i) => i.id)).not.toContain(defaultInstrument.scales[2].items[0].id);
  });

  it('changes a scale’s group, saying beside the lever select that the lever must move too', async () => {
    const { agent, editPath, id } = await copyDefault();
    const fields = formFields((await agent.get(editPath)).text, editPath);
    const [first, second] = defaultInstrument.scales;
    expect(defaultInstrument.levers.decisionRights).toBe(first.id);
    const refused = await agent
      .post(editPath)
      .type('form')
      .send({ ...fields, 'scales[0].group': 'individual' })
      .expect(400);
    expect(refused.text).toMatch(
      /id="f-levers\.decisionRights-error">.*is individual; expected a scale of group organizational/,
    );
    await agent
      .post(editPath)
      .type('form')
      .send({ ...fields, 'scales[0].group': 'individual', 'levers.decisionRights': second.id })
      .expect(303);
    const doc = JSON.parse((await agent.get(`/instruments/${id}/download.json`)).text) as typeof defaultInstrument;
    expect(doc.scales[0].group).toBe('individual');
    expect(doc.levers.decisionRights).toBe(second.id);
  });

  it('lists every problem of an uploaded file with its line and column, and stores a good file as a draft', async () => {
    const { agent, csrf } = await signIn(t.app, 'admin@example.com');
    const orgPath = await createOrgThroughPages(agent, csrf, 'Acme');
    const owner = formFields((await agent.get('/instruments')).text, '/instruments/upload').uploadOwner;
    expect(orgPath).toBeTruthy();
    const bad = structuredClone(defaultInstrument) as unknown as { id: string; scales: { items: { id: string }[] }[] };
    bad.id = 'uploaded';
    bad.scales[2].items[0].id = bad.scales[0].items[0].id;
    const text = stringify(bad);
    const lines = text.split('\n');
    const scale2 = lines.findIndex((l) => l.includes(`id: ${defaultInstrument.scales[2].id}`));
    const line = lines.findIndex((l, i) => i > scale2 && l.includes(`id: ${bad.scales[0].items[0].id}`)) + 1;
    const refused = await agent
      .post('/instruments/upload')
      .field('_csrf', csrf)
      .field('uploadOwner', owner)
      .attach('file', Buffer.from(text), 'mine.yaml')
      .expect(400);
    expect(refused.text).toContain(`line ${line}, column 9: scales[2].items[0].id: duplicate id`);
    const good = await agent
      .post('/instruments/upload')
      .field('_csrf', csrf)
      .field('uploadOwner', owner)
      .attach('file', Buffer.from(JSON.stringify({ ...defaultInstrument, id: 'uploaded' })), 'mine.json')
      .expect(303);
    expect((await agent.get(good.headers.location as string).expect(200)).text).toContain('Draft: not offered');
  });

  it('saves a complete translation, names a missing text beside its field, publishes and creates a survey on it', async () => {
    const { agent, csrf, orgPath, id } = await copyDefault();
    const path = `/instruments/${id}/translations`;
    const page = await agent.get(`${path}?tag=fr`).expect(200);
    const fields = formFields(page.text, path);
    const filled = Object.fromEntries(
      Object.entries(fields).map(([k, v]) => [k, k === '_csrf' || k === 'tag' ? v : `fr: ${k}`]),
    );
    const itemId = defaultInstrument.scales[3].items[1].id;
    const refused = await agent
      .post(path)
      .type('form')
      .send({ ...filled, [`items.${itemId}`]: '' })
      .expect(400);
    expect(refused.text).toMatch(new RegExp(`id="f-items\\.${itemId}-error">.*must not be empty`));
    expect(refused.text).toContain('fr: title');
    await agent.post(path).type('form').send(filled).expect(303);
    expect((await agent.get(`${path}?tag=fr`)).text).toContain(`value="fr: items.${itemId}"`);

    await agent.post(`/instruments/${id}/publish`).type('form').send({ _csrf: csrf }).expect(303);
    const newSurvey = await agent.get(`${orgPath}/surveys/new`).expect(200);
    const options = [...newSurvey.text.matchAll(/<option value="(\d+)"[^>]*>([^<]*)</g)].map((m) => m[2]);
    expect(options[0]).toContain(defaultInstrument.id);
    expect(options[1]).toContain('acme-model v1');
    const created = await agent
      .post(`${orgPath}/surveys`)
      .type('form')
      .send({ _csrf: csrf, title: 'Wave', access: 'open', anonymityThreshold: '5', instrumentId: id })
      .expect(303);
    const surveyId = (created.headers.location as string).split('/').pop();
    expect((await agent.get(created.headers.location as string).expect(200)).text).toMatch(
      /<dt>Instrument<\/dt><dd>[^<]*\(acme-model v1\)<\/dd>/,
    );
    expect((await t.db('surveys').where({ id: surveyId }).first('instrument_id')).instrument_id).toBe(Number(id));
  });

  it('refuses an incomplete translation file with the line of each problem, and a post without the CSRF token', async () => {
    const { agent, csrf, editPath, id } = await copyDefault();
    const fields = formFields((await agent.get(editPath)).text, editPath);
    await agent
      .post(editPath)
      .type('form')
      .send({ ...fields, _csrf: 'forged', title: 'Forged' })
      .expect(403);
    const items = Object.fromEntries(defaultInstrument.scales.flatMap((s) => s.items.map((i) => [i.id, `de ${i.id}`])));
    delete items[defaultInstrument.scales[1].items[2].id];
    const translation = {
      title: 'Bereitschaft',
      intro: 'Einleitung',
      likertLabels: ['1', '2', '3', '4', '5'],
      scales: Object.fromEntries(
        defaultInstrument.scales.map((s) => [
          s.id,
          { title: `de ${s.id}`, ...(s.description ? { description: 'd' } : {}) },
        ]),
      ),
      items,
      roleLevels: defaultInstrument.roleLevels.map((r) => `de ${r}`),
      ...(defaultInstrument.comment ? { comment: 'Kommentar' } : {}),
    };
    const text = stringify(translation);
    const refused = await agent
      .post(`/instruments/${id}/translations/upload`)
      .field('_csrf', csrf)
      .field('tag', 'de')
      .attach('file', Buffer.from(text), 'de.yaml')
      .expect(400);
    const itemsLine = text.split('\n').findIndex((l) => l.startsWith('items:')) + 1;
    expect(refused.text).toContain(
      `line ${itemsLine}, column 1: items.${defaultInstrument.scales[1].items[2].id}: is missing`,
    );
    items[defaultInstrument.scales[1].items[2].id] = 'zurück';
    await agent
      .post(`/instruments/${id}/translations/upload`)
      .field('_csrf', csrf)
      .field('tag', 'de')
      .attach('file', Buffer.from(JSON.stringify({ ...translation, items })), 'de.json')
      .expect(303);
    const doc = parse((await agent.get(`/instruments/${id}/download.yaml`)).text) as typeof defaultInstrument;
    expect(doc.translations?.de.items[defaultInstrument.scales[1].items[2].id]).toBe('zurück');
    expect(doc.title).not.toBe('Forged');
  });

  it('lets a consultant keep an instrument of their own, share it, and offers it to their clients only once published', async () => {
    const admin = await signIn(t.app, 'admin@example.com');
    const acmePath = await createOrgThroughPages(admin.agent, admin.csrf, 'Acme');
    const initechPath = await createOrgThroughPages(admin.agent, admin.csrf, 'Initech');
    const acme = await t.db('organizations').where({ name: 'Acme' }).first('id');
    const consultant = await t.createUser('c@example.com', 'consultant');
    await t.db('user_organizations').insert({ user_id: consultant.id, organization_id: acme.id });
    const { agent, csrf } = await signIn(t.app, 'c@example.com');
    const fields = formFields((await agent.get('/instruments').expect(200)).text, '/instruments/copy');
    const copied = await agent
      .post('/instruments/copy')
      .type('form')
      .send({ ...fields, key: 'c-model', owner: 'user' })
      .expect(303);
    const id = (copied.headers.location as string).split('/')[2];
    await agent.post(`/instruments/${id}/publish`).type('form').send({ _csrf: csrf }).expect(303);
    const offered = async (path: string) => (await admin.agent.get(`${path}/surveys/new`).expect(200)).text;
    expect(await offered(acmePath)).not.toContain('c-model');
    const page = await agent.get(`/instruments/${id}`).expect(200);
    expect(page.text).toContain('Share with all my client organizations');
    await agent.post(`/instruments/${id}/share`).type('form').send({ _csrf: csrf, shared: 'yes' }).expect(303);
    expect(await offered(acmePath)).toContain('c-model v1');
    expect(await offered(initechPath)).not.toContain('c-model');
    // The admin sees it but only its consultant shares it.
    await admin.agent
      .post(`/instruments/${id}/share`)
      .type('form')
      .send({ _csrf: admin.csrf, shared: 'no' })
      .expect(403);
  });

  it('hides an organization’s draft from another organization’s consultant, and the pages from analysts', async () => {
    const { agent, csrf, id } = await copyDefault();
    await createOrgThroughPages(agent, csrf, 'Globex');
    const globex = await t.db('organizations').where({ name: 'Globex' }).first('id');
    await t.createUser('c@example.com', 'consultant');
    const consultant = await t.db('users').where({ email: 'c@example.com' }).first('id');
    await t.db('user_organizations').insert({ user_id: consultant.id, organization_id: globex.id });
    await t.createUser('an@example.com', 'analyst', globex.id);

    const other = await signIn(t.app, 'c@example.com');
    await other.agent.get(`/instruments/${id}`).expect(404);
    await other.agent.get(`/instruments/${id}/edit`).expect(404);
    await other.agent.post(`/instruments/${id}/publish`).type('form').send({ _csrf: other.csrf }).expect(404);
    expect((await other.agent.get('/instruments').expect(200)).text).not.toContain('acme-model');
    const analyst = await signIn(t.app, 'an@example.com');
    await analyst.agent.get('/instruments').expect(404);
  });
});
