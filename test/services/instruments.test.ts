/**
 * Custom instruments (services/instruments.ts) on both databases: copies are drafts of their owner,
 * saves are validated, a version a survey opened with is frozen (a change starts version + 1 of the
 * same key), another organization neither sees nor changes a draft, and a consultant's shared
 * instrument reaches exactly the organizations the consultant is assigned to.
 */
import type { Knex } from 'knex';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadDefaultInstrument } from '../../server/instruments/load.js';
import { createInstrumentService } from '../../server/services/instruments.js';
import { createOrganizationService } from '../../server/services/organizations.js';
import { createSurveyService } from '../../server/services/surveys.js';
import type { StaffUser } from '../../server/services/users.js';
import { testDatabases, type TestDb } from '../helpers/db.js';

const NOW = new Date('2026-12-01T10:00:00Z');
const defaultInstrument = loadDefaultInstrument();
const admin: StaffUser = { id: 1, email: 'admin@example.com', role: 'admin', organizationId: null };
const consultant: StaffUser = { id: 2, email: 'c@example.com', role: 'consultant', organizationId: null };
const otherConsultant: StaffUser = { id: 3, email: 'd@example.com', role: 'consultant', organizationId: null };
const settings = { title: 'Wave', workflows: [], access: 'open' as const, anonymityThreshold: 5, closesAt: null };

