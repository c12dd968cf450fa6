import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { freePort } from '@hush/persistence/testing';
import { createTestApp, resetDatabase, type TestApp } from './test-app';

/** Debian's chromium package (STACK.md): the browser tests drive it, they never download one. */
export const CHROMIUM = '/usr/bin/chromium';

/** The flags that work on these machines (as root, without a network). */
export const CHROMIUM_FLAGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** Screenshots for people to look at; ignored by git. */
export const SCREENSHOTS = join(__dirname, '..', '..', 'test-results', 'screenshots');

/**
 * Chromium, or a failure that says how to get it. Never a skip: a missing browser must not pass CI
 * (`.ci/run` installs it) nor look like a pass on a developer's machine.
 */
export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) {
    const where = process.env.CI ? 'CI must provide it (.ci/run installs it when it is missing)' : 'install it';
    throw new Error(
      `The browser tests need Debian's Chromium at ${CHROMIUM}, which is missing: ${where} with ` +
        '`apt-get install -y --no-install-recommends chromium` (as root). They fail rather than skip without it.',
    );
  }
  return chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_FLAGS });
}

/** The real app on a real port, PUBLIC_URL being exactly the origin the browser opens (the pages check Origin against it). */
export interface ServedApp extends TestApp {
  readonly origin: string;
}

/** `port`: where a test has already pointed something at the app (an identity provider's redirect URI). */
export async function serveTestApp(env: Record<string, string> = {}, port?: number): Promise<ServedApp> {
  port ??= await freePort();
  const origin = `http://127.0.0.1:${port}`;
  const testApp = await createTestApp({ PUBLIC_URL: origin, ...env }, { clock: 'system' });
  await testApp.app.listen(port, '127.0.0.1');
  await resetDatabase(testApp);
  return { ...testApp, origin };
}

/** What a page said about its Content Security Policy, and script errors: a clean page says nothing. */
export class ConsoleWatch {
  readonly problems: string[] = [];

  /** Watches every page the context opens (and pages opened already). */
  watch(context: BrowserContext): void {
    for (const page of context.pages()) this.watchPage(page);
    context.on('page', (page) => this.watchPage(page));
  }

  watchPage(page: Page): void {
    page.on('console', (message) => {
      const text = message.text();
      if (/Content Security Policy|Refused to/i.test(text)) this.problems.push(`${page.url()}: ${text}`);
    });
    page.on('pageerror', (error) => this.problems.push(`${page.url()}: page error: ${error.message}`));
  }

  /** Everything seen so far, forgotten (to be asserted empty). */
  take(): string[] {
    return this.problems.splice(0);
  }
}

export function ensureDirectory(path: string): string {
  mkdirSync(path, { recursive: true });
  return path;
}

/** The share link and receipt link a created page shows (its read-only field, its receipt anchor). */
export async function createdLinks(page: Page): Promise<{ link: string; secretKey: string; receipt: string; metadataKey: string }> {
  const link = await page.inputValue('#share-link');
  const receipt = (await page.locator('section.receipt a').getAttribute('href')) ?? '';
  return {
    link,
    secretKey: link.split('/secret/')[1] ?? '',
    receipt,
    metadataKey: new URL(receipt).pathname.split('/receipt/')[1] ?? '',
  };
}
