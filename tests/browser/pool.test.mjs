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

test('the page adopts the workers boot.js started before its wasm: no second pool', async () => {
  // Every Worker the page makes is counted, with the time it was made and the pool's answers.
  const count = () => {
    window.workerLog = [];
    const Native = window.Worker;
    window.Worker = class extends Native {
      constructor(...args) {
        super(...args);
        window.workerLog.push(performance.now());
      }
    };
    // When the page starts instantiating its own wasm (wasm-bindgen's init streams it).
    const stream = WebAssembly.instantiateStreaming;
    WebAssembly.instantiateStreaming = (...args) => {
      window.wasmStart ??= performance.now();
      return stream(...args);
    };
  };
  for (const n of [1, 3]) {
    const page = await open(undefined, { workers: n, init: count });
    const made = await page.evaluate(() => window.workerLog);
    assert.equal(made.length, n, `workers made for a pool of ${n}: ${made.length}`);
    // Made by boot.js before the page began to instantiate its own wasm (which then adopted
    // them), not by the page after it had mounted.
    const wasmStart = await page.evaluate(() => window.wasmStart);
    assert.ok(wasmStart > 0 && made.every((t) => t < wasmStart), `made at ${made}, page wasm instantiated from ${wasmStart}`);
    assert.ok((await pPlan(page)) > 0);
    assert.deepEqual(page.errors, []);
    await page.context().close();
  }
});
