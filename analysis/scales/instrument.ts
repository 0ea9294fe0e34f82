/**
 * The shape of a survey instrument as the analysis layer sees it.
 * The server validates instrument documents with zod (server/instruments/schema.ts) into this type;
 * analysis/ only reads it, so it stays free of any I/O or validation library.
 */

/** Which side of the headline split a scale belongs to. */
export type ScaleGroup = 'organizational' | 'individual' | 'outcome' | 'alignment';

export interface Item {
  /** Column name of the item in item-level data (e.g. "dr1"); unique across the instrument. */
  readonly id: string;
  readonly text: string;
  /** Reverse-keyed: scored as (min + max) − answer. */
  readonly reverse: boolean;
  /** Offers a "Does not apply" answer (N/A). An N/A answer is scored as missing (analysis/scales/scoring.ts). */
  readonly notApplicable?: boolean;
  /** False: the respondent may leave the item blank. Absent or true: an answer (or N/A when offered) is required. */
  readonly required?: boolean;
}

export interface Scale {
  /** Unique across the instrument; also the column name of the scale score (e.g. "decision_rights"). */
  readonly id: string;
  readonly title: string;
  readonly group: ScaleGroup;
  readonly description?: string;
  readonly items: readonly Item[];
}

export interface LikertRange {
  readonly min: 1;
  /** 4 to 9 points: every answer is one digit (0 is the stored code of "does not apply"). */
  readonly max: 4 | 5 | 6 | 7 | 8 | 9;
  /** One label per point, from min to max ("Strongly disagree" … "Strongly agree"). */
  readonly labels: readonly string[];
}

/** How the respondent segments are defined, on the scale-score metric (means of items). */
export interface SegmentRules {
  /** Uses AI regularly (usage scale ≥ usageAtLeast) but does not tie it to goals (alignment ≤ alignmentAtMost). */
  readonly misaligned: {
    readonly usageScale: string;
    readonly usageAtLeast: number;
    readonly alignmentScale: string;
    readonly alignmentAtMost: number;
  };
  /** Top band of the outcome: outcome scale score ≥ atLeast. */
  readonly highPerformer: { readonly outcomeScale: string; readonly atLeast: number };
}

/** The three redesign levers of the action layer, as scale ids (decision rights, data access, measurement). */
export interface ActionLevers {
  readonly decisionRights: string;
  readonly dataAccess: string;
  readonly measurement: string;
}

export interface Instrument {
  /** Stable identifier, e.g. "ai-operating-model". */
  readonly id: string;
  /** Integer version; an instrument version is immutable once a survey uses it. */
  readonly version: number;
  readonly title: string;
  readonly intro?: string;
  readonly likert: LikertRange;
  readonly scales: readonly Scale[];
  /** Role levels a respondent may pick (segment question; also a demographic cut of the report). */
  readonly roleLevels: readonly string[];
  /**
   * Further demographic questions (tenure band, location, custom ones). Each answer is stored with the
   * response under the question's id and can cut the report, under the same suppression rule as units.
   */
  readonly demographics?: readonly DemographicQuestion[];
  /** The language (BCP 47 tag, e.g. "en") the texts of this document are written in; "en" when absent. */
  readonly language?: string;
  /**
   * Translations of every respondent-facing text, by BCP 47 tag (e.g. "de", "fr"). Stored values
   * (role levels, demographic options) stay those of the document's own language; a translation only
   * changes what is shown.
   */
  readonly translations?: Readonly<Record<string, InstrumentTranslation>>;
  /** Optional free-text comment question. */
  readonly comment?: { readonly prompt: string };
  readonly segments: SegmentRules;
  readonly levers: ActionLevers;
}

/** One demographic question: a single choice among `options` (stored as the option text of the document's language). */
export interface DemographicQuestion {
  /** Unique across the instrument (items, scales and other questions); the key of the stored answer. */
  readonly id: string;
  readonly question: string;
  readonly options: readonly string[];
  /** True: an answer is required. Absent or false: the respondent may skip it (the usual choice for demographics). */
  readonly required?: boolean;
}

/**
 * The texts of an instrument in one more language. Lists are in the order of the document's own
 * (likert labels, role levels, demographic options); records are keyed by id.
 */
export interface InstrumentTranslation {
  readonly title: string;
  readonly intro?: string;
  readonly likertLabels: readonly string[];
  readonly scales: Readonly<Record<string, { readonly title: string; readonly description?: string }>>;
  readonly items: Readonly<Record<string, string>>;
  readonly roleLevels: readonly string[];
  readonly comment?: string;
  readonly demographics?: Readonly<Record<string, { readonly question: string; readonly options: readonly string[] }>>;
}
