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
  await page.getByTestId('lesson-reveal').waitFor();

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
  assert.match(rows[2], /[-+]\d+\.\d ± \d+\.\d pp/, `paired difference shown: ${rows[2]}`);
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

  // Arrows move between lessons; Space reveals the next one wherever the focus is.
  await page.keyboard.press('ArrowRight');
  await page.waitForFunction(() => location.hash === '#/lesson/questions');
  await page.getByTestId('lesson-reveal').waitFor();
  assert.equal(await page.getByTestId('lesson-moral').count(), 0, 'the next lesson starts unrevealed');
  await page.keyboard.press('Space');
  await page.getByTestId('lesson-moral').waitFor({ timeout: 60_000 });
  assert.equal(await page.locator('.app.presenter').count(), 1);
  await page.keyboard.press('ArrowLeft');
  await page.waitForFunction(() => location.hash === '#/lesson/no-reverse');
  // A reveal left mid-way must not fill the next lesson's rows with its own arms.
  await page.keyboard.press('ArrowRight');
  await page.waitForFunction(() => location.hash === '#/lesson/questions');
  await page.keyboard.press('Space');
  await page.keyboard.press('ArrowLeft');
  await page.waitForFunction(() => location.hash === '#/lesson/no-reverse');
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
  assert.match(revealed, /^\d+\.\d%$/);
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
    await page.getByTestId('lesson-reveal').waitFor();
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
