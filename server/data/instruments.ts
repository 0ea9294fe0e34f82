/**
 * Queries on the instruments table. A stored version is never updated: a changed instrument is stored
 * as a new version, so surveys that used the old one keep reading exactly what respondents saw.
 */
import type { Knex } from 'knex';
import type { Instrument } from '../../analysis/scales/instrument.js';
import { sameScoringStructure } from '../../analysis/scales/instrument-series.js';
import { parseInstrumentJson } from '../instruments/load.js';
import { insertedId } from './values.js';

export interface StoredInstrument {
  readonly id: number;
  readonly instrument: Instrument;
}

interface Row {
  id: number;
  key: string;
  version: number;
  definition: string;
}

function fromRow(row: Row): StoredInstrument {
  return { id: row.id, instrument: parseInstrumentJson(row.definition, `instruments row ${row.id} (${row.key} v${row.version})`) };
}

export async function findInstrumentById(db: Knex, id: number): Promise<StoredInstrument | undefined> {
  const row = await db<Row>('instruments').where({ id }).first();
  return row ? fromRow(row) : undefined;
}

/**
 * Returns the id of the stored instrument with this key and version, inserting it when absent.
 * Throws when a row with the same key and version holds a different definition (versions are immutable).
 */
export async function ensureInstrument(db: Knex, instrument: Instrument): Promise<number> {
  const definition = JSON.stringify(instrument);
  const existing = await db<Row>('instruments').where({ key: instrument.id, version: instrument.version }).first();
  if (existing) {
    if (JSON.stringify(parseInstrumentJson(existing.definition)) !== definition) {
      throw new Error(`Instrument ${instrument.id} v${instrument.version} is already stored with a different definition; give the changed instrument a new version number.`);
    }
    return existing.id;
  }
  const rows = await db('instruments')
    .insert({ key: instrument.id, version: instrument.version, title: instrument.title, definition })
    .returning('id');
  return insertedId(rows);
}

/**
 * The ids of the stored versions that form one series with instrument `id` (same key and scoring
 * structure: analysis/scales/instrument-series.ts), `id` included; empty when `id` is unknown.
 */
export async function seriesInstrumentIds(db: Knex, id: number): Promise<number[]> {
  const own = await findInstrumentById(db, id);
  if (!own) return [];
  const rows = await db<Row>('instruments').where({ key: own.instrument.id }).orderBy('id');
  return rows.map(fromRow).filter((other) => sameScoringStructure(own.instrument, other.instrument)).map((other) => other.id);
}
