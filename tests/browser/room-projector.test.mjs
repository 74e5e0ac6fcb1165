// The projector's side of a workshop room in real Chromium: `funnel-lab serve` (the app
// embedded) on a free loopback port with a temporary --data. The trainer's page opens a lesson
// in presenter mode, opens it to the room, and three phones (Playwright contexts) join with the
// code's address and vote; the projector counts them live, shows the spread (no answer), opens
// round 2 (the phones follow), shows its spread and reveals the simulation over it; the CSV
// holds every vote with the truth; the notes window follows the projector; each presenter step
// fits 1920×1080 and 1280×720 with no scrolling, in Russian and English. A second test serves
// the same app from a "static host" (a loopback proxy whose /api answers 404): the room button
// says a room needs funnel-lab serve. Screenshots: artifacts/room-projector-*.png.
//
// The binary: see serve.mjs (built after `trunk build`, so that it embeds the app).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { join } from 'node:path';
import { launchChromium, artifacts } from './harness.mjs';
import { bin, startServe } from './serve.mjs';
import { fits, key, slideOf, tour } from './slides.mjs';

let served, browser, base, proxy;

before(async () => {
  assert.ok(bin, 'build funnel-lab with the app first (trunk build, then cargo build --profile test-opt, or scripts/release.sh)');
  served = await startServe('funnel-room-projector-');
  base = served.base;
  const health = await (await fetch(base + '/api/health')).json();
  assert.equal(health.app, true, 'the binary embeds the app (build dist/ before the binary)');
  browser = await launchChromium();
});

after(async () => {
  await browser?.close();
  served?.stop();
  proxy?.close();
});

