/** Finding Chromium, and what happens without one: a loud skip, or a failure under REQUIRE_BROWSER=1. */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { chromiumForTests, findChromium } from './chromium.js';

const nowhere = ['/nonexistent/chromium', '/nonexistent/chromium-browser'];

describe('finding Chromium', () => {
  afterEach(() => vi.restoreAllMocks());

  it('takes CHROMIUM_PATH first, and names a CHROMIUM_PATH that points nowhere', () => {
    expect(findChromium({ CHROMIUM_PATH: process.execPath }, nowhere)).toBe(process.execPath);
    expect(() => findChromium({ CHROMIUM_PATH: '/nonexistent/chrome' })).toThrow(
      /CHROMIUM_PATH is set to \/nonexistent\/chrome/,
    );
  });

  it('falls back to the first candidate that exists', () => {
    expect(findChromium({}, ['/nonexistent/chromium', process.execPath])).toBe(process.execPath);
    expect(findChromium({}, nowhere)).toBeUndefined();
  });

  it('skips loudly without a browser', () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    expect(chromiumForTests('x.test.ts', {}, nowhere)).toBeUndefined();
    expect(warn).toHaveBeenCalledWith(expect.stringContaining('SKIPPING BROWSER TESTS in x.test.ts'));
  });

  it('fails without a browser when REQUIRE_BROWSER=1', () => {
    expect(() => chromiumForTests('x.test.ts', { REQUIRE_BROWSER: '1' }, nowhere)).toThrow(
      /REQUIRE_BROWSER=1 but No Chromium found/,
    );
  });
});
