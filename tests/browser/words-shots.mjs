// Screenshots of the pages whose numbers and words moved to the one format and the phrase tables
// (issue #20 item 4): the ladder, the metrics lab, calibration and a lesson's per-stage tables,
// in Russian and English at 1280×900 and 390 px. Run by hand after `trunk build`:
// node words-shots.mjs (files go to artifacts/words-*.png). Bounded: each page waits ≤ 90 s.
import { join } from 'node:path';
import { artifacts, base, open, startBrowser, stopBrowser, here } from './harness.mjs';

const sample = join(here, '..', '..', 'assets', 'samples', 'generic.csv');

async function toLang(page, lang) {
  if ((await page.getAttribute('html', 'lang')) !== lang) await page.getByTestId('lang').click();
  await page.waitForFunction((l) => document.documentElement.lang === l, lang);
}

const pages = {
  ladder: async (page) => {
    await page.goto(base + '#/ladder');
    await page.getByTestId('ladder-rung').first().waitFor({ timeout: 90_000 });
  },
  metrics: async (page) => {
    await page.goto(base + '#/metrics');
    await page.waitForFunction(() => document.querySelector('[data-testid=lab-cohort-finding]')?.textContent.length > 80, null, { timeout: 90_000 });
  },
  calibrate: async (page) => {
    await page.goto(base + '#/calibrate');
    await page.getByTestId('calibrate-file').setInputFiles(sample);
    await page.getByTestId('calibrate-plan').waitFor({ timeout: 90_000 });
  },
  lesson: async (page) => {
    await page.goto(base + '#/lesson/mid-month');
    await page.getByTestId('lesson-reveal').waitFor();
    const guesses = page.getByTestId('lesson-guess');
    for (let i = 0; i < await guesses.count(); i++) await guesses.nth(i).fill('50');
    await page.getByTestId('lesson-reveal').click();
    await page.getByTestId('checkpoint-table').first().waitFor({ state: 'attached', timeout: 90_000 });
    await page.evaluate(() => document.querySelectorAll('details').forEach((d) => { d.open = true; }));
    await page.getByTestId('checkpoint-table').first().scrollIntoViewIfNeeded();
  },
};

await startBrowser();
try {
  for (const width of [1280, 390]) {
    for (const [name, go] of Object.entries(pages)) {
      for (const lang of ['ru', 'en']) {
        const page = await open({ width, height: 900 });
        await toLang(page, lang);
        await go(page);
        await page.waitForTimeout(300);
        await page.screenshot({ path: join(artifacts, `words-${name}-${lang}-${width}.png`), fullPage: name !== 'lesson' || width === 390 });
        await page.context().close();
      }
    }
  }
} finally {
  await stopBrowser();
}
