// `npm test` runs the browser suite (site.browser.ts) wherever Debian's chromium is installed. On a
// machine without it the suite is skipped with the reason; CI installs it, so there it always runs.
import { existsSync } from 'node:fs';
import { test } from 'node:test';
import { CHROMIUM } from './helpers/browser.ts';

if (existsSync(CHROMIUM) || process.env.CI) {
  await import('./site.browser.ts');
  await import('./obsidian.browser.ts');
  await import('./dev.browser.ts');
}
else test('the site in a real browser', { skip: `no Chromium at ${CHROMIUM}: apt-get install chromium (.ci/run does)` }, () => {});
