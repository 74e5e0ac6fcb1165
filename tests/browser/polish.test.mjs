// What a user sees in the first ten minutes (issue #22): lesson tables that never split a word
// or a number, a top bar on one row, red only where the shown number is short, no empty
// progress strip, quotes and menus whole, a calibrated scenario rounded and warned about once,
// the ROMI sentence with its own numbers, refusals worded, presenter mode on the lesson list,
// and a share link that carries its language.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { startBrowser, stopBrowser, base, open, shot, waitIdle, setField, here, theBrowser } from './harness.mjs';

before(startBrowser);
after(() => stopBrowser());

const root = join(here, '..', '..');
const sample = join(root, 'assets', 'samples', 'generic.csv');
// The lessons whose tables the issue saw split ("Выручка", "Плановая форма", the default
// scenario's stage names, revenue in millions), and the one with the widest reveal table.
const LESSONS = ['shapes', 'mid-month', 'budget-first-stage', 'pocket'];

async function toLang(page, lang) {
  if ((await page.getAttribute('html', 'lang')) !== lang) await page.getByTestId('lang').click();
  await page.waitForFunction((l) => document.documentElement.lang === l, lang);
}

/** Every word and number of the lesson's tables that its line boxes show on more than one line. */
function splitTokens() {
  const out = [];
  const tokens = /[+\-−]?\d[\d\u202f\u00a0,.]*\d%?|[+\-−]?\d%?|[\p{L}\p{M}][\p{L}\p{M}\-]*/gu;
  for (const cell of document.querySelectorAll('table.reveal th, table.reveal td, table.stages-table th, table.stages-table td')) {
    const walker = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
    while (walker.nextNode()) {
      const node = walker.currentNode;
      for (const m of node.textContent.matchAll(tokens)) {
        const range = document.createRange();
        range.setStart(node, m.index);
        range.setEnd(node, m.index + m[0].length);
        const tops = new Set([...range.getClientRects()].filter((r) => r.width > 0).map((r) => Math.round(r.top)));
        if (tops.size > 1) out.push(`${m[0]} (${tops.size} lines, in "${cell.textContent.trim().slice(0, 60)}")`);
      }
    }
  }
  return out;
}

/** Opens a lesson, types a guess for each arm and reveals it. */
async function reveal(page, id) {
  await page.goto(base + `#/lesson/${id}`);
  await page.getByTestId('lesson-reveal').waitFor();
  const guesses = page.getByTestId('lesson-guess');
  for (let i = 0; i < await guesses.count(); i++) await guesses.nth(i).fill('50');
  await page.getByTestId('lesson-reveal').click();
  await page.getByTestId('lesson-moral').waitFor({ timeout: 90_000 });
  await pageIdle(page);
}

/** A page without a run bar is idle when its progress strip is gone (item 6). */
const pageIdle = (page) => page.waitForFunction(() => !document.querySelector('main.single [data-testid=progress]'), null, { timeout: 90_000 });