function watch(page) {
  page.problems = [];
  page.on('pageerror', (e) => page.problems.push(`pageerror: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error' || /Content Security Policy/i.test(m.text())) page.problems.push(`console: ${m.text()}`);
  });
  return page;
}

async function phone(locale, width) {
  const context = await browser.newContext({ viewport: { width, height: 760 }, deviceScaleFactor: 2, locale });
  return watch(await context.newPage());
}

async function vote(p, guesses, name, round = 1) {
  // The phone must have seen this round open (it polls every 2 s): a phone still showing the
  // previous round would send its vote there and be refused.
  await p.waitForFunction((n) => {
    const state = document.querySelector('#state');
    return state.classList.contains('open') && state.textContent.includes(String(n))
      && !document.querySelector('#send').disabled;
  }, round, { timeout: 10_000 });
  const inputs = p.locator('#arms input[type=number]');
  assert.equal(await inputs.count(), guesses.length);
  for (let i = 0; i < guesses.length; i++) await inputs.nth(i).fill(String(guesses[i]));
  if (name) await p.fill('#name', name);
  await p.click('#send');
  // Saved (or refused, said in words): each vote is on disk before the server answers, which
  // can take seconds on a machine busy writing.
  await p.waitForSelector('#saved.ok, #saved.bad', { timeout: 30_000 });
  assert.equal(await p.getAttribute('#saved', 'class'), 'saved ok', await p.textContent('#saved'));
}

// Every step, first to last, fits `size` in the page's language; screenshots of each.
// "No reverse" has two kinds of tables (recorded conversion, the checkpoint): one step each.
async function tourNoReverse(page, size, tag) {
  const seen = await tour(page, size, { tag, shots: `room-projector-${tag}` });
  assert.deepEqual(seen, ['claim', 'question', 'spread', 'reveal', 'details-0', 'details-1']);
}

test('a room on the projector: join, vote, spread, vote again, reveal, CSV, notes, slides that fit',
  { timeout: 300_000 }, async () => {
    const ctx = await browser.newContext({ viewport: { width: 1920, height: 1080 }, locale: 'ru-RU', acceptDownloads: true });
    const page = watch(await ctx.newPage());
    // "No reverse": three arms, and per-stage tables (a details step).
    await page.goto(base + '#/lesson/no-reverse');
    await page.getByTestId('lesson-reveal').waitFor();
    await page.getByTestId('presenter').click();
    assert.equal(await slideOf(page), 'claim');
    await fits(page, 'claim before the room');

    // The notes window follows the projector.
    const notes = watch(await ctx.newPage());
    await notes.goto(base + '#/notes');
    await notes.waitForFunction(() => document.querySelector('[data-testid=notes-step]')?.dataset.slide === 'claim', null, { timeout: 15_000 });
    assert.match(await notes.getByTestId('notes-lesson').textContent(), /\S/);

    await page.bringToFront();
    await key(page, 'PageDown', 'question');
    await notes.waitForFunction(() => document.querySelector('[data-testid=notes-step]').dataset.slide === 'question');
    await page.getByTestId('room-open').click();
    await page.getByTestId('room-code').waitFor();
    await page.waitForFunction(() => /^[A-Z2-9]{6}$/.test(document.querySelector('[data-testid=room-code]').textContent));
    const code = await page.getByTestId('room-code').textContent();
    const joinUrl = await page.getByTestId('room-join-url').textContent();
    assert.equal(joinUrl, `${base}/j/${code}`);
    assert.equal(await page.locator('[data-testid=room-qr] svg').count(), 1);
    // Loopback only: the projector says phones on the network cannot join.
    assert.equal(await page.locator('.room-loopback').count(), 1);
    // The token is in this tab's session storage, not in the URL.
    const kept = await page.evaluate(() => JSON.parse(sessionStorage.getItem('funnel-lab.room.no-reverse')));
    assert.equal(kept.code, code);
    assert.ok(kept.token.length >= 40 && !page.url().includes(kept.token));
    await page.waitForFunction(() => /1: 0/.test(document.querySelector('[data-testid=room-count]').textContent), null, { timeout: 10_000 });
    await notes.waitForFunction((c) => document.querySelector('[data-testid=notes-room]')?.textContent.includes(c), code);

    // Three phones join by the address and vote; the projector counts them within a poll.
    const phones = [await phone('ru-RU', 360), await phone('ru-RU', 360), await phone('en-US', 390)];
    for (const p of phones) await p.goto(joinUrl);
    const round1 = [[10, 50, 90], [30, 40, 60], [80, 20, 35]];
    const names = ['Аня', null, 'Bob'];
    for (const [i, p] of phones.entries()) await vote(p, round1[i], names[i]);
    await page.waitForFunction(() => /1: 3/.test(document.querySelector('[data-testid=room-count]').textContent), null, { timeout: 10_000 });
    await phones[0].screenshot({ path: join(artifacts, 'room-projector-phone-ru-360.png'), fullPage: true });

    // The spread: each arm's guesses, median and quartiles, no answer; the round closes.
    await key(page, 'PageDown', 'spread');
    await page.getByTestId('room-spread-chart').waitFor({ timeout: 10_000 });
    assert.equal(await page.locator('[data-testid=room-spread-chart] circle.guess').count(), 9);
    assert.equal(await page.locator('[data-testid=room-spread-chart] .truth').count(), 0, 'no answer on the spread');
    // Arm 1's guesses 10, 30, 80: median 30, quartiles 20 and 55 (type 7), said in words.
    const words = await page.getByTestId('room-spread-chart-words').textContent();
    assert.match(words, /прогнозов 3, медиана 30%, квартили от 20% до 55%/);
    await phones[2].waitForFunction(() => /closed/.test(document.querySelector('#state').textContent), null, { timeout: 6_000 });

    // Vote again: round 2 opens, the phones follow, the projector shows the question and count.
    await page.getByTestId('spread-again').click();
    await page.waitForFunction(() => document.querySelector('[data-testid=lesson]').dataset.slide === 'question');
    await page.waitForFunction(() => /2: 0/.test(document.querySelector('[data-testid=room-count]').textContent), null, { timeout: 10_000 });
    const round2 = [[45, 45, 50], [35, 40, 55], [60, 30, 40]];
    for (const [i, p] of phones.entries()) await vote(p, round2[i], undefined, 2);
    await page.waitForFunction(() => /2: 3/.test(document.querySelector('[data-testid=room-count]').textContent), null, { timeout: 10_000 });
    await key(page, 'PageDown', 'spread');
    await page.waitForFunction(() => /медиана 45%/.test(document.querySelector('[data-testid=room-spread-chart-words]')?.textContent ?? ''), null, { timeout: 10_000 });

    // The reveal: arriving at it runs the simulation; its P(plan) and interval over the spread.
    await key(page, 'PageDown', 'reveal');
    await page.getByTestId('lesson-moral').waitFor({ timeout: 120_000 });
    await page.getByTestId('room-reveal-chart').waitFor({ timeout: 20_000 });
    assert.equal(await page.locator('[data-testid=room-reveal-chart] line.truth').count(), 3);
    assert.equal(await page.locator('[data-testid=room-reveal-chart] circle.guess').count(), 9);
    const near = await page.getByTestId('room-near').textContent();
    assert.match(near, /\d+%/);
    assert.match(await page.getByTestId('room-closest').textContent(), /Аня|Bob/);
    // The truths on the page are the reveal table's P(plan) (to the percent shown).
    const revealWords = await page.getByTestId('room-reveal-chart-words').textContent();
    assert.match(revealWords, /симуляция [\d.,]+%/);
    await notes.waitForFunction(() => document.querySelector('[data-testid=notes-step]').dataset.slide === 'reveal'
      && /P\(plan\)/.test(document.querySelector('[data-testid=notes-numbers]').textContent), null, { timeout: 10_000 });

    // The CSV: every vote of both rounds, one row per arm, with the truth.
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('reveal-csv').click()]);
    const csv = readFileSync(await download.path(), 'utf8').replace(/^\uFEFF/, '');
    const lines = csv.trim().split(/\r\n/);
    assert.equal(lines[0], 'round;voter;name;arm;guess;truth');
    assert.equal(lines.length, 1 + 2 * 3 * 3, csv);
    const rows = lines.slice(1).map((l) => l.split(';'));
    for (const [r, votes] of [[1, round1], [2, round2]]) {
      const got = rows.filter((x) => x[0] === String(r)).map((x) => Number(x[4]));
      assert.deepEqual(got.sort((a, b) => a - b), votes.flat().sort((a, b) => a - b), `round ${r} in the CSV`);
    }
    assert.ok(rows.every((x) => /^\d+(,\d+)?$/.test(x[5])), 'every row has the truth');
    assert.ok(rows.some((x) => x[2] === 'Аня'));

    // Each step fits a projector, in Russian and in English, at 1920×1080 and 1280×720.
    await tourNoReverse(page, { width: 1920, height: 1080 }, 'ru');
    await tourNoReverse(page, { width: 1280, height: 720 }, 'ru');
    await page.getByTestId('lang').click();
    await tourNoReverse(page, { width: 1280, height: 720 }, 'en');
    await tourNoReverse(page, { width: 1920, height: 1080 }, 'en');
    await notes.screenshot({ path: join(artifacts, 'room-projector-notes-en.png') });

    // Closing the room: the panel goes, the button comes back, the token is forgotten.
    while ((await slideOf(page)) !== 'question') await key(page, 'PageUp');
    await page.getByTestId('room-close').click();
    await page.getByTestId('room-open').waitFor();
    assert.equal(await page.evaluate(() => sessionStorage.getItem('funnel-lab.room.no-reverse')), null);
    for (const p of [page, notes, ...phones]) assert.deepEqual(p.problems, []);
    await ctx.close();
  });

// A number as the Russian or English page writes it ("47,1%", "3 815", "−12.5").
const num = (t) => Number(t.replace(/[\s\u00a0\u202f%]/g, '').replace('−', '-').replace(',', '.'));

test('a ladder lesson opens to the room: phones vote, the reveal draws the ladder model\'s P(plan) over the spread, the CSV carries it',
  { timeout: 300_000 }, async () => {
    const ctx = await browser.newContext({ viewport: { width: 1920, height: 1080 }, locale: 'ru-RU', acceptDownloads: true });
    const page = watch(await ctx.newPage());
    // "The tripwire": two ladders (with and without the tripwire), revealed by the ladder model.
    await page.goto(base + '#/lesson/tripwire');
    await page.getByTestId('lesson-reveal').waitFor();
    await page.getByTestId('presenter').click();
    assert.equal(await slideOf(page), 'claim');
    const notes = watch(await ctx.newPage());
    await notes.goto(base + '#/notes');
    await notes.waitForFunction(() => document.querySelector('[data-testid=notes-step]')?.dataset.slide === 'claim', null, { timeout: 15_000 });
    assert.match(await notes.getByTestId('notes-lesson').textContent(), /Трипвайр/);
    assert.equal(await notes.locator('[data-testid=notes-numbers] li').count(), 2, 'the notes list both ladders');

    await page.bringToFront();
    await key(page, 'PageDown', 'question');
    await page.getByTestId('room-open').click();
    await page.waitForFunction(() => /^[A-Z2-9]{6}$/.test(document.querySelector('[data-testid=room-code]')?.textContent ?? ''));
    const joinUrl = await page.getByTestId('room-join-url').textContent();
    await page.waitForFunction(() => /1: 0/.test(document.querySelector('[data-testid=room-count]').textContent), null, { timeout: 10_000 });

    // Two phones: the lesson's question and one guess per ladder.
    const phones = [await phone('ru-RU', 390), await phone('en-US', 390)];
    for (const p of phones) await p.goto(joinUrl);
    await phones[1].waitForFunction(() => document.querySelectorAll('#arms input[type=number]').length === 2, null, { timeout: 10_000 });
    assert.match(await phones[1].textContent('#question'), /tripwire/);
    const votes = [[40, 10], [70, 30]];
    await vote(phones[0], votes[0], 'Аня');
    await vote(phones[1], votes[1]);
    await phones[1].screenshot({ path: join(artifacts, 'room-projector-ladder-phone-en-390.png'), fullPage: true });
    await phones[0].screenshot({ path: join(artifacts, 'room-projector-ladder-phone-ru-390.png'), fullPage: true });
    await page.waitForFunction(() => /1: 2/.test(document.querySelector('[data-testid=room-count]').textContent), null, { timeout: 10_000 });

    // The spread: four guesses, no answer.
    await key(page, 'PageDown', 'spread');
    await page.getByTestId('room-spread-chart').waitFor({ timeout: 10_000 });
    assert.equal(await page.locator('[data-testid=room-spread-chart] circle.guess').count(), 4);
    assert.equal(await page.locator('[data-testid=room-spread-chart] .truth').count(), 0, 'no answer on the spread');

    // The reveal: the ladder model's P(plan) per ladder (from the worker) over the spread.
    await key(page, 'PageDown', 'reveal');
    await page.getByTestId('lesson-moral').waitFor({ timeout: 120_000 });
    await page.getByTestId('room-reveal-chart').waitFor({ timeout: 20_000 });
    assert.equal(await page.locator('[data-testid=room-reveal-chart] line.truth').count(), 2);
    assert.equal(await page.locator('[data-testid=room-reveal-chart] circle.guess').count(), 4);
    assert.match(await page.getByTestId('room-near').textContent(), /\d+%/);
    assert.match(await page.getByTestId('room-closest').textContent(), /Аня/);
    // The truths are the question table's P(plan) (what the ladder model gave, to the 0.1 shown).
    const shown = (await page.locator('[data-testid=ladder-lesson-p-plan]').allTextContents()).map((t) => num(t.split('±')[0]));
    assert.equal(shown.length, 2);
    assert.ok(shown.every((p) => p >= 0 && p <= 100) && shown[0] !== shown[1], `two ladders' P(plan): ${shown}`);
    const drawn = await page.$$eval('[data-testid=room-reveal-chart] text[font-weight=bold]', (ts) => ts.map((t) => t.textContent));
    assert.equal(drawn.length, 2, `each ladder's P(plan) written over its strip: ${drawn}`);
    drawn.forEach((t, i) => assert.ok(Math.abs(num(t) - shown[i]) <= 0.55, `drawn ${t}, the table ${shown[i]}`));
    const words = await page.getByTestId('room-reveal-chart-words').textContent();
    const said = [...words.matchAll(/симуляция ([\d,]+)%/g)].map((m) => num(m[1]));
    assert.equal(said.length, 2, words);
    said.forEach((p, i) => assert.ok(Math.abs(p - shown[i]) <= 0.051, `said ${p}, the table ${shown[i]}`));
    await notes.waitForFunction(() => document.querySelector('[data-testid=notes-step]').dataset.slide === 'reveal'
      && (document.querySelector('[data-testid=notes-numbers]').textContent.match(/P\(plan\)/g) ?? []).length === 2, null, { timeout: 10_000 });

    // The CSV: both voters' guesses, one row per ladder, each with that ladder's P(plan).
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('reveal-csv').click()]);
    const csv = readFileSync(await download.path(), 'utf8').replace(/^\uFEFF/, '');
    const lines = csv.trim().split(/\r\n/);
    assert.equal(lines[0], 'round;voter;name;arm;guess;truth');
    assert.equal(lines.length, 1 + 2 * 2, csv);
    const rows = lines.slice(1).map((l) => l.split(';'));
    const arms = [...new Set(rows.map((x) => x[3]))];
    assert.deepEqual(arms, ['С трипвайром', 'Без трипвайра']);
    for (const x of rows) {
      const i = arms.indexOf(x[3]);
      assert.ok(Math.abs(num(x[5]) - shown[i]) <= 0.05 + 1e-9, `row ${x}: truth ${x[5]} is the ladder's P(plan) ${shown[i]}`);
    }
    assert.deepEqual(rows.map((x) => Number(x[4])).sort((a, b) => a - b), votes.flat().sort((a, b) => a - b));

    // Every step with the room fits a projector, the ladder's own numbers on the details step.
    const steps = ['claim', 'question', 'spread', 'reveal', 'details-0'];
    assert.deepEqual(await tour(page, { width: 1920, height: 1080 }, { tag: 'ladder ru', shots: 'room-projector-ladder-ru' }), steps);
    assert.deepEqual(await tour(page, { width: 1280, height: 720 }, { tag: 'ladder ru', shots: 'room-projector-ladder-ru' }), steps);
    assert.equal(await page.getByTestId('ladder-lesson-per-lead').count(), 2);
    await page.getByTestId('lang').click();
    assert.deepEqual(await tour(page, { width: 1280, height: 720 }, { tag: 'ladder en', shots: 'room-projector-ladder-en' }), steps);
    assert.deepEqual(await tour(page, { width: 1920, height: 1080 }, { tag: 'ladder en', shots: 'room-projector-ladder-en' }), steps);
    for (const p of [page, notes, ...phones]) assert.deepEqual(p.problems, []);
    await ctx.close();
    for (const p of phones) await p.context().close();
  });

