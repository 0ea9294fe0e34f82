/** Option parsing shared by the sub-commands that read an instrument and whole-number options (report, plan). */
import { readFile } from 'node:fs/promises';
import type { Instrument } from '../../analysis/scales/instrument.js';
import { loadDefaultInstrument, parseInstrumentText } from '../instruments/load.js';

/** Bad usage or bad input the user can correct: the command prints its message on one line and exits 2. */
export class UsageError extends Error {}

/** A whole number ≥ `min` from `text`, or `fallback` when the option was not given; throws UsageError naming `flag`. */
export function integerOption(flag: string, text: string | undefined, fallback: number, min: number): number {
  if (text === undefined) return fallback;
  if (!/^\d+$/.test(text) || Number(text) < min)
    throw new UsageError(`${flag} takes a whole number ≥ ${min} (got "${text}")`);
  return Number(text);
}

/** The default instrument, or the instrument file (JSON or YAML) at `spec` (InstrumentError naming lines when invalid, UsageError when unreadable). */
export async function loadInstrument(spec: string): Promise<Instrument> {
  if (spec === 'default') return loadDefaultInstrument();
  const text = await readFile(spec, 'utf8').catch((error: NodeJS.ErrnoException) => {
    throw new UsageError(`cannot read instrument ${spec}: ${error.code ?? error.message}`);
  });
  return parseInstrumentText(text, spec);
}
