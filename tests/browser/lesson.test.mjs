// The lesson page as a trainer uses it on a projector: the posts' claim and our assumptions,
// the room's guesses, the reveal drawn, the presenter keys whatever has focus, and each arm
// opened in the editor.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { startBrowser, stopBrowser, base, open, shot, waitIdle, canvasInk, here } from './harness.mjs';

before(startBrowser);
after(() => stopBrowser());

const storedScenario = (page) =>
  page.evaluate(() => JSON.parse(localStorage.getItem('funnel-lab.scenario')));

/** In presenter mode a lesson is slides: presses `key` until the lesson `hash` is open (a
 * lesson has at most five steps). */
async function toLesson(page, key, hash) {
  for (let i = 0; i < 6 && (await page.evaluate(() => location.hash)) !== hash; i++) {
    await page.keyboard.press(key);
  }
  await page.waitForFunction((h) => location.hash === h, hash);
}

/** Starts the open lesson's reveal: its button, or Space where presenter mode shows a step
 * without the button. */
async function revealNow(page) {
  const button = page.getByTestId('lesson-reveal');
  if (await button.isVisible()) await button.click();
  else await page.keyboard.press('Space');
}

/** Opens arm `n` of the open lesson in the editor; returns its label and the stored scenario. */
async function openArm(page, n) {
  const label = (await page.locator('[data-testid=lesson-result] tbody tr').nth(n)
    .locator('.arm-name > span').last().innerText()).trim();
  await page.getByTestId('lesson-open-arm').nth(n).click();
  await page.waitForFunction(() => location.hash === '#/');
  await page.getByTestId('stage-row').first().waitFor();
  await page.waitForFunction(
    (l) => JSON.parse(localStorage.getItem('funnel-lab.scenario') ?? '{}').name === l, label);
  const custom = await page.$eval('[data-testid=preset]', (s) => s.options[s.selectedIndex].textContent);
  return { label, custom, spec: await storedScenario(page) };
}

