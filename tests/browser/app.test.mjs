// Browser tests of Funnel Lab: the release build in dist/, served on 127.0.0.1, driven by
// playwright-core in Debian's Chromium. Every test keeps a screenshot in artifacts/, and the
// measured timings go to artifacts/measurements.json.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { statSync, readdirSync, readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { join } from 'node:path';
import {
  startBrowser, stopBrowser, base, dist, here, artifacts, measurements,
  open, waitIdle, pPlan, shot, setField,
} from './harness.mjs';

before(startBrowser);
after(() => stopBrowser('measurements.json'));

/** Runs with `trials` and returns the wall time from click to result. */
async function timedRun(page, trials) {
  await setField(page.getByTestId('trials'), trials);
  await waitIdle(page, 120_000); // the edit re-runs by itself; let it finish
  // A short run can start and end between two polls: an observer catches Cancel enabled.
  await page.evaluate(() => {
    const c = document.querySelector('[data-testid=cancel]');
    window.__started = false;
    new MutationObserver(() => { if (!c.disabled) window.__started = true; }).observe(c, { attributes: true });
  });
  const t0 = Date.now();
  await page.getByTestId('run').click();
  await page.waitForFunction(() => window.__started);
  await waitIdle(page, 120_000);
  return Date.now() - t0;
}

test('loads and shows the default result', async () => {
  const page = await open();
  const p = await pPlan(page);
  assert.ok(p > 0.4 && p < 0.8, `default P(plan) ${p}`);
  assert.match(await page.textContent('[data-testid=p-plan]'), /^\d+[.,]\d%$/);
  assert.equal(await page.getByTestId('stage-row').count(), 5);
  assert.deepEqual(page.errors, []);
  measurements.first_result_ms = page.firstResultMs;
  await shot(page, 'load');
  await page.context().close();
});

test('raising a stage conversion raises P(plan)', async () => {
  const page = await open();
  const before = await pPlan(page);
  await setField(page.getByTestId('stage-conversion').first(), 80);
  await page.waitForFunction((b) => Number(document.querySelector('[data-testid=p-plan]').dataset.value) !== b, before, { timeout: 30_000 });
  await waitIdle(page);
  const after = await pPlan(page);
  assert.ok(after > before + 0.1, `P(plan) ${before} -> ${after}`);
  await shot(page, 'conversion-raised');
  await page.context().close();
});

test('an invalid value shows a message, disables Run and keeps the last result', async () => {
  const page = await open();
  const shown = await page.textContent('[data-testid=p-plan]');
  await setField(page.getByTestId('stage-conversion').nth(1), 150);
  const error = page.getByTestId('error').first();
  await error.waitFor();
  assert.match(await error.textContent(), /0–100%/);
  assert.equal(await page.getByTestId('run').isDisabled(), true);
  await page.waitForTimeout(800); // longer than the auto re-run pause: nothing may run
  assert.equal(await page.textContent('[data-testid=p-plan]'), shown);
  await setField(page.getByTestId('plan'), -5);
  assert.ok((await page.getByTestId('error').count()) >= 2);
  await shot(page, 'invalid');
  await page.context().close();
});

test('a large run shows progress and cancels promptly', async () => {
  const page = await open();
  const shown = await page.textContent('[data-testid=p-plan]');
  // Two million trials of the default month: seconds on two workers, long enough to see the
  // progress and cancel (200,000 could end before the click on a quiet machine since the
  // engine got faster); the page admits up to 10⁷ (docs/limits.md).
  await setField(page.getByTestId('trials'), 2_000_000);
  await page.waitForFunction(() => Number(document.querySelector('[data-testid=progress]').getAttribute('aria-valuenow')) > 0, null, { timeout: 30_000 });
  await shot(page, 'progress');
  const t0 = Date.now();
  await page.getByTestId('cancel').click();
  await waitIdle(page, 5_000);
  measurements.cancel_ui_ms = Date.now() - t0;
  assert.equal(await page.textContent('[data-testid=p-plan]'), shown);
  // The worker must be free again: a small run right after the cancel finishes quickly.
  await setField(page.getByTestId('trials'), 2000);
  const t1 = Date.now();
  await page.waitForFunction((s) => document.querySelector('[data-testid=p-plan]').textContent !== s, shown, { timeout: 10_000 });
  measurements.run_after_cancel_ms = Date.now() - t1;
  assert.ok(measurements.run_after_cancel_ms < 3000, `next run took ${measurements.run_after_cancel_ms} ms`);
  await page.context().close();
});

