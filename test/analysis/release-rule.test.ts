/**
 * The release rule (analysis/anonymity/release-rule.ts): over random unit trees, workflows and sequences of
 * submissions and report views, no two consecutive released snapshots differ in any group the
 * report can show or derive by 1 … K − 1 usable responses; and each release is the largest one the
 * rule allows (checked against brute force on small cases).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { nextRelease, releaseGroupsOf, type WaitingResponse } from '../../analysis/anonymity/release-rule.js';
import type { UnitInfo } from '../../analysis/report/report-units.js';

interface Sub {
  readonly id: number;
  readonly unit: number | null;
  readonly workflow: number | null;
  readonly flagged: boolean;
}

/** Group counts of a snapshot, computed here from first principles (not from releaseGroupsOf). */
function groupCounts(
  parents: readonly (number | null)[],
  workflows: number,
  subs: readonly Sub[],
): Map<string, number> {
  const counts = new Map<string, number>();
  const bump = (k: string) => counts.set(k, (counts.get(k) ?? 0) + 1);
  const isIn = (unit: number | null, ancestor: number) => {
    for (let u = unit; u !== null; u = parents[u]) if (u === ancestor) return true;
    return false;
  };
  for (const s of subs) {
    if (s.flagged) continue;
    bump('all');
    bump(s.unit === null ? 'none' : `direct ${s.unit}`);
    for (let u = 0; u < parents.length; u++) if (isIn(s.unit, u)) bump(`subtree ${u}`);
    for (let w = -1; w < workflows; w++) if ((s.workflow ?? -1) === w) bump(`workflow ${w}`);
  }
  return counts;
}

const nodesOf = (parents: readonly (number | null)[]): UnitInfo[] =>
  parents.map((p, i) => ({ id: String(i), name: `u${i}`, parent: p === null ? null : String(p) }));

function waitingOf(parents: readonly (number | null)[], subs: readonly Sub[]): WaitingResponse[] {
  const groupsOf = releaseGroupsOf(nodesOf(parents));
  return subs.map((s) => ({
    id: s.id,
    flagged: s.flagged,
    groups: groupsOf(s.unit === null ? null : String(s.unit), s.workflow === null ? null : `w${s.workflow}`),
  }));
}

const scenario = fc
  .record({
    // unit i's parent is an earlier unit or none: always a forest
    parentPicks: fc.array(fc.option(fc.nat(), { nil: null }), { minLength: 0, maxLength: 6 }),
    workflows: fc.integer({ min: 0, max: 3 }),
    threshold: fc.integer({ min: 2, max: 6 }),
    events: fc.array(
      fc.oneof(
        {
          weight: 4,
          arbitrary: fc.record({
            kind: fc.constant('submit' as const),
            unit: fc.option(fc.nat(), { nil: null }),
            workflow: fc.option(fc.nat(), { nil: null }),
            flagged: fc.integer({ min: 0, max: 5 }).map((x) => x === 0),
          }),
        },
        { weight: 1, arbitrary: fc.record({ kind: fc.constant('view' as const) }) },
      ),
      { maxLength: 120 },
    ),
  })
  .map(({ parentPicks, workflows, threshold, events }) => ({
    parents: parentPicks.map((p, i) => (p === null || i === 0 ? null : p % i)),
    workflows,
    threshold,
    events,
  }));

