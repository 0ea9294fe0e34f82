/** Form bodies for the respondent form, built from an instrument. */
import type { Instrument } from '../../analysis/scales/instrument.js';
import { instrumentItems } from '../../server/instruments/load.js';

/** Every item answered: item i gets the value pick(i), by default cycling through 1..max. */
export function completeAnswers(
  instrument: Instrument,
  pick: (index: number) => number = (i) => (i % instrument.likert.max) + 1,
): Record<string, string> {
  return Object.fromEntries(instrumentItems(instrument).map((item, i) => [item.id, String(pick(i))]));
}
