import type { AddressInfo } from 'node:net';
import axe from 'axe-core';
import { chromium, type Browser, type BrowserContext, type BrowserContextOptions, type Page } from 'playwright-core';
import { createTestApp, TEST_PUBLIC_URL, type TTestApp } from './test-app.js';

/** The system Chromium: playwright-core ships no browser, and none may be downloaded. */
const CHROMIUM_PATH = '/usr/bin/chromium';

const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];

/** Generous on a shared two-core machine; a journey waits on pages, argon2 and SMTP in turn. */
export const BROWSER_TEST_TIMEOUT_MS = 120_000;

/** How long one locator wait may take before the step is reported as failed. */
export const STEP_TIMEOUT_MS = 20_000;

export type TBrowserApp = TTestApp & {
  /** Where the app really listens, e.g. http://127.0.0.1:41234. */
  baseUrl: string;
  /** A link from an email (under PUBLIC_URL) turned into the same path on the listening server. */
  localUrl(link: string): string;
};

/** The whole app on a real port, so a browser can load the built portal and call the API. */
export async function startBrowserApp(options: Parameters<typeof createTestApp>[0] = {}): Promise<TBrowserApp> {
  const testApp = await createTestApp(options);
  await testApp.app.listen({ port: 0, host: '127.0.0.1' });
  const { port } = testApp.app.server.address() as AddressInfo;
  const baseUrl = `http://127.0.0.1:${port}`;
  return {
    ...testApp,
    baseUrl,
    localUrl(link) {
      const url = new URL(link, TEST_PUBLIC_URL);
      return `${baseUrl}${url.pathname}${url.search}`;
    },
  };
}

/** The first link in an email's text that goes to `path` on PUBLIC_URL, with its query. */
export function linkInEmail(text: string, path: string): string {
  const escaped = `${TEST_PUBLIC_URL}${path}`.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const match = new RegExp(`${escaped}(?:\\?[^\\s<>"')\\]]*)?`).exec(text);
  if (!match) throw new Error(`no ${TEST_PUBLIC_URL}${path} link in the email`);
  return match[0];
}

/**
 * `localHosts`: host patterns (`*.comptoir.test`) Chromium resolves to 127.0.0.1, so that a
 * market's own address (`http://be.comptoir.test:<port>`) reaches the listening app with its
 * Host header, as a customer of that market would.
 */
export function launchChromium(options: { localHosts?: string[] } = {}): Promise<Browser> {
  const rules = (options.localHosts ?? []).map((host) => `MAP ${host} 127.0.0.1`).join(', ');
  const args = rules ? [...CHROMIUM_ARGS, `--host-resolver-rules=${rules}`] : CHROMIUM_ARGS;
  return chromium.launch({ executablePath: CHROMIUM_PATH, args, headless: true });
}

/**
 * A fresh visitor: own cookies and storage, French browser, relative URLs resolved against
 * the app. Failed pages are easier to understand with a screenshot: see `screenshotOnFailure`.
 */
export async function openVisitor(
  browser: Browser,
  app: Pick<TBrowserApp, 'baseUrl'>,
  options: BrowserContextOptions = {},
): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ baseURL: app.baseUrl, locale: 'fr-FR', ...options });
  context.setDefaultTimeout(STEP_TIMEOUT_MS);
  const page = await context.newPage();
  return { context, page };
}

/** Runs a journey and, when it throws, leaves a full-page screenshot in /tmp for the reader. */
export async function screenshotOnFailure<T>(page: Page, name: string, journey: () => Promise<T>): Promise<T> {
  try {
    return await journey();
  } catch (error) {
    const path = `/tmp/comptoir-${name}-${Date.now()}.png`;
    await page.screenshot({ path, fullPage: true }).catch(() => undefined);
    if (error instanceof Error) error.message += `\n(screenshot of ${page.url()}: ${path})`;
    throw error;
  }
}

export type TAccessibilityViolation = { id: string; impact: string; help: string; targets: string[] };

/**
 * axe-core's serious and critical findings on the page as it stands. The portal's CSP forbids
 * inline scripts, so the visitor must be opened with `bypassCSP: true` for axe to be injected.
 */
export async function findSeriousAccessibilityViolations(page: Page): Promise<TAccessibilityViolation[]> {
  const hasAxe = await page.evaluate(() => 'axe' in globalThis);
  if (!hasAxe) await page.addScriptTag({ content: axe.source });
  const violations = await page.evaluate(async () => {
    const results = await (globalThis as unknown as { axe: typeof axe }).axe.run();
    return results.violations.map((violation) => ({
      id: violation.id,
      impact: violation.impact ?? '',
      help: violation.help,
      targets: violation.nodes.map((node) => node.target.join(' ')),
    }));
  });
  return violations.filter((violation) => violation.impact === 'serious' || violation.impact === 'critical');
}

/** The page's full width in CSS pixels: wider than the viewport means a horizontal scrollbar. */
export function pageScrollWidth(page: Page): Promise<number> {
  return page.evaluate(
    () => (globalThis as unknown as { document: { documentElement: { scrollWidth: number } } }).document.documentElement.scrollWidth,
  );
}

/**
 * Notes, under `name`, the page's serious axe findings and its width, for a journey to assert
 * all at once at its end (so one failure does not hide the pages after it).
 */
export async function checkPage(page: Page, name: string, found: Record<string, TAccessibilityViolation[]>, widths: Record<string, number>): Promise<void> {
  found[name] = await findSeriousAccessibilityViolations(page);
  widths[name] = await pageScrollWidth(page);
}

/** Waits for the page's h1, the sign that a route has rendered. */
export async function waitForPageHeading(page: Page, name: string): Promise<void> {
  await page.getByRole('heading', { level: 1, name, exact: true }).waitFor();
}

/** Fills and submits the French sign-in form the page shows. */
export async function submitPasswordForm(page: Page, credentials: { email: string; password: string }): Promise<void> {
  await page.getByLabel('Adresse e-mail').fill(credentials.email);
  await page.getByLabel('Mot de passe', { exact: true }).fill(credentials.password);
  await page.getByRole('button', { name: 'Se connecter', exact: true }).click();
}
