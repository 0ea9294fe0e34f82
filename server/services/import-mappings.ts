/**
 * Saved import mappings, named and kept per organization, for the admins and consultants who may
 * import into it: saving a name again replaces that mapping. Another organization's mapping is
 * "not found", as its pages are.
 */
import type { Knex } from 'knex';
import type { Clock } from '../clock.js';
import { findMapping, listMappings, saveMapping } from '../data/import-mappings.js';
import { FieldError, NotFoundError } from '../errors.js';
import { parseMappingJson, type ImportMapping } from './import-mapping.js';
import type { StaffUser } from './users.js';
import { visibleOrganizationIds } from './viewer.js';

export interface SavedMapping {
  readonly id: number;
  readonly name: string;
  readonly mapping: ImportMapping;
  readonly updatedAt: Date;
}

export function createImportMappingService({ db, clock }: { db: Knex; clock: Clock }) {
  async function check(actor: StaffUser | null, organizationId: number): Promise<void> {
    const visible = actor === null ? 'all' : await visibleOrganizationIds(db, actor);
    if ((visible !== 'all' && !visible.includes(organizationId)) || actor?.role === 'analyst')
      throw new NotFoundError('There is no such mapping.');
  }

  /** Saves `mapping` as `name` for the organization (replacing a mapping of that name); resolves to its id. */
  async function save(
    actor: StaffUser | null,
    organizationId: number,
    name: string,
    mapping: ImportMapping,
  ): Promise<number> {
    await check(actor, organizationId);
    const trimmed = name.trim();
    if (!trimmed) throw new FieldError('mappingName', 'Name the mapping to save it.');
    if (trimmed.length > 120) throw new FieldError('mappingName', 'Use at most 120 characters.');
    return saveMapping(db, organizationId, trimmed, JSON.stringify(mapping), clock());
  }

  /** The organization's saved mappings by name. */
  async function list(actor: StaffUser | null, organizationId: number): Promise<SavedMapping[]> {
    await check(actor, organizationId);
    return (await listMappings(db, organizationId)).map((m) => ({
      id: m.id,
      name: m.name,
      mapping: parseMappingJson(m.definition),
      updatedAt: m.updatedAt,
    }));
  }

  /** One saved mapping of the organization; NotFoundError for another organization's. */
  async function find(actor: StaffUser | null, organizationId: number, id: number): Promise<SavedMapping> {
    await check(actor, organizationId);
    const stored = await findMapping(db, organizationId, id);
    if (!stored) throw new NotFoundError('There is no such mapping.');
    return {
      id: stored.id,
      name: stored.name,
      mapping: parseMappingJson(stored.definition),
      updatedAt: stored.updatedAt,
    };
  }

  return { save, list, find };
}

export type ImportMappingService = ReturnType<typeof createImportMappingService>;
