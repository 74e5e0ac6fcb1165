// What it takes (issue #21) on the simulator page: the panel fills after load and after an
// edit, a row applied moves the exact line's P(plan) to the target within the row's stated
// error, undo restores the scenario exactly, the slider changes the table; screenshots in both
// languages at three sizes, with no sideways scroll on a phone.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startBrowser, stopBrowser, open, setField, waitIdle, artifacts, measurements } from './harness.mjs';
import { join } from 'node:path';

before(startBrowser);
after(() => stopBrowser('measurements-goal.json'));

/** Waits until the panel shows a whole table for a revision other than `old` (any if null). */
async function complete(page, old = null, timeout = 20_000) {
  await page.waitForFunction((o) => {
    const g = document.querySelector('[data-testid=goal]');
    return g && g.dataset.complete === 'true' && (o === null || g.dataset.revision !== o);
  }, old, { timeout });
  return page.getAttribute('[data-testid=goal]', 'data-revision');
}

const scenario = (page) => page.evaluate(() => localStorage.getItem('funnel-lab.scenario'));

/** The exact line's settled answer, once the run after an edit is done. */
async function settledExact(page, old) {
  await page.waitForFunction((o) => {
    const e = document.querySelector('[data-testid=exact]');
    return e && e.dataset.value !== o && Number(e.dataset.error) <= 0.0011;
  }, old, { timeout: 20_000 });
  await waitIdle(page);
  const e = page.getByTestId('exact');
  return { p: Number(await e.getAttribute('data-value')), err: Number(await e.getAttribute('data-error')) };
}

test('the panel fills, follows an edit, applies a row as one undo step, and the slider moves it', async () => {
  const page = await open({ width: 1280, height: 900 });
  const rev0 = await complete(page);
  const rows = page.getByTestId('goal-row');
  assert.ok((await rows.count()) >= 10, `rows: ${await rows.count()}`);
  assert.match(await page.textContent('[data-testid=goal-commit]'), /^С вероятностью 80% вы сделаете не меньше [\d\u202f]+\u00a0₽$/);
  assert.match(await page.textContent('[data-testid=goal]'), /конверсия этапа \d .*: \d+(,\d)?% → \d+(,\d)?%, \+\d+(,\d)?\u00a0п\.\u00a0п\./);

  // An edit: a higher plan; the table follows (first row, then the whole of it).
  const t0 = Date.now();
  await setField(page.locator('[data-path="plan"]'), '3000000');
  await page.waitForFunction((o) => {
    const g = document.querySelector('[data-testid=goal]');
    return g && g.dataset.revision !== o && Number(g.dataset.rows) >= 1;
  }, rev0, { timeout: 20_000 });
  measurements.goal_first_row_after_edit_ms = Date.now() - t0;
  const rev1 = await complete(page, rev0);
  measurements.goal_table_after_edit_ms = Date.now() - t0;
  await waitIdle(page);

  // Apply the cheapest reachable conversion row: the exact line lands on 80% within the row's
  // verified P(plan) and its bound, and the line's own.
  const before = await scenario(page);
  const oldExact = await page.getAttribute('[data-testid=exact]', 'data-value');
  const row = page.locator('[data-testid=goal-row][data-lever*=conversion]:not([disabled])').first();
  const pAt = Number(await row.getAttribute('data-p-at'));
  const pErr = Number(await row.getAttribute('data-p-error'));
  const lever = await row.getAttribute('data-lever');
  assert.ok(Math.abs(pAt - 0.8) <= pErr + 2e-3, `${lever}: verified ${pAt} ± ${pErr}`);
  await row.click();
  const exact = await settledExact(page, oldExact);
  assert.ok(Math.abs(exact.p - pAt) <= exact.err + pErr + 1e-9,
    `${lever}: the line says ${exact.p} ± ${exact.err}, the row ${pAt} ± ${pErr}`);
  assert.ok(Math.abs(exact.p - 0.8) <= exact.err + pErr + 2e-3, `${lever}: P(plan) ${exact.p}`);
  const applied = await scenario(page);
  assert.notEqual(applied, before);
  await complete(page, rev1);

  // One undo step restores the scenario exactly.
  await page.getByTestId('undo').click();
  await page.waitForFunction((b) => localStorage.getItem('funnel-lab.scenario') === b, before, { timeout: 5_000 });
  assert.equal(await scenario(page), before);
  await waitIdle(page);
  const rev2 = await complete(page, null);

  // The slider, by keyboard: 80% → 60%; a lower chance commits to more revenue.
  const commit80 = Number(await page.getAttribute('[data-testid=goal-commit]', 'data-revenue'));
  const slider = page.getByTestId('goal-target');
  await slider.focus();
  for (let i = 0; i < 20; i++) await page.keyboard.press('ArrowLeft');
  await page.waitForFunction(() => {
    const g = document.querySelector('[data-testid=goal]');
    return g.dataset.target === '60' && g.dataset.complete === 'true';
  }, null, { timeout: 20_000 });
  assert.equal(await page.getAttribute('[data-testid=goal]', 'data-revision'), rev2);
  const commit60 = Number(await page.getAttribute('[data-testid=goal-commit]', 'data-revenue'));
  assert.ok(commit60 > commit80, `60%: ${commit60} > 80%: ${commit80}`);
  assert.match(await page.textContent('[data-testid=goal-commit]'), /^С вероятностью 60%/);
  assert.deepEqual(page.errors, []);
});

test('screenshots in Russian and English at three sizes; a phone has no sideways scroll', async () => {
  for (const [w, h] of [[1280, 900], [1920, 1080], [390, 844]]) {
    const page = await open({ width: w, height: h });
    await complete(page);
    for (const lang of ['ru', 'en']) {
      if (lang === 'en') {
        await page.getByTestId('lang').click();
        await page.waitForFunction(() => /What it takes/.test(document.querySelector('[data-testid=goal]').textContent));
        assert.match(await page.textContent('[data-testid=goal-commit]'), /^With 80% probability you will make at least [\d,]+\u00a0₽$/);
        assert.match(await page.textContent('[data-testid=goal]'), /stage \d conversion \(/);
      }
      const panel = page.getByTestId('goal');
      await panel.scrollIntoViewIfNeeded();
      await panel.screenshot({ path: join(artifacts, `goal-${lang}-${w}.png`) });
      const sideways = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      assert.ok(sideways <= 0, `${w}px ${lang}: ${sideways}px of sideways scroll`);
    }
    assert.deepEqual(page.errors, []);
    await page.context().close();
  }
});
