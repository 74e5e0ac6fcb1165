// Dragging a conversion updates the exact P(plan) at once: the exact line is asked for on every
// step (no pause) on a drag step's coarser grid, while the Monte Carlo waits for the pause after
// the last step; then the line is solved again on the settled grid.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startBrowser, stopBrowser, open, shot, waitIdle, pPlan, measurements } from './harness.mjs';

before(startBrowser);
after(() => stopBrowser('measurements-drag.json'));

const quantile = (xs, q) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))];
};

test('dragging a conversion updates the exact P(plan) step by step; the Monte Carlo waits', async () => {
  const page = await open();
  const slider = page.getByTestId('stage-conversion-range').first();
  await page.getByTestId('exact').waitFor();
  const start = Number(await slider.inputValue());
  const mc0 = await pPlan(page);

  // In the page: the time of each input event on the slider and of each change of the exact
  // line's value after it (performance.now on both sides, so no test-runner latency counts).
  await page.evaluate(() => {
    const w = window;
    w.dragLog = { input: [], update: [] };
    document.addEventListener('input', (e) => {
      if (e.target.dataset.testid === 'stage-conversion-range') w.dragLog.input.push(performance.now());
    }, true);
    let last = document.querySelector('[data-testid=exact]')?.dataset.value;
    new MutationObserver(() => {
      const v = document.querySelector('[data-testid=exact]')?.dataset.value;
      if (v !== undefined && v !== last) {
        last = v;
        const err = Number(document.querySelector('[data-testid=exact]')?.dataset.error);
        w.dragLog.update.push([performance.now(), Number(v), err]);
      }
    }).observe(document.querySelector('.results'), { subtree: true, childList: true, attributes: true });
  });

  // Step by step (keyboard: one input event per press), each step waiting for its update. The
  // steps come faster than the Monte Carlo's pause, so it must not run in between.
  const steps = 15;
  const byValue = new Map();
  await slider.focus();
  for (let k = 0; k < steps; k++) {
    const before = await page.evaluate(() => window.dragLog.update.length);
    await page.keyboard.press('ArrowDown');
    await page.waitForFunction((n) => window.dragLog.update.length > n, before, { timeout: 5_000 });
    const [, p, err] = await page.evaluate(() => window.dragLog.update.at(-1));
    byValue.set(Number(await slider.inputValue()), { p, err });
  }
  const log = await page.evaluate(() => window.dragLog);
  assert.equal(log.input.length, steps, 'one input event a step');
  assert.equal(log.update.length, steps, 'one exact update a step');
  const lat = log.input.map((t, k) => log.update[k][0] - t);
  assert.ok(lat.every((x) => x >= 0), `updates follow their inputs: ${lat}`);
  // Each step's answer is exact within the bound it shows: a drag step's grid, under 0.2 pp.
  assert.ok(log.update.every(([, , err]) => err > 0 && err <= 0.002), `drag step bounds: ${log.update.map((u) => u[2])}`);
  const ps = log.update.map(([, p]) => p);
  assert.ok(ps.every((p, k) => k === 0 || p <= ps[k - 1]), `a lower conversion never raises P(plan): ${ps}`);
  assert.ok(ps.at(-1) < ps[0], `${steps} pp less conversion lowers P(plan): ${ps}`);
  assert.equal(await pPlan(page), mc0, 'no Monte Carlo result during the drag');
  assert.equal(Number(await slider.inputValue()), start - steps);

  const median = quantile(lat, 0.5);
  const p90 = quantile(lat, 0.9);
  measurements.drag_exact_update_ms = { steps, median, p90, max: Math.max(...lat), all: lat.map((x) => Math.round(x * 10) / 10) };
  console.log(`drag: input → exact line, ${steps} steps: median ${median.toFixed(1)} ms, p90 ${p90.toFixed(1)} ms`);
  // A frame (16.7 ms) is the goal, met here at the median and p90 on a quiet 2-core VM (README,
  // benchmark table); the exact path runs in the worker, so a step costs a message each way,
  // the computation and the page's render, and medians of 23–61 ms were measured on a loaded
  // VM: the bound leaves room for that load, not for a debounce.
  assert.ok(median <= 100, `median input → exact update ${median} ms`);

  // A fast pointer drag back up: only the latest step waits while one is computed, and the line
  // ends on the answer for where the thumb stopped (the same as that value's answer above).
  const box = await slider.boundingBox();
  const y = box.y + box.height / 2;
  const xOf = (v) => box.x + 8 + (box.width - 16) * (v - 1) / 99;
  await page.mouse.move(xOf(start - steps), y);
  await page.mouse.down();
  for (let k = 1; k <= 20; k++) await page.mouse.move(xOf(start - steps) + k * (xOf(start - 5) - xOf(start - steps)) / 20, y);
  await page.mouse.up();
  const end = Number(await slider.inputValue());
  assert.ok(end > start - steps, `the pointer moved the slider: ${end}`);
  // After the pause the line is solved again on the settled grid (a bound under 0.1 pp), and
  // the Monte Carlo runs for the final scenario and agrees with it.
  await page.waitForFunction((old) => document.querySelector('[data-testid=p-plan]')?.dataset.value !== String(old), mc0, { timeout: 30_000 });
  await waitIdle(page);
  const exactEnd = Number(await page.getByTestId('exact').getAttribute('data-value'));
  const errEnd = Number(await page.getByTestId('exact').getAttribute('data-error'));
  assert.ok(errEnd > 0 && errEnd <= 0.001, `settled bound ${errEnd}`);
  assert.ok(byValue.has(end), `the drag stopped on a value the steps visited: ${end}`);
  const step = byValue.get(end);
  assert.ok(errEnd < step.err, `the settled grid is finer: ${errEnd} < ${step.err}`);
  // Both answers are exact within their bounds, so their brackets overlap.
  assert.ok(Math.abs(exactEnd - step.p) <= errEnd + step.err, `the exact line for ${end}%: ${exactEnd} ± ${errEnd} vs the step's ${step.p} ± ${step.err}`);
  const mc = await pPlan(page);
  const se = Math.sqrt(mc * (1 - mc) / 10000);
  assert.ok(Math.abs(mc - exactEnd) <= 4 * se + 0.001, `Monte Carlo ${mc} vs exact ${exactEnd}`);
  const conv = await page.getByTestId('stage-conversion').first().inputValue();
  assert.equal(Number(conv.replace(',', '.')), end, 'the number field follows the slider');
  await shot(page, 'drag-exact');
  assert.deepEqual(page.errors, []);
});