test('switches language', async () => {
  const page = await open();
  assert.match(await page.textContent('h1'), /симулятор/);
  await page.getByTestId('lang').click();
  await page.waitForFunction(() => /simulator/.test(document.querySelector('h1').textContent));
  assert.equal(await page.getAttribute('html', 'lang'), 'en');
  assert.match(await page.textContent('.forecast'), /the funnel forecasts/);
  await shot(page, 'english');
  await page.getByTestId('lang').click();
  await page.waitForFunction(() => /симулятор/.test(document.querySelector('h1').textContent));
  await page.context().close();
});

test('every chart canvas is drawn and sharp', async () => {
  const page = await open();
  for (const id of ['chart-histogram', 'chart-funnel', 'chart-fan']) {
    const stats = await page.evaluate((id) => {
      const c = document.querySelector(`[data-testid=${id}]`);
      const data = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
      let ink = 0, colours = new Set();
      for (let i = 0; i < data.length; i += 4) {
        if (data[i] < 240 || data[i + 1] < 240 || data[i + 2] < 240) ink++;
        if (i % 64 === 0) colours.add(`${data[i] >> 4},${data[i + 1] >> 4},${data[i + 2] >> 4}`);
      }
      return { ink, total: data.length / 4, colours: colours.size, width: c.width, css: c.getBoundingClientRect().width };
    }, id);
    assert.ok(stats.ink / stats.total > 0.02, `${id}: ${stats.ink} of ${stats.total} pixels drawn`);
    assert.ok(stats.colours > 3, `${id}: ${stats.colours} colours`);
    assert.equal(stats.width, Math.round(stats.css * 2), `${id} is drawn at device pixel ratio 2`);
  }
  await shot(page, 'charts');
  await page.context().close();
});

test('presets switch the scenario and the phone layout fits', async () => {
  const page = await open({ width: 390, height: 844 });
  const before = await pPlan(page);
  const pipe = JSON.parse(readFileSync(join(here, '..', '..', 'assets', 'scenarios', 'pipe.json'), 'utf8'));
  await page.getByTestId('preset').selectOption('pipe');
  // The editor now holds the pipe: its stages, its conversions, and a new result for it.
  await page.waitForFunction((n) => document.querySelectorAll('[data-testid=stage-row]').length === n,
    pipe.stages.length, { timeout: 10_000 });
  const shown = await page.getByTestId('stage-conversion').evaluateAll((es) => es.map((e) => Number(e.value)));
  assert.deepEqual(shown, pipe.stages.map((s) => Math.round(s.conversion * 1000) / 10));
  await page.waitForFunction((b) => {
    const v = document.querySelector('[data-testid=p-plan]')?.dataset.value;
    return v !== undefined && Number(v) !== b;
  }, before, { timeout: 30_000 });
  await waitIdle(page);
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(overflow <= 1, `page is ${overflow}px wider than the phone`);
  await shot(page, 'phone');
  await page.context().close();
});

test('the page stays responsive and timings are measured', async () => {
  const page = await open();
  await page.evaluate(() => {
    window.__longTasks = [];
    new PerformanceObserver((list) => { for (const e of list.getEntries()) window.__longTasks.push(e.duration); })
      .observe({ type: 'longtask', buffered: false });
  });
  measurements.browser_10k_ms = await timedRun(page, 10_000);
  await page.evaluate(() => { window.__longTasks = []; });
  measurements.browser_100k_ms = await timedRun(page, 100_000);
  const longTasks = await page.evaluate(() => window.__longTasks);
  measurements.long_tasks_during_100k_ms = longTasks;
  assert.ok(longTasks.every((d) => d <= 50), `main-thread tasks over 50 ms: ${longTasks}`);
  const sizes = {};
  for (const f of readdirSync(dist).filter((f) => f.endsWith('.wasm'))) {
    const bytes = readFileSync(join(dist, f));
    sizes[f.replace(/-[0-9a-f]+_bg/, '_bg')] = { raw: statSync(join(dist, f)).size, gzip: gzipSync(bytes, { level: 9 }).length };
  }
  measurements.wasm_sizes = sizes;
  await page.context().close();
});

