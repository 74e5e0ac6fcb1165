// The phone page of a workshop room in real Chromium: `funnel-lab serve` on a free loopback
// port with a temporary --data; three phones (two Russian at 360 px, one English at 390 px)
// join, vote, change a vote, see the round close and the next one open, and vote again. The
// trainer's side is driven through the API. Checks: what the phones sent is what the results
// hold, the page fits 360 px, no CSP violation or page error, and everything it loads is under
// 60 KB gzip. Screenshots go to artifacts/room-phone-*.png.
//
// The binary: see serve.mjs.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { launchChromium, artifacts } from './harness.mjs';
import { bin, startServe } from './serve.mjs';

let served, browser, base;

async function api(method, path, { token, body } = {}) {
  const headers = { 'Content-Type': 'application/json' };
  if (token) headers.Authorization = `Bearer ${token}`;
  const res = await fetch(base + path, { method, headers, body: body ? JSON.stringify(body) : undefined });
  const text = await res.text();
  return { status: res.status, json: text ? JSON.parse(text) : null };
}

before(async () => {
  assert.ok(bin, 'build funnel-lab first (cargo build --profile test-opt, or scripts/release.sh)');
  served = await startServe('funnel-room-browser-');
  base = served.base;
  browser = await launchChromium();
});

after(async () => {
  await browser?.close();
  served?.stop();
});

