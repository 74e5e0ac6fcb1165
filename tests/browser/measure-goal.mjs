// Measures the What it takes panel (issue #21) on the page: for each preset, after an edit (the
// plan raised by 5%, made inside the page so that the clock starts with the change event), how
// long until the first row for the new scenario is on screen and until the whole table is.
// Not part of the test suite: `node measure-goal.mjs [repeats] [workers]` (default 3 and the
// page's own pool: one worker per core, at most 4); prints one JSON line per preset, medians.
import { startBrowser, stopBrowser, open, waitIdle } from './harness.mjs';

const repeats = Number(process.argv[2] ?? 3);
const workers = process.argv[3] ? Number(process.argv[3]) : undefined;
const presets = ['default', 'trapezoid', 'pipe', 'barrel', 'skirt', 'guitar', 'ladder', 'ladder-no-tripwire'];
const median = (v) => [...v].sort((a, b) => a - b)[Math.floor(v.length / 2)];

await startBrowser();
try {
  const page = await open({ width: 1280, height: 900 }, { workers });
  const pool = await page.getAttribute('html', 'data-workers');
  for (const key of presets) {
    await page.getByTestId('preset').selectOption(key);
    await page.waitForFunction(() => document.querySelector('[data-testid=goal]')?.dataset.complete === 'true', null, { timeout: 60_000 });
    await waitIdle(page);
    const first = [], whole = [];
    for (let i = 0; i < repeats; i++) {
      const t = await page.evaluate(() => new Promise((resolve) => {
        const g = document.querySelector('[data-testid=goal]');
        const old = g.dataset.revision;
        const input = document.querySelector('[data-path="plan"]');
        const plan = Number(input.value.replace(/[^\d.]/g, '')) || 1e6;
        let firstRow = null;
        const t0 = performance.now();
        const check = () => {
          if (g.dataset.revision === old) return false;
          if (firstRow === null && Number(g.dataset.rows) >= 1) firstRow = performance.now() - t0;
          if (g.dataset.complete === 'true') {
            obs.disconnect();
            resolve({ first: firstRow, whole: performance.now() - t0 });
            return true;
          }
          return false;
        };
        const obs = new MutationObserver(check);
        obs.observe(g, { attributes: true });
        input.value = String(Math.round(plan * 1.05));
        input.dispatchEvent(new Event('change', { bubbles: true }));
      }));
      first.push(t.first);
      whole.push(t.whole);
      await waitIdle(page);
    }
    const levers = Number(await page.getAttribute('[data-testid=goal]', 'data-levers'));
    console.log(JSON.stringify({ preset: key, workers: Number(pool), levers, first_row_ms: Math.round(median(first)), whole_ms: Math.round(median(whole)), first, whole }));
  }
  if (page.errors.length) console.log(JSON.stringify({ errors: page.errors }));
} finally {
  await stopBrowser();
}
