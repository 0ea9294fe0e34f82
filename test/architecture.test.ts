/**
 * The layers keep their direction (ARCHITECTURE.md): routes → services → data / analysis, analysis
 * pure. Read from the import statements of the source files themselves, so a new import that
 * breaks a rule fails here (lint catches the knex rules file by file; this sees the whole graph).
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');

function sources(dir: string): string[] {
  return readdirSync(join(root, dir)).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(join(root, path)).isDirectory()) return sources(path);
    return name.endsWith('.ts') ? [path] : [];
  });
}

/** Relative imports of a file (static `import … from`, `export … from` and `import()`), as repo paths. */
function importsOf(file: string): string[] {
  const text = readFileSync(join(root, file), 'utf8');
  const specs = [...text.matchAll(/(?:from|import)\s*\(?\s*['"](\.{1,2}\/[^'"]+)['"]/g)].map((m) => m[1]);
  return specs.map((s) => relative(root, resolve(join(root, dirname(file)), s.replace(/\.js$/, '.ts'))));
}

const files = [...sources('server'), ...sources('analysis')];
const graph = new Map(files.map((f) => [f, importsOf(f).filter((t) => files.includes(t))]));

describe('architecture', () => {
  it('has no import cycle in server/ and analysis/', () => {
    const state = new Map<string, 'open' | 'done'>();
    const cycles: string[] = [];
    const visit = (f: string, path: string[]) => {
      if (state.get(f) === 'done') return;
      if (state.get(f) === 'open') {
        cycles.push([...path.slice(path.indexOf(f)), f].join(' → '));
        return;
      }
      state.set(f, 'open');
      for (const t of graph.get(f) ?? []) visit(t, [...path, f]);
      state.set(f, 'done');
    };
    for (const f of files) visit(f, []);
    expect(cycles).toEqual([]);
  });

  it('keeps analysis/ free of server code', () => {
    const offending = files
      .filter((f) => f.startsWith('analysis/'))
      .flatMap((f) =>
        graph
          .get(f)!
          .filter((t) => t.startsWith('server/'))
          .map((t) => `${f} → ${t}`),
      );
    expect(offending).toEqual([]);
  });

  it('lets routes reach the database only through services', () => {
    const offending = files
      .filter((f) => f.startsWith('server/routes/'))
      .flatMap((f) =>
        graph
          .get(f)!
          .filter((t) => t.startsWith('server/data/') || t === 'server/db.ts')
          .map((t) => `${f} → ${t}`),
      );
    expect(offending).toEqual([]);
  });

  it('reads its sources (the graph is not empty)', () => {
    expect(graph.get('server/app.ts')).toContain('server/services/index.ts');
  });
});
