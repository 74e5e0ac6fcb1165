// Measures a cold first visit on Lighthouse's mobile profile (issue #20 item 5; docs/load.md):
// a gzip static server on 127.0.0.1, Chromium's own throttling through CDP (150 ms RTT,
// 1.6 Mbps down, 750 Kbps up, CPU 4× slower, applied to the page and to every worker it starts),
// an empty profile each load. Not part of the test suite (it times things):
//
//   node measure-load.mjs [dir=../../dist] [loads=5] [fast]
//
// Prints one JSON line per load and the medians: first contentful paint, largest contentful
// paint, when the root got `data-first-result`, when the page's own wasm had mounted (the
// static frame gone), the main thread's long tasks, and the bytes on the wire (gzip as served) of the requests that started
// before the first result, and in all by then.
import { createServer } from 'node:http';
import { readFileSync, existsSync, statSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { join, extname, resolve } from 'node:path';
import { chromium } from 'playwright-core';
import { here } from './harness.mjs';

const dir = resolve(process.argv[2] ?? join(here, '..', '..', 'dist'));
const loads = Number(process.argv[3] ?? 5);
const fast = process.argv[4] === 'fast';

const types = {
  '.html': 'text/html', '.js': 'application/javascript', '.mjs': 'application/javascript',
  '.css': 'text/css', '.wasm': 'application/wasm', '.json': 'application/json',
  '.svg': 'image/svg+xml', '.png': 'image/png', '.webmanifest': 'application/manifest+json',
};
const gz = new Map();
let log = [];
const server = createServer((req, res) => {
  let path = decodeURIComponent(new URL(req.url, 'http://x').pathname);
  if (path.endsWith('/')) path += 'index.html';
  const file = join(dir, path);
  if (!file.startsWith(dir) || !existsSync(file) || !statSync(file).isFile()) {
    res.writeHead(404); res.end(); return;
  }
  const type = types[extname(file)] ?? 'application/octet-stream';
  let body = readFileSync(file);
  const headers = { 'content-type': type, 'cache-control': 'no-cache' };
  if (type !== 'image/png' && /gzip/.test(req.headers['accept-encoding'] ?? '')) {
    if (!gz.has(file)) gz.set(file, gzipSync(body, { level: 9 }));
    body = gz.get(file);
    headers['content-encoding'] = 'gzip';
  }
  log.push({ at: Date.now(), path, bytes: body.length });
  res.writeHead(200, headers);
  res.end(body);
});
await new Promise((r) => server.listen(0, '127.0.0.1', r));
const base = `http://127.0.0.1:${server.address().port}/`;

const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium', headless: true,
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});

const network = { offline: false, latency: 150, downloadThroughput: 1638.4 * 1024 / 8, uploadThroughput: 750 * 1024 / 8 };

async function throttle(session) {
  if (fast) return;
  await session.send('Network.enable');
  await session.send('Network.emulateNetworkConditions', network);
  await session.send('Emulation.setCPUThrottlingRate', { rate: 4 });
}

async function once() {
  const context = await browser.newContext({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true });
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await throttle(cdp);
  await page.addInitScript(() => {
    window.__lcp = 0;
    window.__long = [];
    new PerformanceObserver((l) => { for (const e of l.getEntries()) window.__long.push([Math.round(e.startTime), Math.round(e.duration)]); })
      .observe({ type: 'longtask', buffered: true });
    new PerformanceObserver((l) => { for (const e of l.getEntries()) window.__lcp = e.startTime; })
      .observe({ type: 'largest-contentful-paint', buffered: true });
  });
  log = [];
  const t0 = Date.now();
  await page.goto(base, { waitUntil: 'commit' });
  await page.waitForFunction(() => document.documentElement.dataset.firstResult, null, { timeout: 120_000, polling: 50 });
  // Mounted: the Leptos app is there (the editor's trial field exists).
  await page.waitForSelector('[data-testid=trials]', { timeout: 120_000 });
  await page.waitForTimeout(500);
  const m = await page.evaluate(() => ({
    navStart: performance.timeOrigin,
    fcp: performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? null,
    lcp: window.__lcp,
    firstResult: Number(document.documentElement.dataset.firstResult),
    mounted: Number(document.documentElement.dataset.mounted ?? NaN),
    long: window.__long,
  }));
  const cut = m.navStart + m.firstResult;
  const before = log.filter((r) => r.at <= cut);
  const out = {
    fcp: Math.round(m.fcp), lcp: Math.round(m.lcp), first_result: m.firstResult,
    mounted: Number.isNaN(m.mounted) ? null : m.mounted,
    // Main-thread tasks over 50 ms after the first paint (as Total Blocking Time counts them,
    // up to 0.5 s after the page mounted): their blocking part, and the tasks [start, ms].
    blocking: m.long.filter(([t]) => t >= m.fcp).reduce((s, [, d]) => s + Math.max(0, d - 50), 0),
    long_tasks: JSON.stringify(m.long),
    kb_before_first_result: Math.round(before.reduce((s, r) => s + r.bytes, 0) / 1024),
    files_before_first_result: before.map((r) => r.path).join(' '),
    kb_total: Math.round(log.reduce((s, r) => s + r.bytes, 0) / 1024),
    wall_ms: Date.now() - t0,
  };
  await context.close();
  return out;
}

const median = (xs) => { const s = xs.filter((x) => x != null).sort((a, b) => a - b); return s.length ? s[Math.floor((s.length - 1) / 2)] : null; };
const runs = [];
for (let i = 0; i < loads; i++) {
  const r = await once();
  runs.push(r);
  console.log(JSON.stringify(r));
}
const keys = ['fcp', 'lcp', 'first_result', 'mounted', 'blocking', 'kb_before_first_result', 'kb_total'];
console.log(JSON.stringify({ dir, fast, loads, median: Object.fromEntries(keys.map((k) => [k, median(runs.map((r) => r[k]))])) }));
await browser.close();
server.close();
