/**
 * Chromium for the browser tests, through playwright-core (no bundled browser download).
 * Looks for CHROMIUM_PATH, then Debian's /usr/bin/chromium, then /usr/bin/chromium-browser.
 * Without a browser the browser tests are skipped with a loud message, unless REQUIRE_BROWSER=1
 * (as in .ci/run), where a missing browser is an error.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext } from 'playwright-core';

const CANDIDATES = ['/usr/bin/chromium', '/usr/bin/chromium-browser'];

type Env = Readonly<Record<string, string | undefined>>;

/** The Chromium executable to use, or undefined when none is installed. */
export function findChromium(env: Env = process.env, candidates: readonly string[] = CANDIDATES): string | undefined {
  const fromEnv = env.CHROMIUM_PATH;
  if (fromEnv) {
    if (!existsSync(fromEnv))
      throw new Error(`CHROMIUM_PATH is set to ${fromEnv}, but no file is there; fix the path or unset it.`);
    return fromEnv;
  }
  return candidates.find((path) => existsSync(path));
}

/**
 * For a browser test file: the Chromium path, or undefined after printing why the file is skipped.
 * Throws (failing the file) when REQUIRE_BROWSER=1 and no Chromium is found.
 */
export function chromiumForTests(
  testName: string,
  env: Env = process.env,
  candidates: readonly string[] = CANDIDATES,
): string | undefined {
  const path = findChromium(env, candidates);
  if (path) return path;
  const message = `No Chromium found (set CHROMIUM_PATH, or install Debian's package: apt-get install -y chromium); looked in ${candidates.join(', ')}.`;
  if (env.REQUIRE_BROWSER === '1') throw new Error(`REQUIRE_BROWSER=1 but ${message}`);
  const bar = '!'.repeat(100);
  console.warn(
    `\n${bar}\n!! SKIPPING BROWSER TESTS in ${testName}: ${message}\n!! Set REQUIRE_BROWSER=1 to make this an error.\n${bar}\n`,
  );
  return undefined;
}

export interface ChromiumSession {
  readonly context: BrowserContext;
  close(): Promise<void>;
}

/**
 * Launches headless Chromium with a fresh profile in a temporary directory (removed on close).
 * Playwright manages --user-data-dir itself, so the profile goes through launchPersistentContext.
 */
export async function launchChromium(executablePath: string): Promise<ChromiumSession> {
  const profile = mkdtempSync(join(tmpdir(), 'readiness-chromium-'));
  try {
    const context = await chromium.launchPersistentContext(profile, {
      executablePath,
      headless: true,
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
      ],
    });
    return {
      context,
      async close() {
        await context.close();
        rmSync(profile, { recursive: true, force: true });
      },
    };
  } catch (error) {
    rmSync(profile, { recursive: true, force: true });
    throw error;
  }
}
