/**
 * The demographic-cut guard (analysis/anonymity/cut-guard.ts) against a brute-force attacker: over
 * random unit trees, cuts, answers and thresholds, with the report's own unit decision
 * (suppressUnits), every group whose size can be computed from the shown figures (any 0/1
 * combination of responses' cells lying in the span of the shown counts: the overall total, the shown
 * units, and every shown cut cell of every scope and cut; sums and differences of them included)
 * holds 0 or at least K responses. The unit figures alone are checked the same way (the block guard
 * of report-units.ts `suppressUnitGroups`).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { guardCuts } from '../../analysis/anonymity/cut-guard.js';
import { suppressUnits, unitIndex, type UnitInfo } from '../../analysis/report/report-units.js';

/** A basis of the null space of `rows` (each a vector over `width` atoms), by Gauss–Jordan elimination. */
function nullBasis(rows: readonly Float64Array[], width: number): Float64Array[] {
  const m = rows.map((r) => Float64Array.from(r));
  const pivots: number[] = [];
  let row = 0;
  for (let col = 0; col < width && row < m.length; col++) {
    let p = -1;
    for (let i = row; i < m.length; i++)
      if (Math.abs(m[i][col]) > 1e-9 && (p < 0 || Math.abs(m[i][col]) > Math.abs(m[p][col]))) p = i;
    if (p < 0) continue;
    [m[row], m[p]] = [m[p], m[row]];
    const pv = m[row][col];
    for (let j = 0; j < width; j++) m[row][j] /= pv;
    for (let i = 0; i < m.length; i++) {
      if (i === row || Math.abs(m[i][col]) < 1e-12) continue;
      const f = m[i][col];
      for (let j = 0; j < width; j++) m[i][j] -= f * m[row][j];
    }
    pivots.push(col);
    row++;
  }
  const basis: Float64Array[] = [];
  for (let f = 0; f < width; f++) {
    if (pivots.includes(f)) continue;
    const z = new Float64Array(width);
    z[f] = 1;
    pivots.forEach((pc, i) => (z[pc] = -m[i][f]));
    basis.push(z);
  }
  return basis;
}

/**
 * The first 0/1 vector over the atoms (Gray-code order) whose size (Σ atom counts) is 1 … K − 1 and
 * which lies in the span of `joint` but not of `unitsOnly` (pass a zero row for "any"); [] for none.
 */
function newlyDerivable(
  joint: readonly Float64Array[],
  unitsOnly: readonly Float64Array[],
  atomN: readonly number[],
  threshold: number,
): number[] {
  const A = atomN.length;
  const nj = nullBasis(joint, A),
    nu = nullBasis(unitsOnly, A);
  const wj = new Float64Array(nj.length),
    wu = new Float64Array(nu.length);
  const z = new Uint8Array(A);
  let size = 0;
  for (let step = 1; step < 2 ** A; step++) {
    const a = 31 - Math.clz32(step & -step);
    const s = z[a] ? -1 : 1;
    z[a] ^= 1;
    size += s * atomN[a];
    for (let k = 0; k < nj.length; k++) wj[k] += s * nj[k][a];
    for (let k = 0; k < nu.length; k++) wu[k] += s * nu[k][a];
    if (size < 1 || size >= threshold) continue;
    if (!wj.every((x) => Math.abs(x) < 1e-7)) continue;
    if (wu.every((x) => Math.abs(x) < 1e-7)) continue;
    return [...z];
  }
  return [];
}

interface Scenario {
  nodes: UnitInfo[];
  threshold: number;
  unit: number[];
  cuts: { values: number; code: number[] }[];
}

/** Trees of up to `maxNodes` units and cuts with few values, so that the atoms stay at most 18. */
function scenarios(maxNodes: number, cutCount: number, maxValues: number) {
  return fc
    .record({
      parentPicks: fc.array(fc.option(fc.nat(), { nil: null }), { minLength: 0, maxLength: maxNodes }),
      threshold: fc.integer({ min: 2, max: 5 }),
      values: fc.array(fc.integer({ min: 1, max: maxValues }), { minLength: cutCount, maxLength: cutCount }),
      rows: fc.array(
        fc.record({
          unit: fc.option(fc.nat(), { nil: null }),
          picks: fc.array(fc.integer({ min: -1, max: maxValues - 1 }), { minLength: cutCount, maxLength: cutCount }),
        }),
        { maxLength: 40 },
      ),
    })
    .map(({ parentPicks, threshold, values, rows }): Scenario => {
      const nodes: UnitInfo[] = parentPicks.map((p, i) => ({
        id: String(i),
        name: `u${i}`,
        parent: p === null || i === 0 ? null : String(p % i),
      }));
      return {
        nodes,
        threshold,
        unit: rows.map((r) => (r.unit === null || nodes.length === 0 ? -1 : r.unit % nodes.length)),
        cuts: values.map((V, c) => ({ values: V, code: rows.map((r) => (r.picks[c] < 0 ? -1 : r.picks[c] % V)) })),
      };
    });
}

