// The page's main-thread work on a cold first visit, counted in CPU time (issue #20 item 5;
// docs/load.md). Lighthouse's Total Blocking Time multiplies each main-thread task's wall time
// by 4 (its phone) and sums what passes 50 ms; on a VM shared with builds the wall times swell
// with the machine's load. A Chromium trace also gives each task's *thread* time (`tdur`, the
// CPU the main thread spent on it), which the load barely moves. This script records that trace
// and reports, from the first contentful paint until the page is quiet:
//   - blocking: Σ max(0, 4 × thread time − 50 ms) over the renderer main thread's tasks (the
//     same sum Lighthouse makes, on CPU time instead of wall time);
//   - the longest tasks (thread ms at 1×) and what was inside them.
// Not part of the test suite (it times things). Compare two builds by alternating them:
//
//   node measure-tbt.mjs URL [URL2 ...] [--loads N]
//
// Each URL is an app served gzipped (e.g. `funnel-lab serve --addr 127.0.0.1:PORT`). The network
// is throttled like Lighthouse's mobile profile (150 ms RTT, 1.6 Mbps); the CPU is not (the
// multiplication by 4 stands in for it, as in Lighthouse's simulation).
import { chromium } from 'playwright-core';

const args = process.argv.slice(2);
const at = args.indexOf('--loads');
const loads = at >= 0 ? Number(args[at + 1]) : 3;
const urls = args.filter((a, i) => !a.startsWith('--') && (at < 0 || i !== at + 1));
if (urls.length === 0) {
  console.error('usage: node measure-tbt.mjs URL [URL2 ...] [--loads N]');
  process.exit(2);
}

const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox'] });

async function load(url) {
  const context = await browser.newContext({ viewport: { width: 412, height: 823 }, deviceScaleFactor: 1.75, isMobile: true, hasTouch: true });
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.emulateNetworkConditions', {
    offline: false, latency: 150, downloadThroughput: 1638.4 * 1024 / 8, uploadThroughput: 750 * 1024 / 8,
  });
  const events = [];
  cdp.on('Tracing.dataCollected', (e) => events.push(...e.value));
  const done = new Promise((r) => cdp.once('Tracing.tracingComplete', r));
  await cdp.send('Tracing.start', {
    traceConfig: {
      recordMode: 'recordContinuously',
      includedCategories: ['devtools.timeline', 'disabled-by-default-devtools.timeline', 'v8', 'v8.execute', 'loading', 'blink.user_timing', '__metadata'],
    },
    transferMode: 'ReportEvents',
  });
  await page.goto(url, { waitUntil: 'commit' });
  await page.waitForFunction(() => document.documentElement.hasAttribute('data-mounted-all'), null, { timeout: 120_000 });
  await page.waitForTimeout(3000); // the page goes quiet (the exact line, late pieces)
  await cdp.send('Tracing.end');
  await done;
  await context.close();

  // The page's renderer main thread: the one whose FCP mark is there.
  const fcp = events.find((e) => e.name === 'firstContentfulPaint');
  const main = events.find((e) => e.name === 'thread_name' && e.args?.name === 'CrRendererMain' && e.pid === fcp?.pid);
  if (!fcp || !main) return { error: 'no FCP or main thread in the trace' };
  const tasks = events.filter((e) => e.pid === main.pid && e.tid === main.tid && e.ph === 'X' && e.name === 'RunTask' && e.tdur !== undefined);
  const inside = (t) => {
    const kids = events.filter((e) => e.pid === t.pid && e.tid === t.tid && e.ph === 'X' && e !== t && e.ts >= t.ts && e.ts < t.ts + t.dur && (e.tdur ?? 0) > 1000);
    const by = new Map();
    for (const k of kids) by.set(k.name, (by.get(k.name) ?? 0) + k.tdur / 1000);
    return [...by].sort((a, b) => b[1] - a[1]).slice(0, 4).map(([n, ms]) => `${n} ${ms.toFixed(0)}`).join(', ');
  };
  const after = tasks.filter((t) => t.ts >= fcp.ts);
  const blocking = after.reduce((s, t) => s + Math.max(0, 4 * t.tdur / 1000 - 50), 0);
  const busy = after.reduce((s, t) => s + t.tdur / 1000, 0);
  const longest = [...after].sort((a, b) => b.tdur - a.tdur).slice(0, 5)
    .map((t) => ({ ms: +(t.tdur / 1000).toFixed(1), at: Math.round((t.ts - fcp.ts) / 1000), inside: inside(t) }));
  return { blocking: Math.round(blocking), busy: Math.round(busy), tasks_over_12ms: after.filter((t) => t.tdur > 12500).length, longest };
}

const all = new Map(urls.map((u) => [u, []]));
for (let i = 0; i < loads; i++) {
  for (const url of urls) {
    const r = await load(url);
    all.get(url).push(r);
    console.log(JSON.stringify({ url, load: i + 1, ...r }));
  }
}
const median = (xs) => { const s = [...xs].sort((a, b) => a - b); return s[Math.floor((s.length - 1) / 2)]; };
for (const [url, rs] of all) {
  const ok = rs.filter((r) => !r.error);
  console.log(JSON.stringify({ url, loads: ok.length, blocking_median: median(ok.map((r) => r.blocking)), blocking: ok.map((r) => r.blocking), busy_median: median(ok.map((r) => r.busy)) }));
}
await browser.close();