async function phone(locale, width) {
  const context = await browser.newContext({ viewport: { width, height: 760 }, deviceScaleFactor: 2, locale });
  const page = await context.newPage();
  page.problems = [];
  page.on('pageerror', (e) => page.problems.push(`pageerror: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error' || /Content Security Policy/i.test(m.text())) page.problems.push(`console: ${m.text()}`);
  });
  page.loaded = [];
  page.on('response', (r) => page.loaded.push(r));
  return page;
}

async function setGuesses(page, guesses) {
  const inputs = page.locator('#arms input[type=number]');
  assert.equal(await inputs.count(), guesses.length);
  for (let i = 0; i < guesses.length; i++) await inputs.nth(i).fill(String(guesses[i]));
}

test('three phones join, vote, revote, see rounds close and open', { timeout: 120_000 }, async () => {
  const health = await api('GET', '/api/health');
  assert.equal(health.json.rooms, true);
  const lessonId = 'shapes';
  const room = await api('POST', '/api/rooms', { body: { lesson: lessonId } });
  assert.equal(room.status, 201);
  const { code, token, join: joinPath } = room.json;
  const info = (await api('GET', `/api/rooms/${code}`)).json;
  const arms = info.arms.length;

  const phones = [await phone('ru-RU', 360), await phone('ru-RU', 360), await phone('en-US', 390)];
  for (const p of phones) await p.goto(base + joinPath);
  // Before the trainer opens a round: the question and a waiting line, inputs disabled.
  await phones[0].waitForSelector('#arms input');
  assert.equal(await phones[0].textContent('#question'), info.question.ru);
  assert.equal(await phones[2].textContent('#question'), info.question.en);
  assert.equal(await phones[2].locator('#arms label').first().textContent(), info.arms[0].label.en);
  assert.match(await phones[0].textContent('#state'), /Ждите/);
  assert.ok(await phones[0].locator('#send').isDisabled());
  await phones[0].screenshot({ path: join(artifacts, 'room-phone-waiting-ru-360.png'), fullPage: true });

  // What the page loaded, as it came over the wire (Chromium asks for gzip).
  let wire = 0;
  for (const r of phones[0].loaded) {
    const h = await r.allHeaders();
    if (r.url().includes('/api/')) continue;
    assert.equal(h['content-encoding'], 'gzip', `${r.url()} came gzipped`);
    wire += (await r.request().sizes()).responseBodySize;
  }
  console.log(`phone page: ${wire} bytes gzip for ${phones[0].loaded.filter((r) => !r.url().includes('/api/')).length} files`);
  assert.ok(wire > 0 && wire <= 60 * 1024, `${wire} bytes`);

  assert.equal((await api('POST', `/api/rooms/${code}/rounds`, { token })).json.round, 1);
  const guesses = [0, 1, 2].map((i) => Array.from({ length: arms }, (_, a) => (i * 30 + a * 11 + 5) % 101));
  for (const [i, p] of phones.entries()) {
    await p.waitForFunction(() => !document.querySelector('#send').disabled, null, { timeout: 10_000 });
    await setGuesses(p, guesses[i]);
    if (i === 1) await p.fill('#name', 'Аня <b>'); // shown as text, never as markup
    await p.click('#send');
    await p.waitForSelector('#saved.ok', { timeout: 10_000 });
  }
  assert.match(await phones[0].textContent('#saved'), /сохранён/);
  assert.match(await phones[2].textContent('#saved'), /saved/);
  // Phone 0 changes its mind.
  guesses[0] = guesses[0].map((g) => 100 - g);
  await setGuesses(phones[0], guesses[0]);
  assert.match(await phones[0].textContent('#send'), /Изменить/);
  await phones[0].click('#send');
  await phones[0].waitForFunction(() => /сохранён/.test(document.querySelector('#saved').textContent));
  await phones[1].screenshot({ path: join(artifacts, 'room-phone-voted-ru-360.png'), fullPage: true });
  await phones[2].screenshot({ path: join(artifacts, 'room-phone-voted-en-390.png'), fullPage: true });

  let res = (await api('GET', `/api/rooms/${code}/results`, { token })).json;
  assert.equal(res.rounds[0].votes.length, 3, 'three voters, the change replaced the first vote');
  const byGuesses = res.rounds[0].votes.map((v) => v.guesses.map(Number));
  for (const g of guesses) assert.ok(byGuesses.some((x) => JSON.stringify(x) === JSON.stringify(g)), `${g} in results`);
  assert.ok(res.rounds[0].votes.some((v) => v.name === 'Аня <b>'));

  // The trainer closes the round: phones say so within a poll and lock their inputs.
  await api('POST', `/api/rooms/${code}/close`, { token });
  await phones[2].waitForFunction(() => /closed/.test(document.querySelector('#state').textContent), null, { timeout: 6_000 });
  assert.ok(await phones[2].locator('#send').isDisabled());
  await phones[2].waitForFunction(() => /answer is in/.test(document.querySelector('#saved').textContent));
  await phones[2].screenshot({ path: join(artifacts, 'room-phone-closed-en-390.png'), fullPage: true });

  // Round 2: each phone sees it open and votes again.
  assert.equal((await api('POST', `/api/rooms/${code}/rounds`, { token })).json.round, 2);
  for (const p of phones) {
    await p.waitForFunction(() => !document.querySelector('#send').disabled, null, { timeout: 6_000 });
    await p.click('#send');
    await p.waitForSelector('#saved.ok', { timeout: 10_000 });
  }
  assert.match(await phones[0].textContent('#state'), /Раунд 2/);
  await phones[0].screenshot({ path: join(artifacts, 'room-phone-round2-ru-360.png'), fullPage: true });
  res = (await api('GET', `/api/rooms/${code}/results`, { token })).json;
  assert.equal(res.rounds[1].votes.length, 3);

  for (const p of phones) {
    const w = await p.evaluate(() => document.documentElement.scrollWidth);
    assert.ok(w <= p.viewportSize().width, `no sideways scroll: ${w}px`);
    assert.deepEqual(p.problems, []);
  }
});

test('a wrong code says so in the phone language', { timeout: 30_000 }, async () => {
  const p = await phone('en-GB', 360);
  await p.goto(`${base}/j/ZZZZZZ`);
  await p.waitForFunction(() => /No room/.test(document.querySelector('#state').textContent), null, { timeout: 10_000 });
  assert.ok(await p.locator('#vote').isHidden());
});
