// Headless Debian Chromium for page tests (playwright-core drives it; no browser download).
import { join } from 'node:path';
import { chromium, type BrowserContext } from 'playwright-core';

export const CHROMIUM = '/usr/bin/chromium';
/** Screenshots kept for a human to look at (gitignored). */
export const ARTIFACTS = join(import.meta.dirname, '..', '..', 'test-artifacts');

/**
 * A fresh browser context on an empty profile directory, with the flags that keep Chromium off the network
 * (no background services, no sandbox: CI runs as root), a French locale and a 1400 px wide viewport.
 */
export function launchChromium(
  profileDir: string,
  options: { headers?: Record<string, string>; httpCredentials?: { username: string; password: string } } = {},
): Promise<BrowserContext> {
  return chromium.launchPersistentContext(profileDir, {
    executablePath: CHROMIUM,
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
    ...(options.headers ? { extraHTTPHeaders: options.headers } : {}),
    ...(options.httpCredentials ? { httpCredentials: options.httpCredentials } : {}),
    viewport: { width: 1400, height: 900 },
    locale: 'fr-FR',
  });
}
