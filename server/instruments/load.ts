/**
 * Parsing instrument documents: `parseInstrument` validates a JSON value and throws an InstrumentError
 * listing every problem as `path: reason` (e.g. `scales[2].items[0].id: duplicate id "dr1"`).
 */
import type { Instrument } from '../../analysis/scales/instrument.js';
import defaultDocument from './default.json' with { type: 'json' };
import { DocumentSyntaxError, locateProblems, readTextDocument } from './document-text.js';
import { formatPath, instrumentSchema } from './schema.js';

export class InstrumentError extends Error {
  override name = 'InstrumentError';
  /** One `path: reason` line per problem. */
  readonly problems: readonly string[];
  constructor(source: string, problems: readonly string[]) {
    super(`Invalid instrument (${source}):\n  ${problems.join('\n  ')}`);
    this.problems = problems;
  }
}

/** Validates an instrument document (already parsed from JSON). Throws InstrumentError. */
export function parseInstrument(document: unknown, source = 'instrument'): Instrument {
  const result = instrumentSchema.safeParse(document);
  if (!result.success) {
    throw new InstrumentError(
      source,
      result.error.issues.map((issue) => `${formatPath(issue.path)}: ${issue.message}`),
    );
  }
  return result.data;
}

/** Parses and validates instrument JSON text (e.g. the `definition` column). Throws InstrumentError. */
export function parseInstrumentJson(json: string, source = 'instrument'): Instrument {
  let document: unknown;
  try {
    document = JSON.parse(json);
  } catch (err) {
    throw new InstrumentError(source, [`(document): not valid JSON (${(err as Error).message})`]);
  }
  return parseInstrument(document, source);
}

/** The default "AI operating model readiness" instrument (server/instruments/default.json), validated. */
export function loadDefaultInstrument(): Instrument {
  return parseInstrument(defaultDocument, 'server/instruments/default.json');
}

/** The ids of every item of the instrument in order (scales, then items): the order of answer codes and report columns. */
export function instrumentItemIds(instrument: Instrument): string[] {
  return instrument.scales.flatMap((scale) => scale.items.map((item) => item.id));
}

/** Every item of the instrument in order, with its scale. */
export function instrumentItems(instrument: Instrument) {
  return instrument.scales.flatMap((scale) =>
    scale.items.map((item) => ({ ...item, scaleId: scale.id, group: scale.group })),
  );
}

/**
 * Parses and validates an instrument file, JSON or YAML. Throws InstrumentError whose problems each
 * start with the line and column: `line 42, column 7: scales[2].items[0].id: duplicate id "dr1"`.
 */
export function parseInstrumentText(text: string, source = 'instrument'): Instrument {
  let doc;
  try {
    doc = readTextDocument(text);
  } catch (err) {
    if (err instanceof DocumentSyntaxError) throw new InstrumentError(source, err.problems);
    throw err;
  }
  const result = instrumentSchema.safeParse(doc.value);
  if (!result.success) throw new InstrumentError(source, locateProblems(doc, result.error.issues));
  return result.data;
}
