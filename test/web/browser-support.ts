// A real Chromium (Debian's /usr/bin/chromium) driven by playwright-core, as the issue asks for the
// console's browser tests. Started with the flags this machine needs: headless, no sandbox (root),
// and no background networking (the machine has no internet, and Chromium would keep trying).
import { existsSync } from 'node:fs';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { PASSWORD } from './web-support.js';

export const CHROMIUM = process.env.SELARAS_CHROMIUM ?? '/usr/bin/chromium';

/** Why browser tests cannot run here, or undefined when they can (CI installs Chromium). */
export function browserSkipReason(): string | undefined {
  if (existsSync(CHROMIUM)) return undefined;
  if (process.env.CI || process.env.SELARAS_REQUIRE_BROWSER) {
    throw new Error(
      `Chromium is required for the browser tests but ${CHROMIUM} does not exist (apt-get install chromium)`,
    );
  }
  return `no Chromium at ${CHROMIUM} (apt-get install chromium)`;
}

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--disable-dev-shm-usage',
    ],
  });
}

/** A fresh browser profile (its own cookies) that accepts confirm() dialogs and collects page errors. */
export async function freshContext(
  browser: Browser,
): Promise<{ context: BrowserContext; page: Page; errors: string[] }> {
  const context = await browser.newContext({ acceptDownloads: true, locale: 'id-ID' });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  page.on('console', (msg) => {
    if (msg.type() === 'error') errors.push(msg.text());
  });
  page.on('dialog', (dialog) => void dialog.accept());
  return { context, page, errors };
}

export async function signIn(page: Page, base: string, login: string, password = PASSWORD): Promise<void> {
  await page.goto(`${base}/login`);
  await page.fill('input[name="login"]', login);
  await page.fill('input[name="password"]', password);
  await Promise.all([
    page.waitForURL((url) => url.pathname !== '/login'),
    page.click('#login-form button[type="submit"]'),
  ]);
}
