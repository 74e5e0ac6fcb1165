// Measures how long the page takes for the engine's 10^7 trials of the default month (the most
// the page's work limit admits, docs/limits.md), on a pool of 2 workers. Not part of the test
// suite (a run of a minute or more): `node measure-page-limit.mjs [trials] [workers]`.
import { startBrowser, stopBrowser, open, setField, waitIdle } from './harness.mjs';

const trials = Number(process.argv[2] ?? 10_000_000);
const workers = Number(process.argv[3] ?? 2);
await startBrowser();
try {
  const page = await open({ width: 1280, height: 900 }, { workers });
  const t0 = Date.now();
  await setField(page.getByTestId('trials'), String(trials));
  // The run starts after the edit's pause; wait until it has started, then until it is done.
  await page.waitForFunction(() => !document.querySelector('[data-testid=cancel]')?.disabled, null, { timeout: 10_000 });
  await waitIdle(page, 30 * 60_000);
  const ms = Date.now() - t0;
  const plan = await page.textContent('.headline .plan');
  const p = await page.getAttribute('[data-testid=p-plan]', 'data-value');
  const refused = await page.getByTestId('work-error').count();
  console.log(JSON.stringify({ trials, workers, ms, p_plan: Number(p), headline: plan.trim(), refused, errors: page.errors }));
  await page.context().close();
} finally {
  await stopBrowser();
}
