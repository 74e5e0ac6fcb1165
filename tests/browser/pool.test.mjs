// The worker pool: a run split over 1 or 4 workers gives the same numbers to the last digit
// (shards merge exactly), and more workers on more cores finish sooner.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startBrowser, stopBrowser, open, waitIdle, pPlan, setField, measurements } from './harness.mjs';

before(startBrowser);
after(() => stopBrowser('measurements-pool.json'));

/** A fresh page whose pool has `n` workers, with the default result on screen. */
const openWith = (n) => open(undefined, { workers: n });

/** P(plan) and the revenue line, and the time a 100,000-trial run takes from the Run button
 * (the edit's own run, after its 500 ms pause, is waited for first). */
async function run100k(page) {
  await setField(page.getByTestId('trials'), '100000');
  await page.waitForFunction(() => document.querySelector('.headline .plan')?.textContent.includes('100'), null, { timeout: 60_000 });
  await waitIdle(page, 60_000);
  const t0 = Date.now();
  await page.getByTestId('run').click();
  await page.waitForFunction(() => !document.querySelector('[data-testid=cancel]').disabled, null, { timeout: 10_000 });
  await waitIdle(page, 60_000);
  const ms = Date.now() - t0;
  return { p: await pPlan(page), numbers: await page.textContent('.numbers'), ms };
}

test('one worker and four give identical numbers', async () => {
  const results = {};
  for (const n of [1, 4]) {
    const page = await openWith(n);
    assert.equal(await page.getAttribute('html', 'data-workers'), String(n));
    results[n] = await run100k(page);
    assert.deepEqual(page.errors, []);
    await page.context().close();
  }
  assert.equal(results[4].p, results[1].p, 'P(plan)');
  assert.equal(results[4].numbers, results[1].numbers, 'revenue quantiles, mean, wins');
  // Two workers on this machine's cores (the default pool here), timed beside one.
  const page = await openWith(2);
  results[2] = await run100k(page);
  assert.equal(results[2].p, results[1].p);
  await page.context().close();
  measurements.pool_100k_ms = { 1: results[1].ms, 2: results[2].ms, 4: results[4].ms };
});
