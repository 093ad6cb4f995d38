import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { consoleFeatures } from '../../src/http/routes/console/features.js';
import { listenTestApp, type TestApp } from '../support/harness.js';
import { docShot, journey, launch } from './browser.js';

const KEY = 'gh-demo-admin-key-0001';
const CLOUD = 'ee3c3183-3d6e-4077-8053-676d62c40929';
const ADA = 'user:5b10ac8d82e05b22cc7d4ef5';

/**
 * The console's main journeys in a real browser (Debian's chromium through playwright-core), in
 * order on one page of one browser: the cookbook's flow without a terminal. SQLite only: the
 * console calls the same APIs whose suites run on both dialects (test/console/pages.test.ts runs
 * the console's rules on both).
 */
describe('the console in a browser', () => {
  let t: TestApp & { url: string };
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  const requested: string[] = [];

  beforeAll(async () => {
    [t, browser] = await Promise.all([listenTestApp('sqlite'), launch()]);
    context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    page = await context.newPage();
    page.on('request', (request) => requested.push(request.url()));
    page.setDefaultTimeout(5_000);
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  const open = (path: string) => page.goto(`${t.url}${path}`);
  const decide = async (subject: string, action: string) => {
    await open(`/console/content/${CLOUD}/98305`);
    await page.selectOption('#subject', subject);
    await page.selectOption('#action', action);
    await page.click('button:has-text("Decide")');
    return (await page.textContent('#decision'))?.trim();
  };

  it('K20 sign in: a wrong key is refused without saying more; the right key opens the policies', async () => {
    await journey(page, 'sign-in', async () => {
      await open('/console');
      expect(page.url()).toBe(`${t.url}/console/sign-in`);
      await docShot(page, 'sign-in');
      await page.check('input[value=admin]');
      await page.fill('#credential', 'not-a-key');
      await page.click('button:has-text("Sign in")');
      expect(await page.textContent('#sign-in-error')).toContain('was not accepted');
      await page.fill('#credential', KEY);
      await page.click('button:has-text("Sign in")');
      await page.waitForURL(`${t.url}/console/policies`);
      expect(await page.textContent('h1')).toBe('Policies');
      expect(await page.textContent('header .who')).toContain('Acme (admin)');
    });
  });

  it('K21 create an ORG draft and a CLASSIFICATION override, then add a level to it', async () => {
    await journey(page, 'drafts', async () => {
      await open('/console/policies/new?rule=export&level=ORG');
      await page.fill('#name', 'Org export');
      await page.selectOption('#effect', 'allow');
      await page.click('button:has-text("Create draft")');
      await page.waitForSelector('.notice.ok');
      expect(await page.textContent('.notice.ok')).toContain('Draft “Org export” created');

      // a name-less draft: the error is shown next to its field
      await open('/console/policies/new?rule=export&level=CLASSIFICATION');
      await page.click('button:has-text("Create draft")');
      expect(await page.textContent('#name-error')).toContain('name');

      await page.fill('#name', 'No export of Confidential');
      await page.selectOption('#effect', 'block');
      await page.click('button:has-text("Create draft")');
      await page.waitForSelector('.notice.ok');
      await page.selectOption('#resource-pick', { label: 'classification level Confidential' });
      await page.click('button:has-text("Add")');
      await page.waitForSelector('.notice.ok');
      const resources = await page.textContent('table[aria-label="Resources of the policy"]');
      expect(resources).toContain('Confidential');
      expect(resources).toContain('applied');
      await docShot(page, 'policy');
      await open('/console/policies');
      const grid = await page.textContent('table.grid');
      expect(grid).toContain('Org export');
      expect(grid).toContain('No export of Confidential');
      expect(grid).toContain('1 resource');
      await docShot(page, 'policies');
    });
  });

  it('K22 rehearse and publish the drafts; the decision for Ada flips on the content page', async () => {
    await journey(page, 'publish', async () => {
      expect(await decide(ADA, 'export')).toBe('Allowed');
      await open('/console/publish?rule=export');
      await page.click('form[action="/console/publish/rehearse"] button');
      const features = consoleFeatures(t.app);
      if (features.rehearsal) {
        expect(await page.textContent('#rehearsal')).toMatch(
          /[1-9]\d*\s+decisions?\s+allow\s+→\s+deny/,
        );
      } else {
        expect(await page.textContent('.notice.info')).toContain('does not serve rehearsals');
      }
      await docShot(page, 'publish');
      await page.click('button:has-text("Publish 2 drafts of export")');
      await page.waitForSelector('.notice.ok');
      expect(await page.textContent('.notice.ok')).toContain('Published 2 drafts of export');

      expect(await decide(ADA, 'export')).toBe('Denied');
      const reasons = await page.textContent('#reasons');
      expect(reasons).toContain('No export of Confidential');
      if (features.suggestions) expect(await page.textContent('#to-allow')).not.toBe('');
      await docShot(page, 'content');
    });
  });

  it('K23 find the publish in the audit log', async () => {
    await journey(page, 'audit', async () => {
      await open('/console/audit');
      if (!consoleFeatures(t.app).auditLog) {
        expect(await page.textContent('.notice.info')).toContain(
          'does not serve the org audit log',
        );
        await docShot(page, 'audit');
        return;
      }
      await page.selectOption('#action', 'policy_published');
      await page.click('button:has-text("Filter")');
      const events = await page.textContent('#events');
      expect(events).toContain('policy_published');
      expect(events).toContain('No export of Confidential');
      await docShot(page, 'audit');
      await page.click('#events a:has-text("policy No export of Confidential")');
      expect(await page.textContent('h1')).toBe('No export of Confidential');
    });
  });

  it('K24 the world tree loads children in place; the levels page counts pages', async () => {
    await journey(page, 'world', async () => {
      await open('/console/world');
      await page.click('a:has-text("Engineering")');
      await page.click('summary:has-text("Engineering home")');
      await page.waitForSelector('details[open] [data-slot] a:has-text("Roadmap")');
      await docShot(page, 'world');
      await open('/console/levels');
      expect(await page.textContent('table[aria-label="Classification levels"]')).toContain(
        'Engineering',
      );
      await docShot(page, 'levels');
    });
  });

  it('K25 sign out ends the session: the console asks to sign in again', async () => {
    await journey(page, 'sign-out', async () => {
      await open('/console/policies');
      await page.click('button:has-text("Sign out")');
      await page.waitForURL(/\/console\/sign-in/);
      await open('/console/policies');
      expect(page.url()).toContain('/console/sign-in?next=');
    });
  });

  it('K26 no console page requests another host', () => {
    const origin = new URL(t.url).origin;
    expect(requested.length).toBeGreaterThan(20);
    expect(requested.filter((url) => new URL(url).origin !== origin)).toEqual([]);
  });
});
