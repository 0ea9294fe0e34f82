/**
 * Reading an instrument (or translation) file as text, JSON or YAML alike (JSON is read as YAML 1.2,
 * of which it is a subset), keeping where every value stands so that a problem found by the zod schema
 * can be told as "line 42, column 7: scales[2].items[0].id: duplicate id".
 */
import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Document, type Node } from 'yaml';
import { formatPath } from './schema.js';

export interface TextPosition {
  readonly line: number;
  readonly column: number;
}

export interface TextDocument {
  /** The document as plain JSON-like data. */
  readonly value: unknown;
  /** Where the value at `path` starts (its key, for a map entry); the nearest existing parent when absent. */
  position(path: readonly PropertyKey[]): TextPosition;
}

/** The file could not be read as JSON or YAML at all; each problem names its line and column. */
export class DocumentSyntaxError extends Error {
  override name = 'DocumentSyntaxError';
  constructor(readonly problems: readonly string[]) {
    super(problems.join('\n'));
  }
}

const at = (p: TextPosition) => `line ${p.line}, column ${p.column}`;

/** Parses JSON or YAML text. Throws DocumentSyntaxError (duplicate keys included). */
export function readTextDocument(text: string): TextDocument {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const pos = (offset: number): TextPosition => {
    const { line, col } = lineCounter.linePos(offset);
    return { line, column: col };
  };
  if (doc.errors.length > 0) {
    throw new DocumentSyntaxError(
      doc.errors.map((e) => `${at(pos(e.pos[0]))}: ${e.message.split('\n')[0]} (not valid JSON or YAML)`),
    );
  }
  return { value: doc.toJS() as unknown, position: (path) => pos(offsetOf(doc, path)) };
}

function offsetOf(doc: Document, path: readonly PropertyKey[]): number {
  let node: Node | null = doc.contents;
  let offset = node?.range?.[0] ?? 0;
  for (const step of path) {
    if (isMap(node)) {
      const pair = node.items.find((p) => isScalar(p.key) && String(p.key.value) === String(step));
      if (!pair) break;
      offset = (pair.key as Node).range?.[0] ?? offset;
      node = (pair.value as Node | null) ?? null;
    } else if (isSeq(node) && typeof step === 'number' && node.items[step]) {
      node = node.items[step] as Node;
      offset = node.range?.[0] ?? offset;
    } else break;
  }
  return offset;
}

/** One line per problem: `line L, column C: path: message`, the path shown from `shownFrom` on. */
export function locateProblems(
  doc: TextDocument,
  issues: readonly { path: readonly PropertyKey[]; message: string }[],
  shownFrom = 0,
): string[] {
  return issues.map((issue) => {
    const path = issue.path.slice(shownFrom);
    return `${at(doc.position(path))}: ${formatPath(path)}: ${issue.message}`;
  });
}
