/**
 * Custom instruments: copy one into a draft, upload one (JSON or YAML, line-precise errors), change a
 * draft (every save validated by the instrument schema), translate it, publish it, share a consultant's
 * with their clients. A version a survey has opened with is frozen: changing it starts version + 1 of
 * the same key, so the reports of that survey never change meaning.
 */
import type { Knex } from 'knex';
import type { Instrument } from '../../analysis/scales/instrument.js';
import {
  findDraftOfKey,
  findInstrumentRecord,
  insertInstrumentRow,
  instrumentIsFrozen,
  keyInUse,
  latestVersionOfKey,
  listInstrumentSummaries,
  markInstrumentPublished,
  setInstrumentShared,
  updateInstrumentDefinition,
  type InstrumentRecord,
  type InstrumentSummary,
} from '../data/instrument-catalog.js';
import { ensureInstrument } from '../data/instruments.js';
import { ConflictError, FieldError, ForbiddenError, NotFoundError } from '../errors.js';
import { readTextDocument } from '../instruments/document-text.js';
import { InstrumentError, parseInstrumentJson, parseInstrumentText } from '../instruments/load.js';
import { instrumentSchema } from '../instruments/schema.js';
import {
  assertMayOwn,
  assertMayShape,
  instrumentScope,
  isDefaultInstrument,
  mayEdit,
  organizationScope,
  type InstrumentOwner,
} from './instrument-access.js';
import type { StaffUser } from './users.js';

export interface InstrumentView extends InstrumentSummary {
  readonly instrument: Instrument;
  readonly editable: boolean;
  /** A survey that opened uses this version: it is never changed again. */
  readonly frozen: boolean;
  readonly isDefault: boolean;
  /** Translations a change left incomplete, by tag (see `save`). */
  readonly pendingTranslations: Readonly<Record<string, unknown>>;
}

export interface Issue {
  readonly path: readonly PropertyKey[];
  readonly message: string;
}

export type SaveResult = { ok: true } | { ok: false; issues: Issue[] };

const KEY = /^[a-z][a-z0-9-]{1,59}$/;

