// Every lesson on a projector (issue #18: "each step of a lesson fits 1920×1080 and 1280×720
// without scrolling"): all lessons of assets/lessons, funnel and ladder alike, in presenter
// mode, revealed, every step they have — without a room, then opened to the room with two
// votes in (the question gains the join code, a spread step comes in, the reveal draws the
// truth over the spread) — fit 1920×1080 and 1280×720 in Russian and in English. Served by
// `funnel-lab serve` (the room needs it; see serve.mjs). A step that does not fit is saved as
// artifacts/unfit-*.png; the ladder lessons' steps as artifacts/slides-*.png.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { launchChromium, here } from './harness.mjs';
import { bin, startServe } from './serve.mjs';
import { key, slideOf, tour } from './slides.mjs';

const dir = join(here, '..', '..', 'assets', 'lessons');
const lessons = readdirSync(dir).filter((f) => f.endsWith('.json')).sort()
  .map((f) => JSON.parse(readFileSync(join(dir, f), 'utf8')));

let served, browser;

before(async () => {
  assert.ok(bin, 'build funnel-lab with the app first (trunk build, then cargo build --profile test-opt, or scripts/release.sh)');
  served = await startServe('funnel-slides-fit-');
  browser = await launchChromium();
});

after(async () => {
  await browser?.close();
  served?.stop();
});

const sizes = [{ width: 1920, height: 1080 }, { width: 1280, height: 720 }];

// The steps a lesson shows: the claim, the question, the spread (only with a room), the reveal,
// then its details steps in order (at least one for a ladder lesson: the ladder's numbers).
function checkSteps(seen, room, ladder, label) {
  const head = room ? ['claim', 'question', 'spread', 'reveal'] : ['claim', 'question', 'reveal'];
  assert.deepEqual(seen.slice(0, head.length), head, label);
  const details = seen.slice(head.length);
  assert.deepEqual(details, details.map((_, i) => `details-${i}`), label);
  if (ladder) assert.equal(details.length, 1, `${label}: a ladder lesson's numbers are one step`);
}

async function tourBoth(page, lesson, lang, room) {
  const label = `${lesson.id} ${lang}${room ? ' room' : ''}`;
  const ladder = lesson.kind === 'ladder';
  const order = lang === 'ru' ? sizes : [...sizes].reverse();
  for (const size of order) {
    const shots = ladder ? `slides-${lesson.id}-${lang}${room ? '-room' : ''}` : undefined;
    checkSteps(await tour(page, size, { tag: label, shots }), room, ladder, label);
  }
}

for (const lesson of lessons) {
  test(`every step of "${lesson.id}" fits a projector, with and without a room, in Russian and English`,
    { timeout: 300_000 }, async () => {
      const ctx = await browser.newContext({ viewport: sizes[0], locale: 'ru-RU' });
      const page = await ctx.newPage();
      const problems = [];
      page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
      page.on('console', (m) => { if (m.type() === 'error') problems.push(`console: ${m.text()}`); });
      await page.goto(`${served.base}#/lesson/${lesson.id}`);
      await page.getByTestId('lesson-reveal').waitFor();
      await page.getByTestId('presenter').click();
      assert.equal(await slideOf(page), 'claim');
      // Revealed first: the question's table has its numbers then, and every step its content.
      await page.keyboard.press('Space');
      await page.waitForSelector('[data-testid=lesson].revealed', { timeout: 180_000 });
      await page.getByTestId('lesson-moral').waitFor();
      await tourBoth(page, lesson, 'ru', false);
      await page.getByTestId('lang').click();
      await tourBoth(page, lesson, 'en', false);

      // Opened to the room, with two votes in round 1 (as phones send them).
      while ((await slideOf(page)) !== 'question') await key(page, 'PageUp');
      await page.getByTestId('room-open').click();
      await page.waitForFunction(() => /^[A-Z2-9]{6}$/.test(document.querySelector('[data-testid=room-code]')?.textContent ?? ''));
      const code = await page.getByTestId('room-code').textContent();
      const room = await (await fetch(`${served.base}/api/rooms/${code}`)).json();
      await page.waitForFunction(() => /1: 0/.test(document.querySelector('[data-testid=room-count]')?.textContent ?? ''), null, { timeout: 10_000 });
      for (const [v, at] of [['fit-a', 20], ['fit-b', 65]]) {
        const guesses = room.arms.map((_, i) => Math.min(100, at + 7 * i));
        const r = await fetch(`${served.base}/api/rooms/${code}/votes`, {
          method: 'POST', headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ voter: v, round: 1, guesses, name: v }),
        });
        assert.equal(r.status, 204);
      }
      await page.waitForFunction(() => /1: 2/.test(document.querySelector('[data-testid=room-count]').textContent), null, { timeout: 10_000 });
      // The spread fetches the votes; from then on the spread and the reveal draw them.
      await key(page, 'PageDown', 'spread');
      await page.getByTestId('room-spread-chart').waitFor({ timeout: 10_000 });
      await tourBoth(page, lesson, 'en', true);
      assert.equal(await page.locator('[data-testid=room-reveal-chart] line.truth').count(), room.arms.length, 'the truth over the spread');
      await page.getByTestId('lang').click();
      await tourBoth(page, lesson, 'ru', true);
      assert.deepEqual(problems, []);
      await ctx.close();
    });
}
