// Accessibility (issue #12): axe-core finds no serious or critical violation on any page or
// state of the app, in Russian and in English; <html lang> follows the language switch; every
// chart has a text alternative carrying its numbers; Tab through the editor reaches the main
// controls in order, each with a visible focus outline.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import { startBrowser, stopBrowser, open, shot, waitIdle, here, artifacts } from './harness.mjs';

before(startBrowser);
after(() => stopBrowser());

const sample = join(here, '..', '..', 'assets', 'samples', 'generic.csv');
const BLOCKING = new Set(['serious', 'critical']);
/** Every violation of every state, all impacts, kept for the report. */
const found = [];

async function toLang(page, lang) {
  if ((await page.getAttribute('html', 'lang')) !== lang) await page.getByTestId('lang').click();
  await page.waitForFunction((l) => document.documentElement.lang === l, lang);
}

async function go(page, hash) {
  await page.evaluate((h) => { location.hash = h; }, hash);
  await page.waitForFunction((h) => location.hash === h, hash);
}

/** Runs axe on the page as it is; records every violation, returns the blocking ones. */
async function scan(page, state, lang) {
  assert.equal(await page.getAttribute('html', 'lang'), lang, `${state}: <html lang>`);
  const { violations } = await new AxeBuilder({ page }).analyze();
  for (const v of violations) {
    found.push({ state, lang, id: v.id, impact: v.impact, nodes: v.nodes.length,
      targets: v.nodes.map((n) => n.target.join(' ')) });
  }
  return violations.filter((v) => BLOCKING.has(v.impact))
    .flatMap((v) => v.nodes.map((n) => `${lang} ${state}: ${v.id} (${v.impact}) at ${n.target.join(' ')}`));
}

/** Every visible chart canvas is an image whose name holds numbers. */
async function chartsNamed(page, state) {
  const bad = await page.$$eval('canvas', (cs) => cs
    .filter((c) => c.getBoundingClientRect().width > 0 && getComputedStyle(c).display !== 'none')
    .filter((c) => c.getAttribute('role') !== 'img' || !/\d/.test(c.getAttribute('aria-label') ?? ''))
    .map((c) => c.dataset.testid));
  assert.deepEqual(bad, [], `${state}: charts without a text alternative with numbers`);
}

async function visitAll(lang) {
  const page = await open();
  await toLang(page, lang);
  const blocking = [];
  const check = async (state) => {
    blocking.push(...await scan(page, state, lang));
    await chartsNamed(page, state);
  };
  await check('editor with a result');

  await page.getByTestId('plan').fill('abc');
  await page.getByTestId('plan').press('Tab');
  await page.getByTestId('error').first().waitFor();
  await check('editor, invalid field');
  await page.getByTestId('plan').fill('1000000');
  await page.getByTestId('plan').press('Tab');
  await waitIdle(page);

  await page.getByTestId('library').click();
  await page.getByTestId('library-panel').waitFor();
  await check('library panel');
  await page.getByTestId('library').click();

  await page.getByTestId('share').click();
  await page.getByTestId('share-link').waitFor();
  await check('share panel');
  await page.getByTestId('share').click();

  await page.getByTestId('ab-pin').click();
  await page.getByTestId('ab-run').click();
  await page.getByTestId('ab-result').waitFor({ timeout: 120_000 });
  await page.getByTestId('tornado-run').click();
  await page.waitForFunction(() => !document.querySelector('[data-testid=tornado]').classList.contains('hidden'), null, { timeout: 120_000 });
  await waitIdle(page, 120_000);
  await check('A/B and tornado');

  await page.emulateMedia({ media: 'print' });
  await check('print view');
  await page.emulateMedia({ media: 'screen' });

  await page.getByTestId('presenter').click();
  await check('editor, presenter mode');
  await page.getByTestId('presenter').click();

  await go(page, '#/lessons');
  await page.getByTestId('lesson-link').first().waitFor();
  await check('lessons');
  for (const id of ['no-reverse', 'mid-month']) {
    await go(page, `#/lesson/${id}`);
    await page.getByTestId('lesson-reveal').waitFor();
    await check(`lesson ${id} before reveal`);
    await page.getByTestId('lesson-reveal').click();
    await page.getByTestId('lesson-moral').waitFor({ timeout: 120_000 });
    await page.waitForFunction(() => document.querySelector('[data-testid=lesson-bars]')?.width > 0);
    await check(`lesson ${id} revealed`);
  }
  await page.getByTestId('presenter').click();
  await page.waitForTimeout(300);
  await check('lesson, presenter mode');
  if (lang === 'en') await shot(page, 'a11y-presenter-en');
  await page.getByTestId('presenter').click();

  await go(page, '#/team');
  await page.getByTestId('team-run').click();
  await page.getByTestId('team-result').waitFor({ timeout: 120_000 });
  await check('team');

  await go(page, '#/concepts');
  await page.getByTestId('concepts').waitFor();
  await check('concepts');

  await go(page, '#/ladder');
  await page.getByTestId('ladder-per-lead').waitFor({ timeout: 60_000 });
  await page.waitForFunction(() => document.querySelector('[data-testid=chart-climb]')?.width > 0);
  await check('ladder');

  await go(page, '#/metrics');
  await page.waitForFunction(() => !document.querySelector('[data-testid=lab-status]')?.textContent, null, { timeout: 120_000 });
  await check('metrics');

  await go(page, '#/calibrate');
  await page.getByTestId('calibrate-run').waitFor();
  await check('calibrate, empty');
  await page.getByTestId('calibrate-file').setInputFiles(sample);
  await page.getByTestId('calibrate-plan').waitFor({ timeout: 120_000 });
  await check('calibrate, result');

  assert.deepEqual(page.errors, []);
  await page.context().close();
  return blocking;
}

