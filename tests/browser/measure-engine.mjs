// Measures the browser goals of issue #23 on the built app (dist/, served as harness.mjs serves
// it): 100,000 default trials on all workers (goal ≤ 0.3 s) and each lesson's reveal, all arms
// (goal ≤ 0.5 s). Not a test and asserts no time: it prints each run, the medians and the
// machine's load average beside them (the machine is shared).
// `node measure-engine.mjs [runs=5] [trials=100000]`
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { startBrowser, stopBrowser, open, setField, waitIdle, base, here } from './harness.mjs';

const runs = Number(process.argv[2] ?? 5);
const trials = Number(process.argv[3] ?? 100_000);
const load = () => readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

/** Clicks `click` in the page and resolves with the ms from the click until `done()` holds in
 * the page, measured at the next animation frame after it (so the result has been laid out and
 * painted once). Rejects after `limit` ms. */
function timeInPage(page, click, done, limit = 60_000) {
  return page.evaluate(([click, done, limit]) => new Promise((resolve, reject) => {
    const isDone = new Function(`return (${done})();`);
    const t0 = performance.now();
    const check = () => {
      if (isDone()) {
        requestAnimationFrame(() => resolve(performance.now() - t0));
        return true;
      }
      return false;
    };
    const obs = new MutationObserver(() => { if (check()) obs.disconnect(); });
    obs.observe(document.body, { attributes: true, childList: true, subtree: true });
    setTimeout(() => { obs.disconnect(); reject(new Error(`not done within ${limit} ms`)); }, limit);
    document.querySelector(click).click();
  }), [click, done.toString(), limit]);
}

const out = { trials, runs, workers: null, load_before: load(), run_ms: [], lessons: {} };
await startBrowser();
try {
  // 1. The main run: all workers (the page's own pool size), 100,000 trials, the Run button.
  const page = await open({ width: 1280, height: 900 });
  out.workers = await page.evaluate(() => navigator.hardwareConcurrency);
  await setField(page.getByTestId('trials'), String(trials));
  await page.waitForFunction(() => !document.querySelector('[data-testid=run]')?.disabled);
  await waitIdle(page, 120_000);
  // Done: the cancel button was enabled by this run and is disabled again.
  const timeRun = async () => {
    await page.evaluate(() => {
      window.__sawRun = false;
      const c = document.querySelector('[data-testid=cancel]');
      new MutationObserver(() => { if (!c.disabled) window.__sawRun = true; })
        .observe(c, { attributes: true });
    });
    return timeInPage(page, '[data-testid=run]',
      () => window.__sawRun && document.querySelector('[data-testid=cancel]').disabled);
  };
  for (let i = 0; i < runs; i++) {
    const ms = await timeRun();
    const shown = await page.textContent('[data-testid=p-plan]');
    out.run_ms.push(Math.round(ms));
    console.log(`run ${i + 1}: ${ms.toFixed(0)} ms (P(plan) ${shown.trim()}, load ${load()})`);
  }
  // The same with 1,000 trials: what a run costs besides the trials (messages, merging, the
  // report and its charts drawn), for telling compute from the rest.
  out.small_ms = [];
  await setField(page.getByTestId('trials'), '1000');
  await page.waitForFunction(() => !document.querySelector('[data-testid=run]')?.disabled);
  await waitIdle(page, 120_000);
  for (let i = 0; i < runs; i++) out.small_ms.push(Math.round(await timeRun()));
  console.log(`1,000 trials: median ${median(out.small_ms)} ms ${JSON.stringify(out.small_ms)}`);
  await page.context().close();

  // 2. Each lesson's reveal: a fresh page per lesson, the reveal button, until the moral shows
  // (it shows when every arm's report is in).
  const ids = readdirSync(join(here, '..', '..', 'assets', 'lessons'))
    .filter((f) => f.endsWith('.json')).sort()
    .map((f) => JSON.parse(readFileSync(join(here, '..', '..', 'assets', 'lessons', f), 'utf8')).id);
  for (const id of ids) {
    const times = [];
    for (let i = 0; i < runs; i++) {
      const p = await open({ width: 1280, height: 900 });
      await p.goto(base + `#/lesson/${id}`);
      await p.getByTestId('lesson-reveal').waitFor({ state: 'attached' });
      await p.waitForTimeout(300); // the page settles (its first-view run, if any)
      const ms = await timeInPage(p, '[data-testid=lesson-reveal]',
        () => document.querySelector('[data-testid=lesson-moral]') !== null);
      times.push(Math.round(ms));
      await p.context().close();
    }
    out.lessons[id] = { median_ms: median(times), runs_ms: times };
    console.log(`lesson ${id}: median ${median(times)} ms ${JSON.stringify(times)} (load ${load()})`);
  }
  out.run_median_ms = median(out.run_ms);
  out.load_after = load();
  console.log(JSON.stringify(out));
} finally {
  await stopBrowser();
}
