// Debian's chromium driven by playwright-core: never a downloaded browser build.
import { chromium, type Browser } from 'playwright-core';

export const CHROMIUM = process.env.KB_CHROMIUM ?? '/usr/bin/chromium';

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}