describe('nextRelease', () => {
  it('never lets two consecutive released snapshots differ in any group by fewer than K usable responses', () => {
    fc.assert(
      fc.property(scenario, ({ parents, workflows, threshold, events }) => {
        let waiting: Sub[] = [];
        const released: Sub[] = [];
        const snapshots: Map<string, number>[] = [];
        let nextId = 1;
        for (const e of [...events, { kind: 'view' as const }]) {
          if (e.kind === 'submit') {
            waiting.push({
              id: nextId++,
              unit: parents.length === 0 || e.unit === null ? null : e.unit % parents.length,
              workflow: workflows === 0 || e.workflow === null ? null : e.workflow % workflows,
              flagged: e.flagged,
            });
            continue;
          }
          const usableReleased = released.filter((s) => !s.flagged).length;
          const ids = new Set(nextRelease(waitingOf(parents, waiting), threshold, usableReleased));
          for (const id of ids) expect(waiting.some((s) => s.id === id)).toBe(true);
          if (ids.size === 0) continue;
          released.push(...waiting.filter((s) => ids.has(s.id)));
          waiting = waiting.filter((s) => !ids.has(s.id));
          snapshots.push(groupCounts(parents, workflows, released));
        }
        for (let i = 0; i < snapshots.length; i++) {
          const now = snapshots[i];
          if (i === 0) {
            expect(now.get('all') ?? 0).toBeGreaterThanOrEqual(threshold);
            continue;
          }
          const before = snapshots[i - 1];
          for (const key of new Set([...now.keys(), ...before.keys()])) {
            const diff = (now.get(key) ?? 0) - (before.get(key) ?? 0);
            if (diff !== 0 && diff < threshold) expect.fail(`group ${key} moved by ${diff} < K = ${threshold}`);
          }
        }
        expect(new Set(released.map((s) => s.id)).size).toBe(released.length);
      }),
      { numRuns: 300 },
    );
  });

  it('releases the largest subset the rule allows (brute force over small waiting sets)', () => {
    const small = fc.record({
      parents: fc.constantFrom<(number | null)[]>([null, 0, 0], [null, null], [null, 0, 1], []),
      threshold: fc.integer({ min: 2, max: 4 }),
      subs: fc.array(fc.record({ unit: fc.nat({ max: 2 }), workflow: fc.option(fc.nat({ max: 1 }), { nil: null }) }), {
        maxLength: 10,
      }),
    });
    fc.assert(
      fc.property(small, ({ parents, threshold, subs }) => {
        const list: Sub[] = subs.map((s, i) => ({
          id: i + 1,
          unit: parents.length === 0 ? null : s.unit % parents.length,
          workflow: s.workflow,
          flagged: false,
        }));
        const got = nextRelease(waitingOf(parents, list), threshold, 100).length;
        let best = 0;
        for (let mask = 0; mask < 1 << list.length; mask++) {
          const chosen = list.filter((_, i) => mask & (1 << i));
          const counts = groupCounts(parents, 2, chosen);
          if ([...counts.values()].every((n) => n === 0 || n >= threshold)) best = Math.max(best, chosen.length);
        }
        expect(got).toBe(best);
      }),
      { numRuns: 200 },
    );
  });

  it('holds back only the team that has not gained K, and lets flagged responses travel with a release', () => {
    const parents = [null, 0, 0]; // a department with two teams
    const subs: Sub[] = [
      ...Array.from({ length: 5 }, (_, i) => ({ id: i + 1, unit: 1, workflow: null, flagged: false })),
      { id: 6, unit: 2, workflow: null, flagged: false },
      { id: 7, unit: 2, workflow: null, flagged: true },
    ];
    expect(nextRelease(waitingOf(parents, subs), 5, 20)).toEqual([1, 2, 3, 4, 5, 7]);
    expect(nextRelease(waitingOf(parents, subs.slice(5)), 5, 20)).toEqual([]);
  });

  it('makes the first release only once K usable responses wait, and then releases them all', () => {
    const subs: Sub[] = [1, 2, 3, 4].map((id) => ({ id, unit: id % 2, workflow: null, flagged: false }));
    expect(nextRelease(waitingOf([null, null], subs), 5, 0)).toEqual([]);
    const more = [...subs, { id: 5, unit: 0, workflow: null, flagged: true }];
    expect(nextRelease(waitingOf([null, null], more), 5, 0)).toEqual([]);
    const enough = [...more, { id: 6, unit: 1, workflow: null, flagged: false }];
    expect(nextRelease(waitingOf([null, null], enough), 5, 0)).toEqual([1, 2, 3, 4, 5, 6]);
  });

  it('counts each cut answer within each unit group, so a cut value gains 0 or at least K too', () => {
    const groupsOf = releaseGroupsOf(nodesOf([null, 0]));
    const keys = groupsOf('1', 'w', { role_level: 'Manager', language: null });
    expect(keys).toContain(`cut:${JSON.stringify(['role_level', 'Manager'])}@unit:0`);
    expect(keys).toContain(`cut:${JSON.stringify(['language', ''])}@direct:1`);
    expect(keys.filter((k) => k.startsWith('cut:') && k.includes('workflow'))).toEqual([]);
    // Five new responses in unit 1, one of them a manager: the manager waits, the other four too (unit 1 would gain 4).
    const waiting = [1, 2, 3, 4, 5].map((id) => ({
      id,
      flagged: false,
      groups: groupsOf('1', null, { role_level: id === 5 ? 'Manager' : 'Staff' }),
    }));
    expect(nextRelease(waiting, 5, 10)).toEqual([]);
    const six = [...waiting, { id: 6, flagged: false, groups: groupsOf('1', null, { role_level: 'Staff' }) }];
    expect(nextRelease(six, 5, 10)).toEqual([1, 2, 3, 4, 6]);
  });

  it('rejects a threshold below 1 and a unit outside the tree', () => {
    expect(() => nextRelease([], 0, 0)).toThrow(RangeError);
    expect(() => releaseGroupsOf(nodesOf([null]))('9', null)).toThrow(/unit "9"/);
  });
});
