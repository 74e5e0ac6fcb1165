// Reliability (issue #12): a worker that dies mid-run is said, replaced and its run done again
// while the user's edits stay; huge inputs finish or are refused in seconds; hostile text is
// shown as text and never breaks the layout.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startBrowser, stopBrowser, base, open, waitIdle, pPlan, setField, shot, measurements } from './harness.mjs';

before(startBrowser);
after(() => stopBrowser('measurements-harden.json'));

/** A fresh page with a pool of `workers`, the default result on screen. */
const openWith = (workers, viewport) => open(viewport, { workers });

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
  // Playwright drops a terminated worker on its close event; give it a moment.
  for (let i = 0; i < 50 && page.workers().length !== before; i++) await page.waitForTimeout(100);
  assert.equal(page.workers().length, before, 'the pool is back to its size');
  // The other worker kept working: one restart only.
  assert.equal(await page.getAttribute('html', 'data-worker-restarts'), '1');
  assert.ok(first > 0 && first < 1);
  await shot(page, 'harden-worker-crash');
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

/** Starts a run, sees its progress move, and cancels it: the bar says so within 2 s and the
 * page is idle again. */
async function runsAndCancels(page, timeout, moves = true) {
  assert.equal(await page.getByTestId('work-error').count(), 0, 'no limit refuses the run');
  if (await page.getByTestId('cancel').isDisabled()) await page.getByTestId('run').click();
  // The bar counts the run's trials (`done / total`); with `moves`, it has moved past 1%.
  await page.waitForFunction((moves) => {
    const bar = document.querySelector('.run-bar [data-testid=progress]');
    const now = Number(bar?.getAttribute('aria-valuenow'));
    const counting = /\d+ \/ \d+/.test(bar?.textContent ?? '');
    return counting && (!moves || (now >= 1 && now < 100));
  }, moves, { timeout });
  const t0 = Date.now();
  await page.getByTestId('cancel').click();
  await waitIdle(page, 5_000);
  assert.ok(Date.now() - t0 < 2_000, `cancelled in ${Date.now() - t0} ms`);
  assert.match(await page.locator('.run-bar [data-testid=progress]').textContent(), /Остановлено|Stopped|Cancelled/);
}

