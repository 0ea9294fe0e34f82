/**
 * The compiled respondent form of a survey: its instrument, the item ids in order, the unit choices
 * and the zod schema of a submission (services/response-form.ts), built once and kept in process
 * memory instead of on every request. Only what does not depend on the request is kept, each under a
 * key that changes with what it was built from:
 *
 * - an instrument by its id (a stored version is never updated: data/instruments.ts);
 * - a survey's form by survey id, keyed by its instrument id, its workflows and the signature of its
 *   organization's unit tree (ids, parents, names, archived or not), so a unit added, renamed, moved
 *   or archived, or a workflow changed, builds a new form on the next request. The caller reads the survey row and the units on
 *   every request: whether the survey is open is never cached, and the response service checks it
 *   again on the locked row inside the insert transaction.
 *
 * The schema of an invitation with a fixed unit (no unit asked) differs from the one with choices,
 * and its messages differ per language: one schema per (fixed unit or not, language), each built on
 * first use, as are the instrument's texts per language (server/i18n/instrument-texts.ts).
 */
import type { Knex } from 'knex';
import type { Instrument } from '../../analysis/scales/instrument.js';
import { findInstrumentById } from '../data/instruments.js';
import type { Survey } from '../data/surveys.js';
import type { Unit } from '../data/units.js';
import { instrumentTexts, type InstrumentTexts } from '../i18n/instrument-texts.js';
import { instrumentLanguages } from '../i18n/negotiate.js';
import { instrumentItemIds } from '../instruments/load.js';
import { createReportCache } from './report-cache.js';
import {
  buildResponseFormSchema,
  parseWithSchema,
  type FormChoices,
  type FormResult,
  type ResponseFormSchema,
} from './response-form.js';

/** Units a respondent can pick: the leaves of the tree, grouped under their parent's name. */
export interface UnitChoiceGroup {
  readonly label: string | null;
  readonly units: readonly { readonly id: number; readonly name: string }[];
}

export interface SurveyForm {
  readonly instrument: Instrument;
  /** The instrument's item ids in order: the order of answer codes (data/answer-columns.ts). */
  readonly itemIds: readonly string[];
  /** The leaves of the unit tree, grouped (empty when the organization has no units). */
  readonly unitChoices: readonly UnitChoiceGroup[];
  /** The languages the form can be shown in: the instrument's own first, then its translations. */
  readonly languages: readonly string[];
  /** The instrument's texts in `language` (one of `languages`). */
  texts(language: string): InstrumentTexts;
  /**
   * Validates a submitted body, with messages in `language` (default English); `unitFixed` when an
   * invitation fixes the unit (none is asked).
   */
  parse(body: unknown, unitFixed: boolean, language?: string): FormResult;
}

/** The leaves among the units in use (archived units are offered to no one), grouped under their parent's name. */
export function unitChoiceGroups(all: readonly Unit[]): UnitChoiceGroup[] {
  const units = all.filter((u) => !u.archivedAt);
  const parents = new Set(units.map((u) => u.parentId).filter((id): id is number => id !== null));
  const byId = new Map(units.map((u) => [u.id, u]));
  const groups = new Map<string | null, { id: number; name: string }[]>();
  for (const unit of units) {
    if (parents.has(unit.id)) continue;
    const label = unit.parentId === null ? null : (byId.get(unit.parentId)?.name ?? null);
    const list = groups.get(label) ?? [];
    list.push({ id: unit.id, name: unit.name });
    groups.set(label, list);
  }
  return [...groups.entries()]
    .sort(([a], [b]) => (a ?? '').localeCompare(b ?? ''))
    .map(([label, list]) => ({ label, units: list }));
}

export interface SurveyFormsOptions {
  readonly db: Knex;
  /** Surveys whose form is kept (least recently used goes first). */
  readonly capacity?: number;
  /** Builds a submission schema; tests pass a counting wrapper. */
  readonly buildSchema?: (instrument: Instrument, choices: FormChoices, language?: string) => ResponseFormSchema;
}

export function createSurveyForms({ db, capacity = 256, buildSchema = buildResponseFormSchema }: SurveyFormsOptions) {
  const instruments = createReportCache<{
    instrument: Instrument;
    itemIds: readonly string[];
    languages: readonly string[];
    texts: Map<string, InstrumentTexts>;
  }>(32);
  const forms = createReportCache<SurveyForm>(capacity);

  function instrumentOf(id: number) {
    return instruments.get(id, '', async () => {
      const stored = await findInstrumentById(db, id);
      if (!stored) throw new Error(`A survey refers to missing instrument ${id}`);
      const instrument = stored.instrument;
      return {
        instrument,
        itemIds: instrumentItemIds(instrument),
        languages: instrumentLanguages(instrument),
        texts: new Map(),
      };
    });
  }

  async function compile(survey: Survey, units: readonly Unit[]): Promise<SurveyForm> {
    const { instrument, itemIds, languages, texts } = await instrumentOf(survey.instrumentId);
    const unitChoices = unitChoiceGroups(units);
    const unitIds = unitChoices.flatMap((group) => group.units.map((u) => u.id));
    const workflows = [...survey.workflows];
    const schemas = new Map<string, ResponseFormSchema>();
    return {
      instrument,
      itemIds,
      unitChoices,
      languages,
      texts(wanted) {
        // Only the instrument's languages are kept (a bounded map, whatever a caller passes).
        const language = languages.includes(wanted) ? wanted : languages[0];
        let found = texts.get(language);
        if (!found) {
          found = instrumentTexts(instrument, language);
          texts.set(language, found);
        }
        return found;
      },
      parse(body, unitFixed, wanted = languages[0]) {
        const language = languages.includes(wanted) ? wanted : languages[0];
        const key = `${unitFixed}:${language}`;
        let schema = schemas.get(key);
        if (!schema) {
          schema = buildSchema(instrument, { unitIds: unitFixed ? [] : unitIds, unitFixed, workflows }, language);
          schemas.set(key, schema);
        }
        return parseWithSchema(schema, body);
      },
    };
  }

  /** The form of `survey` given its organization's current `units` (as data/units.ts listUnits returns them). */
  function formOf(survey: Survey, units: readonly Unit[]): Promise<SurveyForm> {
    const key = JSON.stringify([
      survey.instrumentId,
      survey.workflows,
      units.map((u) => [u.id, u.parentId, u.name, u.archivedAt !== null]),
    ]);
    return forms.get(survey.id, key, () => compile(survey, units));
  }

  return { formOf };
}

export type SurveyForms = ReturnType<typeof createSurveyForms>;
