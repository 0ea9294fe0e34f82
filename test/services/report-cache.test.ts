import { describe, expect, it } from 'vitest';
import { createReportCache } from '../../server/services/report-cache.js';

describe('report cache', () => {
  it('shares one build per survey and key, and builds again for a new key', async () => {
    const cache = createReportCache<string>(4);
    let builds = 0;
    const build = (v: string) => async () => (builds++, v);
    const [a, b] = await Promise.all([cache.get(1, 'k1', build('one')), cache.get(1, 'k1', build('other'))]);
    expect([a, b, builds]).toEqual(['one', 'one', 1]);
    expect(await cache.get(1, 'k2', build('two'))).toBe('two');
    expect(builds).toBe(2);
  });

  it('keeps at most `capacity` surveys, dropping the least recently used', async () => {
    const cache = createReportCache<number>(2);
    let builds = 0;
    const build = () => async () => ++builds;
    await cache.get(1, 'k', build());
    await cache.get(2, 'k', build());
    await cache.get(1, 'k', build()); // 1 is now the most recent
    await cache.get(3, 'k', build()); // evicts 2
    expect(cache.size).toBe(2);
    await cache.get(1, 'k', build());
    expect(builds).toBe(3);
    await cache.get(2, 'k', build());
    expect(builds).toBe(4);
  });

  it('drops a failed build so the next request tries again', async () => {
    const cache = createReportCache<string>(2);
    await expect(
      cache.get(1, 'k', async () => {
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    expect(await cache.get(1, 'k', async () => 'ok')).toBe('ok');
  });

  it('refuses a capacity below 1', () => {
    expect(() => createReportCache(0)).toThrow(RangeError);
  });
});