for (const lang of ['ru', 'en']) {
  test(`axe: no serious or critical violation on any page (${lang})`, { timeout: 900_000 }, async () => {
    const blocking = await visitAll(lang);
    writeFileSync(join(artifacts, `a11y-${lang}.json`), JSON.stringify(found.filter((f) => f.lang === lang), null, 2));
    assert.deepEqual(blocking, [], `serious/critical violations:\n${blocking.join('\n')}`);
  });
}

test('Tab through the editor reaches the main controls in order, each with a visible focus', async () => {
  const page = await open();
  const order = ['nav-lessons', 'lang', 'presenter', 'share', 'preset', 'plan', 'horizon', 'checkpoint',
    'stage-conversion', 'stage-days', 'budget-median', 'trials', 'seed', 'run', 'export-csv', 'ab-pin', 'tornado-run'];
  const seen = [];
  const invisible = [];
  await page.locator('body').click({ position: { x: 1, y: 1 } });
  for (let i = 0; i < 250 && !seen.includes('tornado-run'); i++) {
    await page.keyboard.press('Tab');
    const f = await page.evaluate(() => {
      const el = document.activeElement;
      if (!el || el === document.body) return null;
      const visible = (e) => {
        const s = getComputedStyle(e);
        return (s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0) || s.boxShadow !== 'none';
      };
      // The file input is drawn as its label, which shows the focus (:focus-within).
      const shown = visible(el) || (el.type === 'file' && visible(el.closest('label') ?? el));
      return { id: el.dataset.testid ?? `${el.tagName.toLowerCase()}${el.className ? '.' + el.className : ''}`, shown };
    });
    if (!f) continue;
    if (!seen.includes(f.id)) seen.push(f.id);
    if (!f.shown) invisible.push(f.id);
  }
  const at = order.map((id) => seen.indexOf(id));
  assert.ok(at.every((x) => x >= 0), `reached: ${JSON.stringify(seen)}`);
  assert.deepEqual([...at].sort((a, b) => a - b), at, `out of order: ${JSON.stringify(seen)}`);
  assert.deepEqual(invisible, [], 'focused without a visible outline');
  // The outline a key focus shows is drawn, not only computed: compare the run button's pixels.
  await page.getByTestId('run').scrollIntoViewIfNeeded();
  const b = await page.getByTestId('run').boundingBox();
  const clip = { x: b.x - 6, y: b.y - 6, width: b.width + 12, height: b.height + 12 };
  await page.getByTestId('run').focus();
  const focused = await page.screenshot({ clip });
  await page.evaluate(() => document.activeElement.blur());
  const plain = await page.screenshot({ clip });
  assert.notDeepEqual(focused, plain, 'focus changes how the run button looks');
  await page.context().close();
});
