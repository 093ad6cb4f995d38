import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';

/** Debian's chromium (`.ci/run` installs it when missing); a browser is never downloaded. */
export const CHROMIUM = '/usr/bin/chromium';

/** Where a failed journey leaves its screenshot (git-ignored). */
export const FAILURES_DIR = new URL('../../.tmp/console-failures/', import.meta.url).pathname;

export async function launch(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'],
  });
}

/** Runs one journey; on failure saves a screenshot of where it stopped, then fails. */
export async function journey(page: Page, name: string, steps: () => Promise<void>): Promise<void> {
  try {
    await steps();
  } catch (error) {
    mkdirSync(FAILURES_DIR, { recursive: true });
    const file = join(FAILURES_DIR, `${name.replace(/[^a-z0-9]+/gi, '-')}.png`);
    await page.screenshot({ path: file, fullPage: true }).catch(() => undefined);
    throw new Error(`${String(error)}\n(screenshot: ${file})`, { cause: error });
  }
}

/** With CONSOLE_SCREENSHOTS=docs/console, the journeys save each page for docs/console.md. */
export async function docShot(page: Page, name: string): Promise<void> {
  const dir = process.env['CONSOLE_SCREENSHOTS'];
  if (!dir) return;
  mkdirSync(dir, { recursive: true });
  await page.screenshot({ path: join(dir, `${name}.png`), fullPage: false });
}
