// A walk through every page in both languages, as a new user does, failing on any console
// error or uncaught exception on the way (issue #22 item 14: a policy violation, a failed
// load or a panic shows there first).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { startBrowser, stopBrowser, base, open, waitIdle, here } from './harness.mjs';

before(startBrowser);
after(() => stopBrowser());

const sample = join(here, '..', '..', 'assets', 'samples', 'generic.csv');

/** What the console said at the level of an error, and uncaught exceptions. */
const problems = (page) => [
  ...page.consoleLines.filter((l) => l.startsWith('error:')),
  ...page.errors.map((e) => `pageerror: ${e}`),
];

test('every page in both languages, with no console error', async () => {
  const page = await open({ width: 1280, height: 900 }, { workers: 2 });
  for (const lang of ['ru', 'en']) {
    if ((await page.getAttribute('html', 'lang')) !== lang) await page.getByTestId('lang').click();
    await page.waitForFunction((l) => document.documentElement.lang === l, lang);
    await page.goto(base + '#/');
    await page.getByTestId('p-plan').waitFor();
    await waitIdle(page);
    await page.getByTestId('share').click();
    await page.getByTestId('share-link').waitFor();
    await page.getByTestId('share').click();
    await page.goto(base + '#/lessons');
    await page.getByTestId('lesson-link').first().waitFor();
    await page.goto(base + '#/lesson/pocket');
    const guesses = page.getByTestId('lesson-guess');
    await guesses.first().waitFor();
    for (let i = 0; i < await guesses.count(); i++) await guesses.nth(i).fill('50');
    await page.getByTestId('lesson-reveal').click();
    await page.getByTestId('lesson-moral').waitFor({ timeout: 90_000 });
    await page.goto(base + '#/team');
    await page.getByTestId('team-run').click();
    await page.getByTestId('team-result').waitFor({ timeout: 90_000 });
    await page.goto(base + '#/concepts');
    await page.locator('.concept').first().waitFor();
    await page.goto(base + '#/ladder');
    await page.getByTestId('ladder-rung').first().waitFor({ timeout: 90_000 });
    await page.goto(base + '#/metrics');
    await page.waitForFunction(() => document.querySelector('[data-testid=lab-romi-finding]')?.textContent.trim().length > 0, null, { timeout: 120_000 });
    await page.goto(base + '#/calibrate');
    await page.getByTestId('calibrate-file').setInputFiles(sample);
    await page.getByTestId('calibrate-plan').waitFor({ timeout: 90_000 });
  }
  assert.deepEqual(problems(page), [], page.consoleLines.join('\n'));
  await page.context().close();
});