/** Checks one scenario; returns the offending group (atom vector) or [] when none. */
function attack({ nodes, threshold, unit, cuts }: Scenario): number[] {
  // Fewer than K responses in all: the report shows nothing (build-report.ts), so there is nothing to guard.
  fc.pre(unit.length >= threshold);
  const N = nodes.length;
  const code = Int32Array.from(unit);
  const hidden = suppressUnits(unitIndex(nodes, code), threshold);
  const parent = Int32Array.from(nodes, (u) => (u.parent === null ? -1 : Number(u.parent)));
  const decision = guardCuts(
    { parent, hidden: Uint8Array.from(nodes, (u) => (hidden.has(u.id) ? 1 : 0)) },
    code,
    cuts.map((c) => ({ values: c.values, code: Int32Array.from(c.code) })),
    threshold,
  );
  // Atoms: (direct group: 0 = no unit, node + 1) × (value slot per cut: 0 = not answered, v + 1).
  const radix = [N + 1, ...cuts.map((c) => c.values + 1)];
  const A = radix.reduce((p, r) => p * r, 1);
  const digits = (a: number): number[] => {
    const out: number[] = [];
    for (const r of radix) {
      out.push(a % r);
      a = Math.floor(a / r);
    }
    return out;
  };
  const atomN = new Array<number>(A).fill(0);
  unit.forEach((u, r) => {
    let a = 0;
    for (let i = radix.length - 1; i >= 0; i--) a = a * radix[i] + (i === 0 ? u + 1 : cuts[i - 1].code[r] + 1);
    atomN[a]++;
  });
  const inSubtree = (g: number, top: number) => {
    for (let x = g - 1; x >= 0; x = parent[x]) if (x === top) return true;
    return false;
  };
  const vector = (keep: (d: number[]) => boolean) =>
    Float64Array.from({ length: A }, (_, a) => (keep(digits(a)) ? 1 : 0));
  const unitsOnly = [
    vector(() => true),
    ...nodes.flatMap((u, i) => (hidden.has(u.id) ? [] : [vector((d) => inSubtree(d[0], i))])),
  ];
  const cutRows: Float64Array[] = [];
  cuts.forEach((cut, c) => {
    for (let s = 0; s <= N; s++) {
      if (s > 0 && !decision.scope[s - 1]) continue;
      for (let v = 0; v < cut.values; v++)
        if (decision.shown[c][s * cut.values + v])
          cutRows.push(vector((d) => (s === 0 || inSubtree(d[0], s - 1)) && d[1 + c] === v + 1));
    }
  });
  const none = [new Float64Array(A)];
  const units = newlyDerivable(unitsOnly, none, atomN, threshold);
  return units.length > 0 ? units : newlyDerivable([...unitsOnly, ...cutRows], none, atomN, threshold);
}

describe('guardCuts', () => {
  it('lets no sum or difference of shown figures reveal a group of 1 … K − 1 (one cut, random units)', () => {
    fc.assert(
      fc.property(scenarios(3, 1, 3), (s) => {
        expect(attack(s)).toEqual([]);
      }),
      { numRuns: 150, seed: 13 },
    );
  });

  it('holds for two cuts over the same responses (role level and language together)', () => {
    fc.assert(
      fc.property(scenarios(1, 2, 2), (s) => {
        expect(attack(s)).toEqual([]);
      }),
      { numRuns: 80, seed: 14 },
    );
  });

  it('hides a unit when everyone minus it would be a group below K (the block guard of the unit tree)', () => {
    // Department 0 holds 1 response of its own and team 1 (5); 1 response has no unit. K = 3: the
    // department is hidden (its own 1), so everyone (7) − team (5) would be 2 people: the team is hidden too.
    const nodes: UnitInfo[] = [
      { id: '0', name: 'd', parent: null },
      { id: '1', name: 't', parent: '0' },
    ];
    const hidden = suppressUnits(unitIndex(nodes, Int32Array.from([-1, 0, 1, 1, 1, 1, 1])), 3);
    expect([...hidden].sort()).toEqual(['0', '1']);
  });

  it('shows the cut for everyone and for a unit when every cell is large enough (hand-made)', () => {
    // Two teams of 10, each 5 managers and 5 staff: every cell is 5 ≥ K.
    const code = Int32Array.from([...Array(10).fill(0), ...Array(10).fill(1)]);
    const role = Int32Array.from({ length: 20 }, (_, r) => r % 2);
    const d = guardCuts(
      { parent: Int32Array.from([-1, -1]), hidden: new Uint8Array(2) },
      code,
      [{ code: role, values: 2 }],
      5,
    );
    expect([...d.scope]).toEqual([1, 1]);
    expect([...d.shown[0]]).toEqual([1, 1, 1, 1, 1, 1]);
  });

  it('keeps the cut for everyone and refuses it inside a team where one value is small', () => {
    // Team 0: 8 managers, 2 staff; team 1: 2 managers, 8 staff. Everyone: 10 and 10.
    const code = Int32Array.from([...Array(10).fill(0), ...Array(10).fill(1)]);
    const role = Int32Array.from([0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 0, 0, 1, 1, 1, 1, 1, 1, 1, 1]);
    const d = guardCuts(
      { parent: Int32Array.from([-1, -1]), hidden: new Uint8Array(2) },
      code,
      [{ code: role, values: 2 }],
      5,
    );
    expect([...d.shown[0].subarray(0, 2)]).toEqual([1, 1]);
    expect([...d.scope]).toEqual([0, 0]);
  });

  it('rejects value codes outside the list and a threshold below 1', () => {
    const tree = { parent: Int32Array.from([-1]), hidden: new Uint8Array(1) };
    expect(() => guardCuts(tree, Int32Array.from([0]), [{ code: Int32Array.from([3]), values: 2 }], 5)).toThrow(
      /value code 3/,
    );
    expect(() => guardCuts(tree, Int32Array.from([0]), [], 0)).toThrow(/threshold/);
  });
});
