/**
 * Report releases: before a report is read, cut a new release when the release rule
 * (analysis/anonymity/release-rule.ts) lets waiting responses in. Every page, CSV, chart, count and comment of a
 * survey comes from its latest release, so two downloads differ by zero or at least K responses in
 * every group. The decision runs in one transaction with the survey row locked (PostgreSQL), so
 * several app servers cut each release once.
 */
import type { Knex } from 'knex';
import { nextRelease, releaseGroupsOf } from '../../analysis/anonymity/release-rule.js';
import { cutAnswers } from '../../analysis/report/report-cuts.js';
import type { Clock } from '../clock.js';
import { findInstrumentById } from '../data/instruments.js';
import { demographicsOf } from '../data/report-groups.js';
import {
  countUsableReleased,
  cutRelease,
  latestRelease,
  waitingResponses,
  type Release,
} from '../data/report-releases.js';
import { findSurveyForUpdate, type Survey } from '../data/surveys.js';
import { listUnits } from '../data/units.js';
import { dayOf } from './responses.js';

export interface ReleaseState {
  /** The latest release; null while fewer than K usable responses have come in. */
  readonly release: Release | null;
  /** True when responses wait for a later release (the rule holds them back). */
  readonly waiting: boolean;
}

export function createReleaseService({ db, clock }: { db: Knex; clock: Clock }) {
  /** Cuts the next release of `survey` if the rule allows one, and says where the survey stands. */
  async function refresh(survey: Survey): Promise<ReleaseState> {
    if ((await waitingResponses(db, survey.id)).length === 0)
      return { release: await latestRelease(db, survey.id), waiting: false };
    return db.transaction(async (trx) => {
      await findSurveyForUpdate(trx, survey.id);
      const waiting = await waitingResponses(trx, survey.id);
      const units = await listUnits(trx, survey.organizationId);
      const instrument = (await findInstrumentById(trx, survey.instrumentId))?.instrument;
      const known = new Set(units.map((u) => u.id));
      const groupsOf = releaseGroupsOf(
        units.map((u) => ({ id: String(u.id), name: u.name, parent: u.parentId === null ? null : String(u.parentId) })),
      );
      const ids = nextRelease(
        waiting.map((w) => ({
          id: w.id,
          flagged: w.flagged,
          groups: groupsOf(
            w.unitId !== null && known.has(w.unitId) ? String(w.unitId) : null,
            w.workflow === '' ? null : w.workflow,
            // Once the survey is closed its report shows the cuts (role level, demographics, language):
            // from then on each cut value gains 0 or ≥ K too, unit by unit. While it is open no cut is
            // shown, so the cuts do not hold responses back.
            instrument && survey.status === 'closed'
              ? cutAnswers(instrument, {
                  roleLevel: w.roleLevel,
                  language: w.language,
                  demographics: demographicsOf(w.demographics ?? ''),
                })
              : {},
          ),
        })),
        survey.anonymityThreshold,
        await countUsableReleased(trx, survey.id),
      );
      if (ids.length === 0) return { release: await latestRelease(trx, survey.id), waiting: waiting.length > 0 };
      return { release: await cutRelease(trx, survey.id, ids, dayOf(clock())), waiting: ids.length < waiting.length };
    });
  }

  return { refresh };
}

export type ReleaseService = ReturnType<typeof createReleaseService>;
