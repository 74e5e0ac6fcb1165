// Reliability (issue #12): a worker that dies mid-run is said, replaced and its run done again
// while the user's edits stay; huge inputs finish or are refused in seconds; hostile text is
// shown as text and never breaks the layout.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startBrowser, stopBrowser, base, theBrowser, waitIdle, pPlan, setField, shot, measurements } from './harness.mjs';

before(startBrowser);
after(() => stopBrowser('measurements-harden.json'));

/** A fresh page with a pool of `workers`, the default result on screen. */
async function openWith(workers, viewport = { width: 1280, height: 800 }) {
  const context = await theBrowser().newContext({ viewport });
  await context.addInitScript((k) => localStorage.setItem('funnel-lab.workers', String(k)), workers);
  const page = await context.newPage();
  page.errors = [];
  page.on('pageerror', (e) => page.errors.push(e.message));
  page.dialogs = [];
  page.on('dialog', (d) => { page.dialogs.push(d.message()); d.dismiss(); });
  await page.goto(base);
  await page.waitForSelector('[data-testid=p-plan]', { timeout: 30_000 });
  await waitIdle(page);
  return page;
}

test('a worker that dies mid-run is said, replaced, and the run is done again; the edit stays', async () => {
  const page = await openWith(2);
  await page.waitForFunction(() => document.documentElement.dataset.workers === '2');
  const before = page.workers().length;
  assert.equal(before, 2, 'two live workers before');
  // An edit the user made, which must survive.
  const plan = page.getByTestId('plan');
  await setField(plan, '3100000');
  await page.waitForTimeout(800);
  await waitIdle(page);
  const first = await pPlan(page);
  // Arm the test hook, then start a run big enough for several batches per worker.
  await page.evaluate(() => localStorage.setItem('funnel-lab.test.crash-worker', '1'));
  await setField(page.getByTestId('trials'), '20000');
  const notice = page.getByTestId('worker-notice');
  await notice.waitFor({ timeout: 15_000 });
  const text = await notice.textContent();
  assert.match(text, /остановился с ошибкой|stopped with an error/);
  assert.match(text, /выполняется снова|being done again/);
  assert.equal(await page.getByTestId('worker-notice-region').getAttribute('aria-live'), 'polite');
  // The hook was read once and cleared, so the rerun is not crashed again.
  assert.equal(await page.evaluate(() => localStorage.getItem('funnel-lab.test.crash-worker')), null);
  assert.equal(await page.getAttribute('html', 'data-worker-restarts'), '1');
  // A new result arrives: the 20,000-trial run, done on the fresh pool.
  await page.waitForFunction(() => document.querySelector('.headline .plan')?.textContent.includes('20'), null, { timeout: 60_000 });
  await waitIdle(page, 60_000);
  const after = await pPlan(page);
  assert.ok(Number.isFinite(after) && after > 0 && after < 1, `a P(plan) after the crash: ${after}`);
  // The same run on a page that never crashed gives the same number (the rerun is the whole run).
  const clean = await openWith(2);
  await setField(clean.getByTestId('plan'), '3100000');
  await setField(clean.getByTestId('trials'), '20000');
  await clean.waitForFunction(() => document.querySelector('.headline .plan')?.textContent.includes('20'), null, { timeout: 60_000 });
  await waitIdle(clean, 60_000);
  assert.equal(after, await pPlan(clean), 'the rerun gives the run\'s own numbers');
  await clean.context().close();
  // The edit is still there, and the pool is back to its size.
  assert.match((await plan.inputValue()).replace(/\D/g, ''), /^3100000$/);
  assert.equal(page.workers().length, before, 'the pool is back to its size');
  // The other worker kept working: one restart only.
  assert.equal(await page.getAttribute('html', 'data-worker-restarts'), '1');
  assert.ok(first > 0 && first < 1);
  await shot(page, 'harden-worker-crash');
  assert.deepEqual(page.errors, []);
  await page.context().close();
});
