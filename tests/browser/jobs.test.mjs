// Lab, ladder and plan check as jobs (issue #20 item 2): the ladder page and the metrics lab
// show a progress bar while the worker plays their jobs step by step and a Cancel button
// (reached from the keyboard); cancelling stops the job, leaves the previous result on screen
// and says so; asking again works. Screenshots of both states, RU and EN, 1280×900 and 390 px.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startBrowser, stopBrowser, open, shot, setField, base } from './harness.mjs';

before(startBrowser);
after(() => stopBrowser());

async function toLang(page, lang) {
  if ((await page.getAttribute('html', 'lang')) !== lang) await page.getByTestId('lang').click();
  await page.waitForFunction((l) => document.documentElement.lang === l, lang);
}

/** The simulated month's revenue per lead on screen (the ladder's result). */
const month = (page) => page.getAttribute('[data-testid=ladder-period-per-lead]', 'data-value');

/** Waits until the bar `id` shows some progress, and gives it (percent). */
async function progressShown(page, id) {
  const bar = page.getByTestId(`${id}-progress`);
  await bar.waitFor({ timeout: 30_000 });
  await page.waitForFunction((t) => {
    const b = document.querySelector(`[data-testid=${t}-progress]`);
    return b && Number(b.getAttribute('aria-valuenow')) > 0;
  }, id, { timeout: 30_000 });
  return Number(await bar.getAttribute('aria-valuenow'));
}

for (const [lang, viewport] of [
  ['ru', { width: 1280, height: 900 }],
  ['en', { width: 1280, height: 900 }],
  ['ru', { width: 390, height: 844 }],
  ['en', { width: 390, height: 844 }],
]) {
  test(`a long ladder job shows progress, is cancelled from the keyboard and runs again (${lang}, ${viewport.width} px)`, async () => {
    const page = await open(viewport);
    await toLang(page, lang);
    await page.goto(base + '#/ladder');
    await page.getByTestId('ladder-per-lead').waitFor({ timeout: 60_000 });
    await page.getByTestId('ladder-job-progress').waitFor({ state: 'detached', timeout: 60_000 });
    const before = await month(page);
    // Five times the leads a day: a month takes five times longer to simulate.
    const file = page.getByTestId('ladder-file');
    const text = await file.inputValue();
    assert.match(text, /"leads_per_day": 30,/);
    await file.fill(text.replace('"leads_per_day": 30,', '"leads_per_day": 150,'));
    await page.getByTestId('ladder-run').click();
    const shown = await progressShown(page, 'ladder-job');
    assert.ok(shown > 0 && shown < 100, `progress ${shown}%`);
    const cancel = page.getByTestId('ladder-job-cancel');
    const name = await cancel.textContent();
    assert.equal(name.trim(), lang === 'en' ? 'Cancel' : 'Остановить', 'an accessible name in the page\'s language');
    const barName = await page.getByTestId('ladder-job-progress').getAttribute('aria-label');
    assert.ok(barName && barName.length > 3, 'the bar is named');
    await page.getByTestId('ladder-job-progress').scrollIntoViewIfNeeded();
    await shot(page, `jobs-ladder-progress-${lang}-${viewport.width}`);
    // Keyboard: the button takes focus and Enter presses it.
    await cancel.focus();
    assert.equal(await page.evaluate(() => document.activeElement?.dataset.testid), 'ladder-job-cancel');
    await page.keyboard.press('Enter');
    const said = page.getByTestId('ladder-job-cancelled');
    await said.waitFor({ timeout: 5_000 });
    assert.match(await said.textContent(), lang === 'en' ? /Cancelled\..*previous/ : /Остановлено\..*прежнему/);
    assert.equal(await page.getByTestId('ladder-job-progress').count(), 0, 'the bar is gone');
    assert.equal(await said.getAttribute('role'), 'status');
    // The previous month stays, and no late answer replaces it.
    await page.waitForTimeout(1_500);
    assert.equal(await month(page), before, 'the previous result stays on screen');
    await said.scrollIntoViewIfNeeded();
    await shot(page, `jobs-ladder-cancelled-${lang}-${viewport.width}`);
    // Asked again, it runs to its end: the new month replaces the old, the notice goes.
    await page.getByTestId('ladder-run').click();
    await progressShown(page, 'ladder-job');
    assert.equal(await said.count(), 0, 'the cancelled line goes with a new request');
    await page.getByTestId('ladder-job-progress').waitFor({ state: 'detached', timeout: 120_000 });
    await page.waitForFunction((b) => document.querySelector('[data-testid=ladder-period-per-lead]')?.dataset.value !== b, before, { timeout: 10_000 });
    const after = Number(await month(page));
    assert.ok(Number.isFinite(after) && after > 0, `a new month: ${after}`);
    assert.deepEqual(page.errors, []);
    await page.context().close();
  });
}

test('the metrics lab\'s coverage experiment shows progress, is cancelled and recomputes', async () => {
  const page = await open({ width: 1280, height: 900 });
  await page.goto(base + '#/metrics');
  await page.getByTestId('lab-coverage').waitFor({ timeout: 60_000 });
  await page.getByTestId('lab-job-progress').waitFor({ state: 'detached', timeout: 120_000 });
  const table = async () => page.textContent('[data-testid=lab-coverage]');
  const before = await table();
  // Seven times the starting clients (near the page's limit): the cohorts take a few seconds.
  await setField(page.getByTestId('lab-clients'), 1400);
  await page.getByTestId('lab-run').click();
  await progressShown(page, 'lab-job');
  await page.getByTestId('lab-job-cancel').click();
  await page.getByTestId('lab-job-cancelled').waitFor({ timeout: 5_000 });
  assert.equal(await page.getByTestId('lab-job-progress').count(), 0);
  assert.ok((await table()).length > 100, 'the experiments stay on screen');
  await page.getByTestId('lab-run').click();
  await page.getByTestId('lab-job-progress').waitFor({ timeout: 10_000 });
  await page.getByTestId('lab-job-progress').waitFor({ state: 'detached', timeout: 120_000 });
  assert.equal(await page.getByTestId('lab-job-cancelled').count(), 0);
  // Same seed, same assumptions: the recomputed coverage is the same as before, bit for bit.
  assert.equal(await table(), before);
  assert.deepEqual(page.errors, []);
  await page.context().close();
});