test('the engine\'s 10^7 trials of the default month run on the page with progress and Cancel', async () => {
  const page = await openWith(2);
  await setField(page.getByTestId('trials'), '10000000');
  await runsAndCancels(page, 30_000);
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test('the largest inputs the fields allow are refused with the limit at once; the page stays responsive', async () => {
  const page = await openWith(2);
  // Ten stages, a year of working days, 100,000 leads a day, typed in the editor.
  const add = page.getByRole('button', { name: /\+ этап|\+ stage/ });
  while (await page.getByTestId('stage-row').count() < 10) await add.click();
  await setField(page.getByTestId('horizon'), '366');
  const t0 = Date.now();
  await setField(page.locator('.inflow-row input').last(), '100000');
  const refusal = page.getByTestId('work-error');
  await refusal.waitFor({ timeout: 10_000 });
  const ms = Date.now() - t0;
  const text = await refusal.textContent();
  assert.match(text, /одно испытание создало бы около \d+ сделок/);
  assert.match(text, /2500000/);
  assert.equal(await refusal.getAttribute('role'), 'alert');
  // Nothing was sent: no run in progress, Run disabled, and the page answers at once.
  assert.ok(await page.getByTestId('cancel').isDisabled());
  assert.ok(await page.getByTestId('run').isDisabled());
  const t1 = Date.now();
  await page.getByRole('button', { name: 'English' }).click();
  await page.waitForFunction(() => document.documentElement.lang === 'en', null, { timeout: 2_000 });
  assert.ok(Date.now() - t1 < 2_000, 'the page answers a click within 2 s');
  assert.match(await refusal.textContent(), /one trial would create about \d+ deals/);
  measurements.extreme_refusal_ms = ms;
  await shot(page, 'harden-extreme-refused');
  // 1,000 leads a day for the year fits one trial, but not 10,000 of them on the page: the
  // refusal names the most that fit; that many trials start a run that shows its progress and
  // stops at Cancel (a run of minutes, like 10^7 trials of the default month).
  await setField(page.locator('.inflow-row input').last(), '1000');
  await page.waitForFunction(() => /at most \d+/.test(document.querySelector('[data-testid=work-error]')?.textContent ?? ''), null, { timeout: 10_000 });
  const most = Number((await refusal.textContent()).match(/at most (\d+)/)[1]);
  assert.ok(most >= 100 && most < 10_000, `most trials ${most}`);
  await setField(page.getByTestId('trials'), String(most));
  await refusal.waitFor({ state: 'detached', timeout: 10_000 });
  // Its batches are large (366,000 deals a trial): the run is seen counting, then cancelled.
  await runsAndCancels(page, 60_000, false);
  // Too many trials for the page: said beside Run, with the most that fit.
  await setField(page.getByTestId('trials'), '10000000');
  await refusal.waitFor({ timeout: 5_000 });
  assert.match(await refusal.textContent(), /at most \d+/);
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

const HOSTILE = {
  markup: '<img src=x onerror=alert(1)>',
  bold: '<b>bold</b>',
  mustache: '{{x}}',
  long: 'Ж'.repeat(10_000),
  rtl: 'مرحلة التفاوض שלב המשא ומתן',
  marks: 'Z̴̡͎a̷l̸g̶o e\u0301 👩‍👩‍👧‍👦 🏳️‍🌈 👍🏽',
};
const VALUES = Object.values(HOSTILE);

/** Elements the markup could have made, dialogs, and the page's width against the window's. */
async function checkHostile(page, where, before) {
  const now = await page.evaluate(() => ({
    img: document.querySelectorAll('img').length,
    b: document.querySelectorAll('b').length,
    // What the markup would make, wherever it is.
    madeImg: document.querySelectorAll('img[src="x"], img[onerror]').length,
    madeB: [...document.querySelectorAll('b')].filter((b) => b.textContent === 'bold').length,
    scrollWidth: document.documentElement.scrollWidth,
    innerWidth: window.innerWidth,
  }));
  assert.equal(now.madeImg, 0, `${where}: no <img> from the text`);
  assert.equal(now.madeB, 0, `${where}: no <b> from the text`);
  if (before) {
    assert.equal(now.img, before.img, `${where}: no new <img>`);
    assert.equal(now.b, before.b, `${where}: no new <b>`);
  }
  assert.deepEqual(page.dialogs, [], `${where}: no dialog`);
  assert.ok(now.scrollWidth <= now.innerWidth, `${where}: page ${now.scrollWidth} px wide in a ${now.innerWidth} px window`);
}

const counts = (page) => page.evaluate(() => ({
  img: document.querySelectorAll('img').length, b: document.querySelectorAll('b').length,
}));

test('hostile names typed in the editor and the team page are text, and the page keeps its width', async () => {
  const page = await openWith(2);
  const before = await counts(page);
  const rows = page.getByTestId('stage-row');
  for (let i = 0; i < 5; i++) {
    await setField(rows.nth(i).locator('input.name'), VALUES[i]);
    await setField(rows.nth(i).locator('input.fact'), VALUES[(i + 1) % VALUES.length]);
    await setField(rows.nth(i).locator('input.task'), VALUES[(i + 2) % VALUES.length]);
  }
  await page.waitForTimeout(700);
  await waitIdle(page);
  for (let i = 0; i < 5; i++) {
    assert.equal(await rows.nth(i).locator('input.name').inputValue(), VALUES[i]);
    assert.equal(await rows.nth(i).locator('input.fact').inputValue(), VALUES[(i + 1) % VALUES.length]);
  }
  // Shown as text where the page writes stage names (the result's tables, the advice).
  const body = await page.evaluate(() => document.body.textContent);
  for (const v of [HOSTILE.markup, HOSTILE.bold, HOSTILE.mustache, HOSTILE.rtl]) {
    assert.ok(body.includes(v), `shown as text: ${v}`);
  }
  await checkHostile(page, 'editor (typed)', before);
  await shot(page, 'harden-hostile-editor');
  for (const width of [390]) {
    await page.setViewportSize({ width, height: 800 });
    await checkHostile(page, `editor at ${width} px`, before);
    await shot(page, `harden-hostile-editor-${width}`);
  }
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.emulateMedia({ media: 'print' });
  await checkHostile(page, 'print view', before);
  await shot(page, 'harden-hostile-print');
  await page.emulateMedia({ media: 'screen' });

  // The team page: member names.
  await page.goto(`${base}#/team`);
  await page.getByTestId('team-member').first().waitFor();
  const members = page.getByTestId('team-member');
  const n = Math.min(await members.count(), VALUES.length);
  for (let i = 0; i < n; i++) await setField(members.nth(i).locator('input.member-name'), VALUES[i]);
  await page.getByTestId('team-run').click();
  await page.getByTestId('team-result').waitFor({ timeout: 60_000 });
  for (let i = 0; i < n; i++) assert.equal(await members.nth(i).locator('input.member-name').inputValue(), VALUES[i]);
  await checkHostile(page, 'team page', null);
  await shot(page, 'harden-hostile-team');
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test('hostile names in an imported scenario file are text, and the page keeps its width', async () => {
  const page = await openWith(2);
  const before = await counts(page);
  const spec = JSON.parse(await page.evaluate(() => localStorage.getItem('funnel-lab.scenario')));
  spec.name = HOSTILE.markup + HOSTILE.long;
  spec.description = HOSTILE.bold + HOSTILE.mustache + HOSTILE.rtl;
  spec.stages.forEach((s, i) => {
    s.name = VALUES[i % VALUES.length];
    s.exit_fact = VALUES[(i + 3) % VALUES.length];
    s.task = VALUES[(i + 4) % VALUES.length];
    delete s.name_en; delete s.exit_fact_en; delete s.task_en;
  });
  await page.getByTestId('import').setInputFiles({ name: 'hostile.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(spec)) });
  await page.waitForFunction((v) => document.querySelector('[data-testid=stage-row] input.name')?.value === v, VALUES[0], { timeout: 10_000 });
  await page.waitForTimeout(700);
  await waitIdle(page);
  const rows = page.getByTestId('stage-row');
  for (let i = 0; i < spec.stages.length; i++) assert.equal(await rows.nth(i).locator('input.name').inputValue(), spec.stages[i].name);
  const body = await page.evaluate(() => document.body.textContent);
  assert.ok(body.includes(HOSTILE.markup), 'the scenario name shown as text');
  await checkHostile(page, 'editor (imported)', before);
  await shot(page, 'harden-hostile-import');
  await page.emulateMedia({ media: 'print' });
  await checkHostile(page, 'print view (imported)', before);
  await shot(page, 'harden-hostile-import-print');
  assert.deepEqual(page.errors, []);
  await page.context().close();
});