test('a lesson from the posts\' claim to the reveal drawn, in presenter mode', async () => {
  const page = await open({ width: 1920, height: 1080 });
  await page.goto(base + '#/lesson/no-reverse');
  await page.getByTestId('lesson-reveal').waitFor({ state: 'attached' });

  // Claim with its source, and our numbers as assumptions, before the question.
  assert.match(await page.getByTestId('lesson-source').innerText(), /^Источник: \S/);
  const assumptions = page.getByTestId('lesson-assumptions');
  assert.equal(await assumptions.evaluate((d) => d.open), true, 'the assumptions box is open');
  assert.ok((await assumptions.locator('li').count()) >= 1, 'at least one assumption listed');
  assert.ok(await page.evaluate(() => {
    const a = document.querySelector('[data-testid=lesson-assumptions]');
    const q = document.querySelector('.lesson .question');
    return Boolean(a.compareDocumentPosition(q) & Node.DOCUMENT_POSITION_FOLLOWING);
  }), 'assumptions come before the question');

  // Predict, then reveal.
  assert.equal(await page.getByTestId('lesson-moral').count(), 0, 'nothing revealed before the prediction');
  await page.getByTestId('lesson-guess').nth(0).fill('60');
  await page.getByTestId('lesson-guess').nth(1).fill('40');
  await page.getByTestId('lesson-guess').nth(2).fill('65');
  await page.getByTestId('lesson-reveal').click();
  await page.getByTestId('lesson-moral').waitFor({ timeout: 60_000 });
  const rows = await page.locator('[data-testid=lesson-result] tbody tr').allInnerTexts();
  assert.equal(rows.length, 3);
  assert.match(rows[1], /= в каждом месяце так же/, `same months under both records: ${rows[1]}`);
  assert.match(rows[2], /[-+]\d+[.,]\d ± \d+[.,]\d\s(pp|п\.\sп\.)/, `paired difference shown: ${rows[2]}`);
  for (const id of ['lesson-bars', 'lesson-overlay']) {
    await page.waitForFunction((id) => document.querySelector(`[data-testid=${id}]`)?.width > 0, id);
    const c = await canvasInk(page, id);
    assert.ok(c.ink > 0.02 && c.colours > 3, `${id} drawn: ${JSON.stringify(c)}`);
  }

  // Presenter mode: Space right after clicking the presenter button acts on the lesson (the
  // reveal stands), not on the focused button (which would leave presenter mode).
  await page.getByTestId('presenter').click();
  assert.equal(await page.locator('.app.presenter').count(), 1);
  await page.keyboard.press('Space');
  await page.waitForTimeout(300);
  assert.equal(await page.locator('.app.presenter').count(), 1, 'Space did not toggle presenter mode');
  await page.getByTestId('lesson-moral').waitFor({ timeout: 60_000 });
  const sizes = await page.evaluate(() => ({
    cell: parseFloat(getComputedStyle(document.querySelector('[data-testid=lesson-result] td')).fontSize),
    moral: parseFloat(getComputedStyle(document.querySelector('[data-testid=lesson-moral]')).fontSize),
  }));
  assert.ok(sizes.cell >= 24 && sizes.moral >= 24, `reveal text at least 24 px: ${JSON.stringify(sizes)}`);
  await page.waitForTimeout(200); // the charts redraw for the presenter size
  const bars = await canvasInk(page, 'lesson-bars');
  assert.ok(bars.width >= 1920 * 0.4 && bars.ink > 0.02, `bar chart fills the screen: ${JSON.stringify(bars)}`);
  await shot(page, 'lesson-presenter');

  // Arrows step through the lesson's slides, then on to the next lesson; Space reveals the
  // next one wherever the focus is.
  await toLesson(page, 'ArrowRight', '#/lesson/questions');
  await page.getByTestId('lesson-reveal').waitFor({ state: 'attached' });
  assert.equal(await page.getByTestId('lesson-moral').count(), 0, 'the next lesson starts unrevealed');
  await page.keyboard.press('Space');
  await page.getByTestId('lesson-moral').waitFor({ timeout: 60_000 });
  assert.equal(await page.locator('.app.presenter').count(), 1);
  await toLesson(page, 'ArrowLeft', '#/lesson/no-reverse');
  // A reveal left mid-way must not fill the next lesson's rows with its own arms.
  await toLesson(page, 'ArrowRight', '#/lesson/questions');
  await page.keyboard.press('Space');
  await toLesson(page, 'ArrowLeft', '#/lesson/no-reverse');
  await page.waitForTimeout(3000);
  assert.equal(await page.getByTestId('lesson-moral').count(), 0, 'no reveal carried over');
  await page.keyboard.press('Escape');
  assert.equal(await page.locator('.app.presenter').count(), 0, 'Esc leaves presenter mode');
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test('each arm of a lesson opens in the editor', async () => {
  const page = await open();
  await page.goto(base + '#/lesson/no-reverse');
  const base0 = await openArm(page, 0);
  await page.goto(base + '#/lesson/no-reverse');
  // Reveal first: the editor, with the same trials and seed, must show the variant's P(plan).
  await page.getByTestId('lesson-reveal').click();
  await page.getByTestId('lesson-moral').waitFor({ timeout: 60_000 });
  const heads = await page.locator('[data-testid=lesson-result] thead th').allInnerTexts();
  const column = heads.findIndex((h) => /Вероятность выполнить план/.test(h));
  assert.ok(column > 0, `the lesson shows P(plan): ${heads}`);
  const revealed = await page.locator('[data-testid=lesson-result] tbody tr').nth(1)
    .locator('td').nth(column).innerText();
  assert.match(revealed, /^\d+,\d%$/);
  const arm1 = await openArm(page, 1);
  for (const arm of [base0, arm1]) {
    assert.equal(arm.spec.name, arm.label, 'the editor holds the arm, named after it');
    assert.ok(arm.custom.includes(arm.label), `the scenario picker names it: ${arm.custom}`);
  }
  const { name: _a, name_en: _b, ...s0 } = base0.spec;
  const { name: _c, name_en: _d, ...s1 } = arm1.spec;
  assert.notDeepEqual(s0, s1, 'the variant differs from the baseline');
  await page.waitForFunction((p) => document.querySelector('[data-testid=p-plan]')?.textContent === p,
    revealed, { timeout: 30_000 })
    .catch(async () => {
      throw new Error(`editor P(plan) ${await page.textContent('[data-testid=p-plan]')}, lesson ${revealed}`);
    });
  await waitIdle(page);
  await shot(page, 'lesson-arm-in-editor');
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

/** Every lesson file, as the page embeds it. */
const lessons = readdirSync(join(here, '..', '..', 'assets', 'lessons'))
  .filter((f) => f.endsWith('.json')).sort()
  .map((f) => JSON.parse(readFileSync(join(here, '..', '..', 'assets', 'lessons', f), 'utf8')));

test('every lesson walks from its claim and assumptions to a drawn reveal', async () => {
  assert.equal(lessons.length, 11);
  const page = await open({ width: 1366, height: 900 });
  for (const lesson of lessons) {
    await page.goto(base + '#/lesson/' + lesson.id);
    await page.getByTestId('lesson-reveal').waitFor({ state: 'attached' });
    assert.match(await page.getByTestId('lesson-source').innerText(), /\S/, `${lesson.id}: source`);
    const listed = await page.getByTestId('lesson-assumptions').locator('li').count();
    assert.equal(listed, lesson.assumptions.length, `${lesson.id}: every assumption listed`);
    const arms = 1 + lesson.variants.length;
    assert.equal(await page.getByTestId('lesson-guess').count(), arms, `${lesson.id}: a guess per arm`);
    for (let i = 0; i < arms; i++) await page.getByTestId('lesson-guess').nth(i).fill(String(40 + 5 * i));
    await page.getByTestId('lesson-reveal').click();
    await page.getByTestId('lesson-moral').waitFor({ timeout: 120_000 });
    // Every variant's paired difference is in once all arms have run.
    await page.waitForFunction((n) => {
      const cells = [...document.querySelectorAll('[data-testid=lesson-result] tbody tr td.delta')];
      return cells.length === n && cells.slice(1).every((c) => c.textContent.trim() !== '');
    }, arms, { timeout: 120_000 });
    const rows = await page.locator('[data-testid=lesson-result] tbody tr').allInnerTexts();
    assert.equal(rows.length, arms, `${lesson.id}: a row per arm`);
    for (const [i, row] of rows.entries()) {
      assert.match(row, /\d+(\.\d)?\s?%/, `${lesson.id}: arm ${i} has its numbers: ${row}`);
    }
    await page.waitForFunction(() => document.querySelector('[data-testid=lesson-bars]')?.width > 0);
    const bars = await canvasInk(page, 'lesson-bars');
    assert.ok(bars.ink > 0.01, `${lesson.id}: the bars are drawn (${bars.ink})`);
    const wanted = { recorded_conversion: 'conversion-table', checkpoint_vs_plan: 'checkpoint-table', warn_shape_curve: 'check-table' };
    for (const [metric, testid] of Object.entries(wanted)) {
      const shown = await page.getByTestId(testid).count();
      if (lesson.metrics.includes(metric)) assert.ok(shown > 0, `${lesson.id}: ${metric} shown`);
    }
    assert.deepEqual(page.errors, [], `${lesson.id}: no page errors`);
    await shot(page, `lesson-${lesson.id}`);
  }
  await page.context().close();
});

/** The open lesson's rows as shown: each row's cells after the guess, the reveal's numbers. */
const resultRows = (page) => page.$$eval('[data-testid=lesson-result] tbody tr',
  (rows) => rows.map((r) => [...r.querySelectorAll('td')].slice(2).map((td) => td.textContent.trim())));

/** Clicks Reveal and waits until every arm, deltas included, is in; returns the rows. */
async function revealAll(page) {
  await page.getByTestId('lesson-reveal').waitFor({ state: 'attached' });
  await revealNow(page);
  await page.getByTestId('lesson-moral').waitFor({ timeout: 120_000 });
  await page.waitForFunction(() => {
    const cells = [...document.querySelectorAll('[data-testid=lesson-result] tbody tr td.delta')];
    return cells.length > 0 && cells.slice(1).every((c) => c.textContent.trim() !== '');
  }, null, { timeout: 120_000 });
  return resultRows(page);
}

const progressIdle = (page) => page.waitForFunction(
  () => !document.querySelector('[data-testid=progress]')?.classList.contains('active'),
  null, { timeout: 120_000 });

test('a lesson left mid-reveal leaves nothing in the next lesson, which then reveals its own numbers', async () => {
  const page = await open({ width: 1920, height: 1080 });
  // The reference: the "no reverse" lesson revealed on its own, and how long "five shapes" takes.
  await page.goto(base + '#/lesson/no-reverse');
  const own = await revealAll(page);
  assert.equal(own.length, 3);
  await page.goto(base + '#/lesson/shapes');
  let t0 = Date.now();
  const shapes = await revealAll(page);
  const shapesMs = Date.now() - t0;
  assert.equal(shapes.length, 5);

  const ways = {
    // The address changed by hand (or a link followed).
    hash: (p) => p.evaluate(() => { location.hash = '#/lesson/no-reverse'; }),
    // The next-lesson key in presenter mode, focus on the presenter button.
    key: async (p) => {
      if (!(await p.locator('.app.presenter').count())) await p.getByTestId('presenter').click();
      await toLesson(p, 'ArrowRight', '#/lesson/no-reverse');
    },
  };
  for (const [way, go] of Object.entries(ways)) {
    for (const delay of [0, 150, 400]) {
      // A fresh "five shapes" (reloaded, so nothing of it is already on screen) revealed…
      await page.goto(base + '#/lesson/shapes');
      await page.reload();
      await page.getByTestId('lesson-reveal').waitFor({ state: 'attached' });
      assert.deepEqual((await resultRows(page)).flat().filter(Boolean), [], `${way}/${delay}: shapes starts empty`);
      await revealNow(page);
      await page.waitForTimeout(delay);
      // …and left for "no reverse" within a fraction of a second.
      await go(page);
      await page.waitForFunction(() => location.hash === '#/lesson/no-reverse');
      await page.getByTestId('lesson-reveal').waitFor({ state: 'attached' });
      // Long enough for the left reveal to have finished, had it gone on.
      await page.waitForTimeout(Math.max(2000, 1.5 * shapesMs));
      await progressIdle(page);
      const rows = await resultRows(page);
      assert.deepEqual(rows.flat().filter(Boolean), [],
        `${way}/${delay}: nothing of "five shapes" in "no reverse": ${JSON.stringify(rows)}`);
      assert.equal(await page.getByTestId('lesson-moral').count(), 0, `${way}/${delay}: no reveal carried over`);
    }
  }
  // Leaving a lesson for another page mid-reveal stops its run at once: the workers are free
  // for that page (the simulator's run bar goes idle, not busy with the lesson left).
  await page.goto(base + '#/lesson/shapes');
  await page.getByTestId('lesson-reveal').waitFor({ state: 'attached' });
  await revealNow(page);
  await page.waitForTimeout(150);
  await page.evaluate(() => { location.hash = '#/'; });
  await page.getByTestId('cancel').waitFor();
  await page.waitForTimeout(300);
  assert.equal(await page.getByTestId('cancel').isDisabled(), true, 'the lesson left runs no more');
  await page.goto(base + '#/lesson/no-reverse');
  await page.getByTestId('lesson-reveal').waitFor({ state: 'attached' });
  await page.waitForTimeout(Math.max(2000, 1.5 * shapesMs));
  assert.deepEqual((await resultRows(page)).flat().filter(Boolean), [], 'nothing of the lesson left, back on a lesson');

  // Revealed now, it shows its own numbers, the same as revealed on its own.
  t0 = Date.now();
  const after = await revealAll(page);
  assert.deepEqual(after, own, 'the lesson revealed after the switch shows its own numbers');
  await shot(page, 'lesson-after-switch');
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test('presenter mode: the keys act on the lesson whatever has focus, and the lesson fills a projector screen', async () => {
  const page = await open({ width: 1920, height: 1080 });
  await page.goto(base + '#/lesson/shapes');
  await page.getByTestId('lesson-reveal').waitFor({ state: 'attached' });
  await page.getByTestId('presenter').click();
  assert.equal(await page.locator('.app.presenter').count(), 1);
  assert.equal(await page.getByTestId('presenter').getAttribute('aria-pressed'), 'true');
  // Space reveals; presenter mode stays on.
  await page.keyboard.press('Space');
  await page.getByTestId('lesson-moral').waitFor({ timeout: 60_000 });
  assert.equal(await page.locator('.app.presenter').count(), 1, 'Space did not switch presenter mode off');
  const sizes = await page.evaluate(() => {
    const lesson = document.querySelector('[data-testid=lesson]').getBoundingClientRect();
    return {
      cell: parseFloat(getComputedStyle(document.querySelector('[data-testid=lesson-result] td')).fontSize),
      head: parseFloat(getComputedStyle(document.querySelector('[data-testid=lesson-result] th')).fontSize),
      width: lesson.width / window.innerWidth,
    };
  });
  assert.ok(sizes.cell >= 20 && sizes.head >= 20, `reveal table at least 20 px: ${JSON.stringify(sizes)}`);
  assert.ok(sizes.width >= 0.8, `the lesson uses most of the screen's width: ${JSON.stringify(sizes)}`);
  await page.waitForTimeout(300); // the charts redraw for the presenter size
  const bars = await canvasInk(page, 'lesson-bars');
  assert.ok(bars.width >= 1920 * 0.4 && bars.ink > 0.02, `bar chart sized to the screen: ${JSON.stringify(bars)}`);
  await page.screenshot({ path: join(here, 'artifacts', 'presenter-1920.png') });

  // A clicker's PageDown goes on; Enter reveals there; PageUp comes back; focus on a guess
  // field keeps its keys.
  await toLesson(page, 'PageDown', '#/lesson/no-reverse');
  await page.getByTestId('lesson-reveal').waitFor({ state: 'attached' });
  assert.equal(await page.getByTestId('lesson-moral').count(), 0, 'the next lesson starts unrevealed');
  // It starts at its claim; the question (with the guesses) is the next step.
  assert.equal(await page.getByTestId('lesson').getAttribute('data-slide'), 'claim');
  await page.keyboard.press('PageDown');
  await page.getByTestId('lesson-guess').nth(0).click();
  await page.keyboard.type('4 5');
  assert.equal(await page.getByTestId('lesson-guess').nth(0).inputValue(), '4 5', 'Space typed into the field');
  await page.keyboard.press('ArrowLeft');
  assert.equal(await page.evaluate(() => location.hash), '#/lesson/no-reverse', 'an arrow in a field moves the caret');
  await page.getByTestId('presenter').focus();
  await page.keyboard.press('Space');
  await page.getByTestId('lesson-moral').waitFor({ timeout: 60_000 });
  assert.equal(await page.locator('.app.presenter').count(), 1, 'Space on the focused button revealed, not toggled');
  await toLesson(page, 'PageUp', '#/lesson/shapes');
  await toLesson(page, 'ArrowRight', '#/lesson/no-reverse');
  await toLesson(page, 'ArrowRight', '#/lesson/questions');
  // Enter on a focused button or link keeps its own meaning (keyboard users activate them so);
  // anywhere else in the lesson it reveals.
  await page.locator('.lesson .claim p').click(); // presenter mode leaves the intro to the notes
  await page.keyboard.press('Enter');
  await page.getByTestId('lesson-moral').waitFor({ timeout: 60_000 });
  assert.equal(await page.locator('.app.presenter').count(), 1);
  await page.keyboard.press('Escape');
  assert.equal(await page.locator('.app.presenter').count(), 0, 'Esc leaves presenter mode');

  // A smaller projector: the same layout, scaled.
  await page.setViewportSize({ width: 1280, height: 720 });
  await page.getByTestId('presenter').click();
  await page.waitForTimeout(300);
  const small = await page.evaluate(() => ({
    cell: parseFloat(getComputedStyle(document.querySelector('[data-testid=lesson-result] td')).fontSize),
    width: document.querySelector('[data-testid=lesson]').getBoundingClientRect().width / window.innerWidth,
    overflow: document.documentElement.scrollWidth - window.innerWidth,
  }));
  assert.ok(small.cell >= 16 && small.width >= 0.8 && small.overflow <= 0, `1280×720: ${JSON.stringify(small)}`);
  await page.screenshot({ path: join(here, 'artifacts', 'presenter-1280.png') });
  assert.deepEqual(page.errors, []);
  await page.context().close();
});
