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
  readonly max: 5 | 7;
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
  /** Role levels a respondent may pick (segment question). */
  readonly roleLevels: readonly string[];
  /** Optional free-text comment question. */
  readonly comment?: { readonly prompt: string };
  readonly segments: SegmentRules;
  readonly levers: ActionLevers;
}
