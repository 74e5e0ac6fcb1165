// The exact path in the editor: P(plan) without sampling appears beside the Monte Carlo's and
// agrees with it; a scenario it cannot serve (the capacity lever) says so and still runs.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startBrowser, stopBrowser, open, shot, setField, waitIdle, pPlan, measurements } from './harness.mjs';

before(startBrowser);
after(() => stopBrowser('measurements-exact.json'));

test('the exact P(plan) is shown, marked exact, and the Monte Carlo agrees with it', async () => {
  const page = await open();
  const exact = page.getByTestId('exact');
  await exact.waitFor();
  const p = Number(await exact.getAttribute('data-value'));
  const err = Number(await exact.getAttribute('data-error'));
  const mc = await pPlan(page);
  const se = Math.sqrt(mc * (1 - mc) / 10000);
  assert.ok(Math.abs(mc - p) <= 4 * se + err, `exact ${p} ± ${err} vs Monte Carlo ${mc} ± ${se}`);
  assert.ok(err < 0.001, `computation error ${err}`);
  assert.match(await exact.textContent(), /Точно, без выборки/);

  // An edit: the exact answer for the new scenario comes before the Monte Carlo finishes.
  const t0 = Date.now();
  await setField(page.locator('[data-path="plan"]'), '3500000');
  await page.waitForFunction((old) => {
    const e = document.querySelector('[data-testid=exact]');
    return e && e.dataset.value !== String(old);
  }, p, { timeout: 10_000 });
  measurements.exact_after_edit_ms = Date.now() - t0;
  await waitIdle(page);
  const p2 = Number(await page.getByTestId('exact').getAttribute('data-value'));
  assert.ok(p2 < p, `a higher plan is less likely: ${p2} < ${p}`);

  await page.evaluate(() => document.querySelectorAll('details').forEach((d) => { d.open = true; }));
  await setField(page.getByTestId('minutes-per-day'), '240');
  await page.getByTestId('exact-refused').waitFor({ timeout: 10_000 });
  assert.match(await page.textContent('[data-testid=exact-refused]'), /рычаг мощности/);
  await waitIdle(page);
  assert.ok((await pPlan(page)) >= 0, 'the Monte Carlo still runs');
  await shot(page, 'exact-refused');
  assert.deepEqual(page.errors, []);
});

test('a new seed or a Run click keeps the settled exact answer; a rounded entry shows as held', async () => {
  const page = await open();
  const exact = page.getByTestId('exact');
  await exact.waitFor();
  const before = { v: await exact.getAttribute('data-value'), e: await exact.getAttribute('data-error') };
  assert.ok(Number(before.e) <= 0.001, `settled bound ${before.e}`);
  // Same scenario, another seed: the Monte Carlo runs again, the exact answer stands as it was
  // (neither blanked nor replaced by a drag step's coarser one).
  await setField(page.getByTestId('seed'), '7');
  await page.waitForFunction(() => !document.querySelector('[data-testid=cancel]').disabled, null, { timeout: 10_000 });
  await waitIdle(page);
  assert.deepEqual({ v: await exact.getAttribute('data-value'), e: await exact.getAttribute('data-error') }, before);
  await page.getByTestId('run').click();
  await waitIdle(page);
  assert.deepEqual({ v: await exact.getAttribute('data-value'), e: await exact.getAttribute('data-error') }, before);

  // Working days are whole: 21.4 is held as 21, and the field says 21 (the value did not change).
  const horizon = page.locator('[data-path="horizon_days"]');
  assert.equal(await horizon.inputValue(), '21');
  await setField(horizon, '21.4');
  assert.equal(await horizon.inputValue(), '21');
  assert.deepEqual(page.errors, []);
});
