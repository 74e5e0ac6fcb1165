// Shared by every browser test file: serves dist/ on 127.0.0.1, launches Debian's Chromium
// through playwright-core, and offers the page helpers the tests use.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

export const here = dirname(fileURLToPath(import.meta.url));
export const dist = join(here, '..', '..', 'dist');
export const artifacts = join(here, 'artifacts');
mkdirSync(artifacts, { recursive: true });

let server, browser;
export let base;
export const measurements = {};

function freePort() {
  return new Promise((resolve) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

export async function startBrowser() {
  const port = await freePort();
  server = spawn('python3', ['-m', 'http.server', String(port), '--bind', '127.0.0.1', '--directory', dist], { stdio: 'ignore' });
  base = `http://127.0.0.1:${port}/`;
  for (let i = 0; i < 50; i++) {
    try { if ((await fetch(base)).ok) break; } catch { /* not up yet */ }
    await new Promise((r) => setTimeout(r, 100));
  }
  browser = await launchChromium();
}

/** Debian's headless Chromium with the flags every browser test uses. */
export function launchChromium() {
  return chromium.launch({
    executablePath: '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

/** Closes the browser and the server; `measurementsFile` keeps what the tests measured, added
 * to what other test files (each run in a process of its own) wrote there. */
export async function stopBrowser(measurementsFile) {
  if (measurementsFile) {
    const path = join(artifacts, measurementsFile);
    let earlier = {};
    try { if (existsSync(path)) earlier = JSON.parse(readFileSync(path, 'utf8')); } catch { /* rewritten below */ }
    writeFileSync(path, JSON.stringify({ ...earlier, ...measurements }, null, 2));
  }
  await browser?.close();
  server?.kill();
}

/** The launched browser, for tests that need a context of their own. */
export function theBrowser() {
  return browser;
}

/**
 * A fresh page (empty storage) with the default result on screen. `workers` fixes the pool's
 * size; `init` runs in the page before its own scripts (e.g. to block storage). Page errors go
 * to `page.errors`, dialogs (dismissed) to `page.dialogs`.
 */
export async function open(viewport = { width: 1280, height: 800 }, { workers, init } = {}) {
  const context = await browser.newContext({ viewport, deviceScaleFactor: 2 });
  if (workers !== undefined) {
    await context.addInitScript((k) => localStorage.setItem('funnel-lab.workers', String(k)), workers);
  }
  if (init) await context.addInitScript(init);
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.dialogs = [];
  page.on('dialog', (d) => { page.dialogs.push(d.message()); d.dismiss(); });
  page.consoleLines = [];
  page.on('console', (m) => page.consoleLines.push(`${m.type()}: ${m.text()}`));
  const t0 = Date.now();
  await page.goto(base);
  await page.waitForSelector('[data-testid=p-plan]', { timeout: 30_000 });
  // The page mounts the simulator in pieces and may show boot.js's first report at once
  // (docs/load.md): wait for the last piece and the exact line, as the first run brought both.
  await page.waitForSelector('html[data-mounted-all]', { state: 'attached', timeout: 30_000 });
  await page.waitForSelector('[data-testid=exact], [data-testid=exact-refused]', { state: 'attached', timeout: 30_000 });
  await waitIdle(page);
  page.firstResultMs = Date.now() - t0;
  page.errors = errors;
  return page;
}

export async function waitIdle(page, timeout = 60_000) {
  await page.waitForFunction(() => {
    const c = document.querySelector('[data-testid=cancel]');
    return c && c.disabled;
  }, null, { timeout });
}

export const pPlan = async (page) => Number(await page.getAttribute('[data-testid=p-plan]', 'data-value'));

export async function shot(page, name) {
  await page.screenshot({ path: join(artifacts, `${name}.png`), fullPage: true });
}

/** Types into a field and commits it (a change event), as a user leaving the field does. */
export async function setField(locator, value) {
  await locator.fill(String(value));
  await locator.press('Tab');
}


/** Share of a canvas's pixels that are not white, and how many colours it uses. */
export async function canvasInk(page, testid) {
  return page.evaluate((id) => {
    const c = document.querySelector(`[data-testid=${id}]`);
    if (!c || !c.width || !c.height) return { ink: 0, colours: 0, width: 0 };
    const data = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
    let ink = 0;
    const colours = new Set();
    for (let i = 0; i < data.length; i += 4) {
      if (data[i] < 240 || data[i + 1] < 240 || data[i + 2] < 240) ink++;
      if (i % 64 === 0) colours.add(`${data[i] >> 4},${data[i + 1] >> 4},${data[i + 2] >> 4}`);
    }
    return { ink: ink / (data.length / 4), colours: colours.size, width: c.getBoundingClientRect().width };
  }, testid);
}