test('the same seed gives the same numbers in the browser as natively', async () => {
  const page = await open();
  await setField(page.getByTestId('seed'), 1);
  await setField(page.getByTestId('trials'), 1000);
  await page.waitForFunction(() => document.querySelector('[data-testid=p-plan]').dataset.value === '0.592', null, { timeout: 30_000 });
  // Revenue quantiles too, to the last bit: the values tests/engine.rs pins natively
  // (fixed_seed_vector, seed 1, 1,000 trials).
  const q = await page.getByTestId('revenue-quantiles').evaluate((e) => ({ ...e.dataset }));
  assert.deepEqual(
    { p10: Number(q.p10), p50: Number(q.p50), p90: Number(q.p90), mean: Number(q.mean) },
    { p10: 1858579.9521017408, p50: 3003638.8948468384, p90: 4555085.364834372, mean: 3142637.5254361453 },
  );
  await page.context().close();
});

// The lesson page itself (claim, reveal, presenter keys) is tested in lesson.test.mjs.
test('the lesson list links every lesson to its own URL', async () => {
  const page = await open();
  await page.getByTestId('nav-lessons').click();
  const links = page.getByTestId('lesson-link');
  await links.first().waitFor();
  assert.equal(await links.count(), 11);
  await links.nth(1).click();
  await page.waitForFunction(() => location.hash === '#/lesson/no-reverse');
  await page.getByTestId('lesson-reveal').waitFor();
  assert.equal(await page.getByTestId('lesson-moral').count(), 0, 'nothing revealed before the prediction');
  await page.context().close();
});

test('A/B on common random numbers and the tornado', async () => {
  const page = await open();
  await page.getByTestId('ab-pin').click();
  await setField(page.getByTestId('stage-conversion').nth(1), 66);
  await waitIdle(page);
  await page.getByTestId('ab-run').click();
  const result = page.getByTestId('ab-result');
  await result.waitFor({ timeout: 60_000 });
  assert.ok(Number(await result.getAttribute('data-delta')) > 0.03, 'raising a conversion raises P(plan)');
  assert.match(await result.innerText(), /×\d/);
  const t0 = Date.now();
  await page.getByTestId('tornado-run').click();
  await page.waitForFunction(() => !document.querySelector('[data-testid=tornado]').classList.contains('hidden'), null, { timeout: 120_000 });
  await waitIdle(page, 120_000);
  // The default month is served by the exact path: the whole tornado without sampling.
  measurements.tornado_exact_ms = Date.now() - t0;
  assert.equal(await page.getAttribute('[data-testid=tornado]', 'data-exact'), 'true');
  const ink = await page.evaluate(() => {
    const c = document.querySelector('[data-testid=tornado]');
    const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
    let n = 0;
    for (let i = 0; i < d.length; i += 4) if (d[i] < 200) n++;
    return n / (d.length / 4);
  });
  assert.ok(ink > 0.02, `tornado drawn (${ink})`);
  await page.locator('.analysis').screenshot({ path: join(artifacts, 'analysis.png') });
  await page.context().close();
});

test('a team of five shapes meets its plan more often than its members do', async () => {
  const page = await open();
  // The team runs with the editor's trials.
  await setField(page.getByTestId('trials'), 4000);
  await waitIdle(page);
  await page.getByTestId('nav-team').click();
  await page.getByTestId('team-run').waitFor();
  assert.equal(await page.getByTestId('team-member').count(), 5);
  await page.getByTestId('team-run').click();
  const result = page.getByTestId('team-result');
  await result.waitFor({ timeout: 120_000 });
  const team = Number(await result.getAttribute('data-value'));
  const members = await page.locator('.member-p').allInnerTexts();
  // The page's number format: a decimal comma on the Russian page.
  const own = members.map((t) => Number(t.replace(',', '.').replace(/[^\d.]/g, '')) / 100);
  assert.equal(own.length, 5);
  assert.ok(own.every((p) => p > 0.3 && p < 0.65), `members ${own}`);
  assert.ok(team > Math.max(...own), `team ${team} vs members ${own}: pooling`);
  await shot(page, 'team');
  await page.context().close();
});

test('once loaded, the app opens and runs offline', async () => {
  const page = await open();
  await page.waitForFunction(() => document.documentElement.dataset.offlineReady === 'true', null, { timeout: 15_000 })
    .catch((e) => { throw new Error(`offline cache not ready: ${e.message}\n${page.consoleLines.join('\n')}`); });
  await page.evaluate(() => navigator.serviceWorker.ready);
  await page.context().setOffline(true);
  await page.reload();
  await page.waitForSelector('[data-testid=p-plan]', { timeout: 30_000 });
  assert.match(await page.textContent('[data-testid=p-plan]'), /^\d+[.,]\d%$/);
  await shot(page, 'offline');
  await page.context().close();
});