export function createInstrumentService({ db, defaultInstrument }: { db: Knex; defaultInstrument: Instrument }) {
  async function list(viewer: StaffUser): Promise<(InstrumentSummary & { editable: boolean })[]> {
    await ensureInstrument(db, defaultInstrument);
    const rows = await listInstrumentSummaries(db, await instrumentScope(db, viewer));
    return Promise.all(rows.map(async (r) => ({ ...r, editable: await mayEdit(db, viewer, r) })));
  }

  async function record(viewer: StaffUser, id: number): Promise<InstrumentRecord> {
    const row = Number.isSafeInteger(id) ? await findInstrumentRecord(db, await instrumentScope(db, viewer), id) : null;
    if (!row) throw new NotFoundError('There is no instrument at this address.');
    return row;
  }

  async function find(viewer: StaffUser, id: number): Promise<InstrumentView> {
    const row = await record(viewer, id);
    return {
      ...row,
      instrument: parseInstrumentJson(row.definition, `instrument ${row.id}`),
      editable: await mayEdit(db, viewer, row),
      frozen: await instrumentIsFrozen(db, row.id),
      isDefault: isDefaultInstrument(row),
    };
  }

  /** The row, checked changeable by the viewer now (not frozen). */
  async function editableRecord(viewer: StaffUser, id: number): Promise<InstrumentRecord> {
    const row = await record(viewer, id);
    if (!(await mayEdit(db, viewer, row))) throw new ForbiddenError('You may not change this instrument.');
    if (await instrumentIsFrozen(db, row.id))
      throw new ConflictError(`A survey has opened with version ${row.version}: start a new version to change it.`);
    return row;
  }

  function store(instrument: Instrument, owner: InstrumentOwner, status: 'draft' | 'published', shared = false) {
    return insertInstrumentRow(db, {
      key: instrument.id,
      version: instrument.version,
      title: instrument.title,
      definition: JSON.stringify(instrument),
      status,
      organizationId: 'organizationId' in owner ? owner.organizationId : null,
      ownerUserId: 'userId' in owner ? owner.userId : null,
      shared,
    });
  }

  /** Copies any visible instrument into a new draft (version 1) under a new key. Throws FieldError('key'). */
  async function copy(viewer: StaffUser, sourceId: number, input: { key: string; owner: InstrumentOwner }) {
    await assertMayOwn(db, viewer, input.owner);
    const source = await find(viewer, sourceId);
    const key = input.key.trim();
    if (!KEY.test(key))
      throw new FieldError('key', 'Use 2–60 lower-case letters, digits and dashes, starting with a letter.');
    if (await keyInUse(db, key)) throw new FieldError('key', `The key “${key}” is already used: choose another.`);
    return store({ ...source.instrument, id: key, version: 1 }, input.owner, 'draft');
  }

  /** Stores an uploaded file as a draft. Throws InstrumentError with line-precise problems. */
  async function upload(viewer: StaffUser, text: string, owner: InstrumentOwner): Promise<number> {
    await assertMayOwn(db, viewer, owner);
    const instrument = parseInstrumentText(text, 'the uploaded file');
    if (await keyInUse(db, instrument.id)) {
      const { line, column } = readTextDocument(text).position(['id']);
      throw new InstrumentError('the uploaded file', [
        `line ${line}, column ${column}: id: "${instrument.id}" is already used by another instrument; choose another id`,
      ]);
    }
    return store(instrument, owner, 'draft');
  }

  /**
   * Validates and stores a changed document (its key and version stay the row's). When the only
   * problems are translations the change left incomplete (items added, labels added), those
   * translations are kept aside as pending (completed on the translations page; a draft with pending
   * translations does not publish) and the rest is saved.
   */
  async function save(
    viewer: StaffUser,
    id: number,
    document: Record<string, unknown>,
  ): Promise<SaveResult & { pending?: string[] }> {
    const row = await editableRecord(viewer, id);
    const candidate = { ...document, id: row.key, version: row.version };
    const result = instrumentSchema.safeParse(candidate);
    if (result.success) return stored(row, result.data, row.pendingTranslations);
    const tags = new Set<string>();
    for (const issue of result.error.issues) {
      if (issue.path[0] !== 'translations' || typeof issue.path[1] !== 'string')
        return { ok: false, issues: result.error.issues };
      tags.add(issue.path[1]);
    }
    const translations = { ...(document.translations as Record<string, unknown> | undefined) };
    const moved = Object.fromEntries([...tags].map((tag) => [tag, translations[tag]]));
    for (const tag of tags) delete translations[tag];
    const retry = instrumentSchema.safeParse({
      ...candidate,
      translations: Object.keys(translations).length > 0 ? translations : undefined,
    });
    if (!retry.success) return { ok: false, issues: result.error.issues };
    return stored(row, retry.data, { ...row.pendingTranslations, ...moved });
  }

  async function stored(row: InstrumentRecord, instrument: Instrument, pending: Readonly<Record<string, unknown>>) {
    await updateInstrumentDefinition(db, row.id, instrument.title, JSON.stringify(instrument), pending);
    return { ok: true as const, pending: Object.keys(pending) };
  }

  /** Sets the complete translation for `tag` (no longer pending); the issues' paths are relative to the translation. */
  async function saveTranslation(
    viewer: StaffUser,
    id: number,
    tag: string,
    translation: unknown,
  ): Promise<SaveResult> {
    const row = await editableRecord(viewer, id);
    const instrument = parseInstrumentJson(row.definition, `instrument ${row.id}`);
    const translations = { ...instrument.translations, [tag]: translation };
    const result = instrumentSchema.safeParse({ ...instrument, translations });
    if (!result.success) {
      const inTag = (i: Issue) => i.path[0] === 'translations' && i.path[1] === tag;
      return { ok: false, issues: result.error.issues.map((i) => (inTag(i) ? { ...i, path: i.path.slice(2) } : i)) };
    }
    const { [tag]: _done, ...pending } = row.pendingTranslations;
    return stored(row, result.data, pending);
  }

  /** The draft to change a published version in: the key's open draft, or a new one at the next version. */
  async function newVersion(viewer: StaffUser, id: number): Promise<number> {
    const row = await record(viewer, id);
    if (!(await mayEdit(db, viewer, row))) throw new ForbiddenError('You may not change this instrument.');
    const draft = await findDraftOfKey(db, row.key);
    if (draft !== undefined) return draft;
    const instrument = parseInstrumentJson(row.definition);
    const version = (await latestVersionOfKey(db, row.key)) + 1;
    const owner = row.ownerUserId !== null ? { userId: row.ownerUserId } : { organizationId: row.organizationId! };
    return store({ ...instrument, version }, owner, 'draft', row.shared);
  }

  async function publish(viewer: StaffUser, id: number): Promise<void> {
    const row = await editableRecord(viewer, id);
    const pending = Object.keys(row.pendingTranslations);
    if (pending.length > 0)
      throw new ConflictError(
        `Complete the ${pending.join(', ')} translation${pending.length > 1 ? 's' : ''} (texts added since) before publishing.`,
      );
    await markInstrumentPublished(db, row.id);
  }

  /** Shares a consultant's instrument (every version) with all of their client organizations, or stops. */
  async function share(viewer: StaffUser, id: number, shared: boolean): Promise<void> {
    assertMayShape(viewer);
    const row = await record(viewer, id);
    if (row.ownerUserId !== viewer.id)
      throw new ForbiddenError('Only the consultant who owns it shares an instrument.');
    await setInstrumentShared(db, row.key, viewer.id, shared);
  }

  /** The published instruments a survey of this organization may use: the latest version of each key, default first. */
  async function selectableFor(organizationId: number): Promise<InstrumentSummary[]> {
    await ensureInstrument(db, defaultInstrument);
    const latest = new Map<string, InstrumentSummary>();
    for (const row of await listInstrumentSummaries(db, organizationScope(organizationId)))
      if (row.status === 'published') latest.set(row.key, row);
    const rows = [...latest.values()];
    return [...rows.filter(isDefaultInstrument), ...rows.filter((r) => !isDefaultInstrument(r))];
  }

  /** Title, key and version of a survey's instrument (whoever owns it now), for the survey's page. */
  async function describe(instrumentId: number): Promise<string | null> {
    const row = await findInstrumentRecord(db, 'all', instrumentId);
    return row ? `${row.title} (${row.key} v${row.version})` : null;
  }

  return { describe, list, find, copy, upload, save, saveTranslation, newVersion, publish, share, selectableFor };
}

export type InstrumentService = ReturnType<typeof createInstrumentService>;