test('without funnel-lab serve the room button says what a room needs', { timeout: 60_000 }, async () => {
  // A static host: the app's files, and 404 for anything under /api.
  proxy = createServer(async (req, res) => {
    if (req.url.startsWith('/api/')) { res.writeHead(404, { 'content-type': 'text/html' }); res.end('<h1>404</h1>'); return; }
    const r = await fetch(base + req.url);
    res.writeHead(r.status, { 'content-type': r.headers.get('content-type') ?? 'application/octet-stream' });
    res.end(Buffer.from(await r.arrayBuffer()));
  });
  await new Promise((ok) => proxy.listen(0, '127.0.0.1', ok));
  const staticBase = `http://127.0.0.1:${proxy.address().port}`;
  for (const [locale, re] of [['ru-RU', /funnel-lab serve/], ['en-US', /A room needs funnel-lab serve/]]) {
    const ctx = await browser.newContext({ viewport: { width: 1280, height: 720 }, locale });
    const page = watch(await ctx.newPage());
    if (locale === 'en-US') await page.addInitScript(() => localStorage.setItem('funnel-lab.lang', 'en'));
    await page.goto(staticBase + '#/lesson/shapes');
    await page.getByTestId('room-open').click();
    const said = page.getByTestId('room-need-server');
    await said.waitFor();
    assert.match(await said.textContent(), re);
    assert.match(await said.textContent(), /--lan/);
    assert.equal(await page.getByTestId('room-panel').count(), 0);
    await page.screenshot({ path: join(artifacts, `room-projector-static-${locale.slice(0, 2)}.png`) });
    // 404s of /api/health are the expected answer of a static host, not the page's errors.
    assert.deepEqual(page.problems.filter((p) => !/404|Failed to load resource/.test(p)), []);
    await ctx.close();
  }
});
