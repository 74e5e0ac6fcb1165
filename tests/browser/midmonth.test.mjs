// The mid-month lesson's reveal shows the post's two claims tested (#19 item 4): the reliability
// chart of P(plan | the checkpoint's record) and the numbers in words, the same as the shipped
// study (assets/studies/midmonth.json), in Russian and English, at a projector's, a laptop's
// and a phone's width.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { startBrowser, stopBrowser, base, open, canvasInk, here, artifacts } from './harness.mjs';

before(startBrowser);
after(() => stopBrowser());

const study = JSON.parse(readFileSync(join(here, '..', '..', 'assets', 'studies', 'midmonth.json'), 'utf8'));
const pc = (x, en) => { const s = (x * 100).toFixed(1) + '%'; return en ? s : s.replace('.', ','); };

async function toLang(page, lang) {
  if ((await page.getAttribute('html', 'lang')) !== lang) await page.getByTestId('lang').click();
  await page.waitForFunction((l) => document.documentElement.lang === l, lang);
}

test('the mid-month reveal shows the reliability chart and the tested numbers in both languages', async () => {
  for (const viewport of [{ width: 1280, height: 900 }, { width: 1920, height: 1080 }, { width: 390, height: 844 }]) {
    const page = await open(viewport);
    await page.goto(base + '#/lesson/mid-month');
    await page.getByTestId('lesson-reveal').waitFor();
    // Before the reveal the study is not on screen: the room predicts first.
    assert.equal(await page.getByTestId('midmonth-study').count(), 0);
    // The claim quotes the post's two sentences, as its first and second claim.
    const claim = await page.locator('.lesson').innerText();
    assert.match(claim, /Первое: «Благодаря этому инструменту/);
    assert.match(claim, /Второе: «Кроме того индивидуальная форма воронки показывает/);
    await page.getByTestId('lesson-reveal').click();
    await page.getByTestId('lesson-moral').waitFor({ timeout: 120_000 });
    for (const lang of ['ru', 'en']) {
      const en = lang === 'en';
      await toLang(page, lang);
      const words = await page.getByTestId('midmonth-study').innerText();
      for (const [what, x] of [
        ['skill', study.forecast.brier.skill],
        ['binary check fires', study.forecast.check.fires],
        ['attribution', study.attribution.next_stage.rate],
        ['control', study.control.next_stage.rate],
        ['chance', study.attribution.chance],
      ]) {
        assert.ok(words.includes(pc(x, en)), `${lang} ${viewport.width}: ${what} ${pc(x, en)} in ${words}`);
      }
      const moral = await page.getByTestId('lesson-moral').innerText();
      assert.doesNotMatch(moral, en ? /shows which stage is short/ : /показывает, на каком этапе не хватает/);
      await page.waitForFunction(() => document.querySelector('[data-testid=midmonth-reliability]')?.width > 0);
      await page.waitForTimeout(200);
      const c = await canvasInk(page, 'midmonth-reliability');
      assert.ok(c.ink > 0.02 && c.colours > 3, `${lang} ${viewport.width}: the chart is drawn ${JSON.stringify(c)}`);
      assert.ok(c.width <= viewport.width, `${lang} ${viewport.width}: the chart fits the width (${c.width})`);
      // The chart in words for a screen reader: every filled bin's forecast and outcome.
      const alt = await page.getByTestId('midmonth-reliability').getAttribute('aria-label');
      const filled = study.forecast.bins.filter((b) => b.months > 0);
      assert.equal((alt.match(/→/g) ?? []).length, filled.length, `${lang}: ${alt}`);
      // Written as the page's language writes numbers (a decimal comma in Russian).
      assert.ok(alt.includes(pc(filled[0].observed, en)), `${lang}: first bin in ${alt}`);
      const section = page.getByTestId('mid_month_study');
      await section.scrollIntoViewIfNeeded();
      await section.screenshot({ path: join(artifacts, `midmonth-study-${lang}-${viewport.width}.png`) });
    }
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(overflow <= 1, `${viewport.width}: no sideways scroll (${overflow} px)`);
    assert.deepEqual(page.errors, []);
    await page.context().close();
  }
});