describe.each(testDatabases())('instruments on $name', ({ create }) => {
  let t: TestDb;
  let db: Knex;
  let instruments: ReturnType<typeof createInstrumentService>;
  let surveys: ReturnType<typeof createSurveyService>;
  let acme: number;
  let globex: number;
  let initech: number;
  let analystOfGlobex: StaffUser;
  beforeEach(async () => {
    t = await create();
    db = t.db;
    const orgs = createOrganizationService({ db });
    acme = (await orgs.create({ name: 'Acme' })).id;
    globex = (await orgs.create({ name: 'Globex' })).id;
    initech = (await orgs.create({ name: 'Initech' })).id;
    analystOfGlobex = { id: 4, email: 'g@example.com', role: 'analyst', organizationId: globex };
    await db('users').insert([
      { id: 1, email: admin.email, password_hash: 'x', role: 'admin' },
      { id: 2, email: consultant.email, password_hash: 'x', role: 'consultant' },
      { id: 3, email: otherConsultant.email, password_hash: 'x', role: 'consultant' },
      { id: 4, email: analystOfGlobex.email, password_hash: 'x', role: 'analyst', organization_id: globex },
    ]);
    await db('user_organizations').insert([
      { user_id: 2, organization_id: acme },
      { user_id: 2, organization_id: globex },
      { user_id: 3, organization_id: initech },
    ]);
    instruments = createInstrumentService({ db, defaultInstrument });
    surveys = createSurveyService({ db, instrument: defaultInstrument, clock: () => NOW });
  });
  afterEach(async () => {
    await t.destroy();
  });

  const defaultId = async () => (await instruments.list(admin)).find((r) => r.key === defaultInstrument.id)!.id;

  it('copies the default into a draft of the organization, which other organizations cannot see or change', async () => {
    const id = await instruments.copy(consultant, await defaultId(), {
      key: 'acme-model',
      owner: { organizationId: acme },
    });
    const draft = await instruments.find(consultant, id);
    expect(draft).toMatchObject({
      status: 'draft',
      key: 'acme-model',
      version: 1,
      organizationId: acme,
      editable: true,
    });
    expect(draft.instrument.scales).toEqual(defaultInstrument.scales);
    await expect(instruments.find(otherConsultant, id)).rejects.toThrow(/no instrument/);
    expect((await instruments.list(otherConsultant)).map((r) => r.key)).toEqual([defaultInstrument.id]);
    await expect(instruments.save(otherConsultant, id, { ...draft.instrument, title: 'Mine' })).rejects.toThrow(
      /no instrument/,
    );
    // The organization's analyst sees it but does not shape instruments.
    expect((await instruments.find(analystOfGlobex, await defaultId())).editable).toBe(false);
  });

  it('refuses a save the schema refuses, naming the path, and keeps the stored draft', async () => {
    const id = await instruments.copy(admin, await defaultId(), { key: 'acme-model', owner: { organizationId: acme } });
    const { instrument } = await instruments.find(admin, id);
    const scales = instrument.scales.map((s, i) =>
      i === 0 ? { ...s, items: [...s.items, { ...s.items[0], text: 'Again' }] } : s,
    );
    const result = await instruments.save(admin, id, { ...instrument, scales });
    expect(result.ok).toBe(false);
    expect(!result.ok && result.issues.map((i) => i.path.join('.'))).toContain(
      `scales.0.items.${instrument.scales[0].items.length}.id`,
    );
    expect((await instruments.find(admin, id)).instrument.scales[0].items).toHaveLength(
      instrument.scales[0].items.length,
    );
  });

  it('freezes a version once a survey opens with it: a change starts version 2 of the same key', async () => {
    const id = await instruments.copy(admin, await defaultId(), { key: 'acme-model', owner: { organizationId: acme } });
    const { instrument } = await instruments.find(admin, id);
    expect(await instruments.save(admin, id, { ...instrument, title: 'Acme model' })).toMatchObject({ ok: true });
    await instruments.publish(admin, id);
    const survey = await surveys.create(acme, { ...settings, instrumentId: id });
    expect(survey.instrumentId).toBe(id);
    await surveys.open(acme, survey.id);

    await expect(instruments.save(admin, id, { ...instrument, title: 'Changed' })).rejects.toThrow(/new version/);
    const next = await instruments.newVersion(admin, id);
    expect(next).not.toBe(id);
    expect(await instruments.newVersion(admin, id)).toBe(next);
    expect(await instruments.save(admin, next, { ...instrument, title: 'Acme model, 2027' })).toMatchObject({
      ok: true,
    });
    const v2 = await instruments.find(admin, next);
    expect(v2).toMatchObject({ key: 'acme-model', version: 2, status: 'draft', title: 'Acme model, 2027' });
    expect(v2.instrument.version).toBe(2);
    const v1 = await instruments.find(admin, id);
    expect(v1).toMatchObject({ frozen: true, title: 'Acme model', version: 1 });
    // Only published versions are offered to surveys, the latest of each key, the default first.
    expect((await instruments.selectableFor(acme)).map((r) => [r.key, r.version])).toEqual([
      [defaultInstrument.id, defaultInstrument.version],
      ['acme-model', 1],
    ]);
    await instruments.publish(admin, next);
    expect((await instruments.selectableFor(acme)).map((r) => r.version)).toEqual([defaultInstrument.version, 2]);
    expect((await instruments.selectableFor(globex)).map((r) => r.key)).toEqual([defaultInstrument.id]);
  });

  it('keeps a translation an added item made incomplete aside, and publishes once it is completed', async () => {
    const id = await instruments.copy(admin, await defaultId(), { key: 'acme-model', owner: { organizationId: acme } });
    const { instrument } = await instruments.find(admin, id);
    const items = Object.fromEntries(instrument.scales.flatMap((s) => s.items.map((i) => [i.id, `fr ${i.id}`])));
    const fr = {
      title: 'Modèle',
      ...(instrument.intro ? { intro: 'Intro' } : {}),
      ...(instrument.comment ? { comment: 'Commentaire' } : {}),
      likertLabels: instrument.likert.labels.map((l) => `fr ${l}`),
      scales: Object.fromEntries(
        instrument.scales.map((s) => [
          s.id,
          { title: `fr ${s.title}`, ...(s.description ? { description: 'd' } : {}) },
        ]),
      ),
      items,
      roleLevels: instrument.roleLevels.map((r) => `fr ${r}`),
    };
    expect(await instruments.saveTranslation(admin, id, 'fr', fr)).toEqual({ ok: true, pending: [] });
    const withFr = (await instruments.find(admin, id)).instrument;
    const scales = withFr.scales.map((s, k) =>
      k === 0 ? { ...s, items: [...s.items, { id: 'own1', text: 'Mine', reverse: false }] } : s,
    );
    // The default ships German too: both translations now lack the new item.
    expect(await instruments.save(admin, id, { ...withFr, scales })).toEqual({ ok: true, pending: ['de', 'fr'] });
    const saved = await instruments.find(admin, id);
    expect(saved.instrument.scales[0].items.at(-1)!.id).toBe('own1');
    expect(saved.instrument.translations?.fr).toBeUndefined();
    expect(Object.keys(saved.pendingTranslations)).toEqual(['de', 'fr']);
    await expect(instruments.publish(admin, id)).rejects.toThrow(/Complete the de, fr translations/);
    const de = saved.pendingTranslations.de as { items: Record<string, string> };
    expect(
      await instruments.saveTranslation(admin, id, 'de', { ...de, items: { ...de.items, own1: 'Meine' } }),
    ).toMatchObject({ ok: true });
    // Another problem is never put aside: the save is refused as a whole.
    const refused = await instruments.save(admin, id, { ...saved.instrument, title: '' });
    expect(refused.ok).toBe(false);
    expect(await instruments.saveTranslation(admin, id, 'fr', { ...fr, items: { ...items, own1: 'À moi' } })).toEqual({
      ok: true,
      pending: [],
    });
    await instruments.publish(admin, id);
    expect((await instruments.find(admin, id)).instrument.translations?.fr.items.own1).toBe('À moi');
  });

  it('refuses a survey on a draft or on another organization’s instrument', async () => {
    const id = await instruments.copy(admin, await defaultId(), { key: 'acme-model', owner: { organizationId: acme } });
    await expect(surveys.create(acme, { ...settings, instrumentId: id })).rejects.toThrow(/published/);
    await instruments.publish(admin, id);
    await expect(surveys.create(globex, { ...settings, instrumentId: id })).rejects.toThrow(/published/);
  });

  it('offers a consultant’s shared instrument to every client of theirs, and to no one else', async () => {
    const id = await instruments.copy(consultant, await defaultId(), {
      key: 'c-model',
      owner: { userId: consultant.id },
    });
    await instruments.publish(consultant, id);
    expect((await instruments.selectableFor(acme)).map((r) => r.key)).not.toContain('c-model');
    await instruments.share(consultant, id, true);
    expect((await instruments.selectableFor(acme)).map((r) => r.key)).toContain('c-model');
    expect((await instruments.selectableFor(globex)).map((r) => r.key)).toContain('c-model');
    expect((await instruments.selectableFor(initech)).map((r) => r.key)).not.toContain('c-model');
    // Clients' staff see it and may use it, but only its consultant changes it.
    expect(await instruments.find(analystOfGlobex, id)).toMatchObject({ editable: false });
    await expect(instruments.find(otherConsultant, id)).rejects.toThrow(/no instrument/);
    await expect(instruments.share(admin, id, false)).rejects.toThrow(/owns it/);
    await expect(instruments.copy(otherConsultant, id, { key: 'x-model', owner: { userId: 3 } })).rejects.toThrow(
      /no instrument/,
    );
    await expect(
      instruments.copy(consultant, id, { key: 'i-model', owner: { organizationId: initech } }),
    ).rejects.toThrow(/your organizations/);
  });

  it('stores an uploaded YAML file as a draft and refuses a key in use with the line of its id', async () => {
    const yaml = (await import('yaml')).stringify({ ...defaultInstrument, id: 'uploaded', title: 'Uploaded' });
    const id = await instruments.upload(admin, yaml, { organizationId: acme });
    expect(await instruments.find(admin, id)).toMatchObject({ key: 'uploaded', status: 'draft' });
    await expect(instruments.upload(admin, yaml, { organizationId: acme })).rejects.toMatchObject({
      problems: [expect.stringMatching(/^line 1, column 1: id: "uploaded" is already used/)],
    });
  });
});
