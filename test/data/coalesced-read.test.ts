import { describe, expect, it } from 'vitest';
import { coalescedRead } from '../../server/data/coalesced-read.js';

/** A read whose calls are counted and finish only when released, returning the value at the time it started. */
function controlledRead() {
  let value = 0;
  const releases: (() => void)[] = [];
  const read = (key: string) =>
    new Promise<string>((resolve) => {
      const seen = value;
      releases.push(() => resolve(`${key}:${seen}`));
    });
  return {
    read,
    set: (v: number) => (value = v),
    started: () => releases.length,
    release: async (i: number) => {
      releases[i]();
      await new Promise((r) => setTimeout(r, 0));
    },
  };
}

describe('coalescedRead', () => {
  it('answers callers who asked during a read with one later read, never with the one already running', async () => {
    const c = controlledRead();
    const get = coalescedRead(c.read);
    const first = get('a');
    c.set(1); // changed after the first read started: later callers must see it
    const second = get('a');
    const third = get('a');
    expect(c.started()).toBe(1);
    await c.release(0);
    expect(await first).toBe('a:0');
    expect(c.started()).toBe(2);
    await c.release(1);
    expect([await second, await third]).toEqual(['a:1', 'a:1']);
  });

  it('reads different keys independently, and reads again once nothing is running', async () => {
    const c = controlledRead();
    const get = coalescedRead(c.read);
    const a = get('a');
    const b = get('b');
    expect(c.started()).toBe(2);
    await c.release(0);
    await c.release(1);
    expect([await a, await b]).toEqual(['a:0', 'b:0']);
    const again = get('a');
    expect(c.started()).toBe(3);
    await c.release(2);
    expect(await again).toBe('a:0');
  });

  it('fails only the callers of a failed read', async () => {
    let calls = 0;
    const get = coalescedRead(async (key: string) => {
      calls += 1;
      if (calls === 1) throw new Error('down');
      return key;
    });
    const failed = get('a');
    const later = get('a');
    await expect(failed).rejects.toThrow('down');
    await expect(later).resolves.toBe('a');
  });
});