test('lesson tables never split a word or a number across lines (RU/EN, 1280 and 1920 px)', async () => {
  const page = await open({ width: 1280, height: 900 });
  const found = [];
  for (const id of LESSONS) {
    await page.setViewportSize({ width: 1280, height: 900 });
    await toLang(page, 'ru');
    await reveal(page, id);
    for (const lang of ['ru', 'en']) {
      await toLang(page, lang);
      for (const width of [1280, 1920]) {
        await page.setViewportSize({ width, height: width === 1280 ? 900 : 1080 });
        const split = await page.evaluate(splitTokens);
        found.push(...split.map((s) => `${id} ${lang} ${width}: ${s}`));
        if (id === 'mid-month') await shot(page, `polish-lesson-${id}-${lang}-${width}`);
      }
    }
  }
  assert.deepEqual(found, []);
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test('checkpoint cells are red only where the shown number is below the plan shape\'s', async () => {
  const page = await open({ width: 1280, height: 900 });
  await reveal(page, 'mid-month');
  // The Russian page writes 16,2 and 3,1 млн (a decimal comma, «тыс.»/«млн»); English 16.2, 3.1M.
  const shown = (t) => {
    const m = t.trim().match(/^(-?[\d.,]+)\s?(k|M|B|тыс\.|млн|млрд)?$/);
    const scale = { k: 1e3, M: 1e6, B: 1e9, 'тыс.': 1e3, 'млн': 1e6, 'млрд': 1e9 };
    return m ? Number(m[1].replace(',', '.')) * (m[2] ? scale[m[2]] : 1) : NaN;
  };
  const rows = await page.$$eval('[data-testid=checkpoint-table] tbody tr', (trs) => trs.map((tr) =>
    [...tr.children].map((td) => ({ text: td.textContent, short: td.classList.contains('short'), colour: getComputedStyle(td).color }))));
  assert.ok(rows.length > 0, 'the checkpoint table is drawn');
  const normal = rows[0][0].colour;
  let checked = 0;
  for (const cells of rows) {
    for (const [v, p] of [[1, 2], [3, 4]]) {
      const value = shown(cells[v].text);
      const plan = shown(cells[p].text);
      if (!(plan > 0)) continue;
      checked++;
      const short = value < plan;
      assert.equal(cells[v].short, short, `${cells[v].text} against ${cells[p].text}`);
      assert.equal(cells[v].colour !== normal, short, `${cells[v].text} against ${cells[p].text}: colour ${cells[v].colour}`);
    }
  }
  assert.ok(checked >= 4, `cells compared: ${checked}`);
  await page.context().close();
});

test('the top bar fits one row at 1280 px in both languages', async () => {
  const page = await open({ width: 1280, height: 900 });
  for (const lang of ['ru', 'en']) {
    await toLang(page, lang);
    // One row: every item overlaps every other vertically (links and buttons differ in height).
    const boxes = await page.$$eval('nav.top > *', (items) => items.map((e) => {
      const r = e.getBoundingClientRect();
      return [e.textContent.trim(), Math.round(r.top), Math.round(r.bottom)];
    }));
    const lowestTop = Math.max(...boxes.map(([, t]) => t));
    const highestBottom = Math.min(...boxes.map(([, , b]) => b));
    assert.ok(lowestTop < highestBottom, `${lang}: ${JSON.stringify(boxes)}`);
    await page.screenshot({ path: join(here, 'artifacts', `polish-nav-${lang}.png`), clip: { x: 0, y: 0, width: 1280, height: 60 } });
  }
  await page.context().close();
});

test('pages without a run bar show no empty progress strip', async () => {
  const page = await open({ width: 1280, height: 900 });
  for (const [hash, ready] of [['#/ladder', 'ladder-rung'], ['#/metrics', 'lab-romi-finding'], ['#/team', 'team-run'], ['#/lesson/pocket', 'lesson-reveal']]) {
    await page.goto(base + hash);
    await page.getByTestId(ready).first().waitFor({ timeout: 60_000 });
    await page.waitForFunction(() => !document.querySelector('main.single [data-testid=progress]'), null, { timeout: 60_000 })
      .catch(() => {});
    const strips = await page.$$eval('main.single [data-testid=progress]', (bars) => bars.map((b) => b.textContent.trim()));
    assert.deepEqual(strips, [], `${hash}: an idle page shows no progress strip`);
  }
  await page.context().close();
});

/** Width a select's chosen option needs against the width it has. */
const selectFits = (sel) => page => page.$$eval(sel, (selects) => selects.map((s) => {
  const probe = document.createElement('span');
  const cs = getComputedStyle(s);
  probe.style.font = cs.font;
  probe.style.whiteSpace = 'pre';
  probe.style.position = 'absolute';
  probe.textContent = s.options[s.selectedIndex]?.textContent ?? '';
  document.body.append(probe);
  const need = probe.getBoundingClientRect().width;
  probe.remove();
  const padding = parseFloat(cs.paddingLeft) + parseFloat(cs.paddingRight);
  // The arrow of a menu takes about 20 px.
  return { text: probe.textContent, need, has: s.getBoundingClientRect().width - padding - 20 };
}));

test('quotes, the flagship and the menus: nothing doubled, nothing cut mid-word', async () => {
  const page = await open({ width: 1280, height: 900 });
  for (const lang of ['ru', 'en']) {
    await toLang(page, lang);
    await page.goto(base + '#/concepts');
    await page.locator('.concept').first().waitFor();
    const text = await page.textContent('main');
    assert.ok(!/««|»»/.test(text), `${lang}: doubled quotes on the concepts page`);
    await page.goto(base + '#/ladder');
    await page.getByTestId('ladder-rung').first().waitFor({ timeout: 60_000 });
    const rungs = await page.$$eval('[data-testid=ladder-rung] td:first-child', (tds) => tds.map((t) => t.textContent));
    assert.ok(rungs.some((r) => /флагман|flagship/i.test(r)), `${lang}: the flagship is marked: ${rungs}`);
    for (const r of rungs) assert.ok(!/(флагман|flagship)\s*\((флагман|flagship)\)/i.test(r), `${lang}: ${r}`);
    for (const m of await selectFits('[data-testid=ladder-choice]')(page)) {
      assert.ok(m.need <= m.has, `${lang}: ladder menu cut: ${JSON.stringify(m)}`);
    }
    await shot(page, `polish-ladder-${lang}`);
    await page.goto(base + '#/team');
    await page.locator('.member-card select').first().waitFor({ timeout: 60_000 });
    for (const m of await selectFits('.member-card select')(page)) {
      assert.ok(m.need <= m.has, `${lang}: team menu cut: ${JSON.stringify(m)}`);
    }
    await shot(page, `polish-team-${lang}`);
  }
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test('a calibrated scenario fills the editor rounded, with one warning for the missing exit facts', async () => {
  const page = await open({ width: 1280, height: 900 });
  await page.getByTestId('nav-calibrate').click();
  await page.getByTestId('calibrate-file').setInputFiles(sample);
  await page.getByTestId('calibrate-estimates').waitFor({ timeout: 30_000 });
  await page.getByTestId('calibrate-use').click();
  await page.waitForFunction(() => location.hash === '#/' || location.hash === '');
  await page.getByTestId('stage-row').first().waitFor();
  await waitIdle(page);
  const cut = await page.$$eval('main input[inputmode=decimal], main input[inputmode=numeric]', (inputs) =>
    inputs.filter((i) => i.offsetParent && i.scrollWidth > i.clientWidth + 1).map((i) => i.value));
  assert.deepEqual(cut, [], 'every number is whole in its field');
  const long = await page.$$eval('[data-testid=stage-row] input[inputmode=decimal]', (inputs) =>
    inputs.map((i) => i.value).filter((v) => /\d[.,]\d{3,}/.test(v)));
  assert.deepEqual(long, [], 'numbers rounded to what the data supports');
  const perStage = await page.$$eval('[data-testid=stage-advice] li', (lis) => lis.map((l) => l.textContent).filter((t) => /факта выхода|exit fact/.test(t)));
  assert.deepEqual(perStage, [], 'no exit-fact warning beside each stage');
  const funnel = await page.$$eval('[data-testid=funnel-advice] li', (lis) => lis.map((l) => l.textContent).filter((t) => /факта выхода|exit fact/.test(t)));
  assert.equal(funnel.length, 1, JSON.stringify(funnel));
  assert.match(funnel[0], /добавьте факт, которым заканчивается каждый этап/);
  await shot(page, 'polish-calibrated-editor-ru');
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test('the ROMI sentence shows the margin its numbers were computed with', async () => {
  const page = await open({ width: 1280, height: 900 });
  await page.goto(base + '#/metrics');
  const finding = page.getByTestId('lab-romi-finding');
  await page.waitForFunction(() => document.querySelector('[data-testid=lab-romi-finding]')?.textContent.trim().length > 0, null, { timeout: 90_000 });
  await pageIdle(page);
  const before = await finding.textContent();
  assert.match(before, /марже 10%/);
  await setField(page.getByTestId('lab-margin'), '40');
  await page.waitForTimeout(300);
  assert.equal(await finding.textContent(), before, 'the sentence keeps the numbers it was computed from');
  await page.getByTestId('lab-run').click();
  await page.waitForFunction(() => /марже 40%/.test(document.querySelector('[data-testid=lab-romi-finding]')?.textContent ?? ''), null, { timeout: 90_000 });
  await page.context().close();
});

test('a refused CRM file is not said to be read; a refused scenario names the file, not «?»', async () => {
  const page = await open({ width: 1280, height: 900 });
  await page.getByTestId('nav-calibrate').click();
  await page.getByTestId('calibrate-file').setInputFiles({ name: 'no-stage.csv', mimeType: 'text/csv', buffer: Buffer.from('deal_id,entered_at\n1,2025-01-06\n') });
  await page.locator('[role=alert]').first().waitFor({ timeout: 30_000 });
  await page.waitForTimeout(500);
  const source = await page.$$eval('[data-testid=calibrate-source]', (p) => p.map((e) => e.textContent));
  assert.ok(!source.some((t) => /Читается|Reading/.test(t)), `after a refusal: ${source}`);
  await shot(page, 'polish-calibrate-refused');

  await page.goto(base + '#/');
  await page.getByTestId('stage-row').first().waitFor();
  for (const lang of ['ru', 'en']) {
    await toLang(page, lang);
    for (const body of ['{"schema": 2, "plan": ', '[]', '"text"', '{"schema": 2} x']) {
      const old = page.getByTestId('share-notice');
      if (await old.count()) await old.getByRole('button').click();
      await page.getByTestId('import').setInputFiles({ name: 'bad.json', mimeType: 'application/json', buffer: Buffer.from(body) });
      const notice = page.locator('[data-testid=share-notice][data-kind=file-refused]');
      await notice.waitFor({ timeout: 10_000 });
      const lines = await notice.locator('li').allTextContents();
      assert.ok(lines.length > 0, body);
      for (const l of lines) {
        assert.ok(!/^\s*\?/.test(l), `${lang} ${body}: ${l}`);
      }
      assert.ok(lines.some((l) => (lang === 'ru' ? /^файл: / : /^the file: /).test(l)) || lines.every((l) => /^[a-z_]+[.[\w\]]*: /.test(l)),
        `${lang} ${body}: ${JSON.stringify(lines)}`);
    }
  }
  await page.context().close();
});

test('presenter mode scales the lessons list like a lesson', async () => {
  const page = await open({ width: 1920, height: 1080 });
  await page.goto(base + '#/lesson/pocket');
  await page.getByTestId('lesson-reveal').waitFor();
  await page.getByTestId('presenter').click();
  const lessonSize = await page.$eval('.lesson', (e) => parseFloat(getComputedStyle(e).fontSize));
  await page.goto(base + '#/lessons');
  await page.locator('.lessons').waitFor();
  const listSize = await page.$eval('.lessons', (e) => parseFloat(getComputedStyle(e).fontSize));
  assert.ok(lessonSize > 20, `a lesson in presenter mode: ${lessonSize} px`);
  assert.equal(listSize, lessonSize, 'the list reads like a lesson');
  await shot(page, 'polish-presenter-lessons');
  await page.context().close();
});

test('a share link carries the interface language for a first visit; a saved choice wins', async () => {
  const page = await open({ width: 1280, height: 900 });
  await toLang(page, 'en');
  await page.getByTestId('share').click();
  const link = await page.getByTestId('share-link').inputValue();
  assert.match(link, /#\/s\/1\//);
  await page.context().close();

  // A first visit: the sender's language.
  const fresh = await theBrowser().newContext({ viewport: { width: 1280, height: 900 } });
  const first = await fresh.newPage();
  await first.goto(link);
  await first.waitForFunction(() => document.documentElement.lang === 'en', null, { timeout: 30_000 });
  await first.getByTestId('p-plan').waitFor({ timeout: 30_000 });
  // The link's language is not saved as this browser's choice.
  assert.equal(await first.evaluate(() => localStorage.getItem('funnel-lab.lang')), null);
  await fresh.close();

  // Someone who chose Russian keeps it.
  const chosen = await theBrowser().newContext({ viewport: { width: 1280, height: 900 } });
  await chosen.addInitScript(() => { if (!sessionStorage.getItem('seeded')) { localStorage.setItem('funnel-lab.lang', 'ru'); sessionStorage.setItem('seeded', '1'); } });
  const second = await chosen.newPage();
  await second.goto(link);
  await second.getByTestId('p-plan').waitFor({ timeout: 30_000 });
  await second.waitForTimeout(500);
  assert.equal(await second.getAttribute('html', 'lang'), 'ru');
  await chosen.close();
});
