/**
 * The cut answers of the report's rows (role level, language, demographic answers) as codes: each
 * page's `groups` string (server/data/report-pages.ts) is split into its rows, and each distinct row
 * text becomes one combination, parsed once, so a million responses cost an Int32Array and a short list.
 */
import type { GroupCombo, ResponseGroups } from '../../analysis/report/report-responses.js';
import { GROUP_FIELD, GROUP_ROW } from './report-pages.js';

/** The demographics JSON of a stored row as question id → option text; anything else is left out. */
export function demographicsOf(text: string): Record<string, string> {
  if (text === '') return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return {};
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return {};
  return Object.fromEntries(Object.entries(parsed).filter((e): e is [string, string] => typeof e[1] === 'string'));
}

export function createGroupCoder(capacity: number) {
  const index = new Map<string, number>();
  const combos: GroupCombo[] = [];
  let code = new Int32Array(Math.max(16, capacity));
  let n = 0;
  return {
    /** Appends the rows of one page's `groups`; throws unless it holds exactly `rows` rows. */
    append(groups: string, rows: number): void {
      if (rows === 0) return;
      const texts = groups.split(GROUP_ROW);
      if (texts.length !== rows) throw new Error(`a report page has ${rows} responses but ${texts.length} group rows`);
      if (n + rows > code.length) {
        const larger = new Int32Array(Math.max(n + rows, code.length * 2));
        larger.set(code);
        code = larger;
      }
      for (const text of texts) {
        let c = index.get(text);
        if (c === undefined) {
          const [roleLevel = '', language = '', demographics = ''] = text.split(GROUP_FIELD);
          c = combos.push({
            roleLevel: roleLevel === '' ? null : roleLevel,
            language: language === '' ? null : language,
            demographics: demographicsOf(demographics),
          }) - 1;
          index.set(text, c);
        }
        code[n++] = c;
      }
    },
    finish(): ResponseGroups {
      return { code: code.slice(0, n), combos: combos.length > 0 ? combos : [{ roleLevel: null, language: null, demographics: {} }] };
    },
  };
}
