// Starts the app from a file rather than an inline script, so the Content-Security-Policy in
// index.html can forbid inline scripts. Trunk writes the hashed names of the app's JS and wasm
// into this tag's data attributes (Trunk.toml, pattern_script).
//
// The first view comes before the page's own wasm (issue #20 item 5, docs/load.md):
// 1. The simulation workers start first. Their wasm is fetched and compiled once, by the first
//    worker on its own thread (compiling on the page's thread held it for 85–160 ms on a
//    phone), which posts the compiled module back; it is posted on to the others (one
//    download, one compile, however many workers).
// 2. On the simulator, the first worker runs the scenario actually open — the saved one, else
//    the default the page was built with (index.html's data block) — at the page's default
//    trials and seed, and its report fills the static frame: the app's own first result, by
//    the same engine and the same worker the page then uses (`data-first-result` on the root).
// 3. Only then is the page's wasm fetched (on a phone it would otherwise share the line with
//    the worker's), and once the app has built its first screen it removes the static frame.
// A share link or another page skips 2: the page loads at once and computes as before.
//
// The page adopts the workers (src/app/pool/bridge.rs, `take_early`) with whatever they said
// meanwhile, except the answers to the run asked here (its id is BOOT_RUN), which stay here; if
// it wants fewer, it stops the rest, and it starts any more itself. The count follows the rule
// of `runner::pool_size` (the stored choice, 1..=16, else one per core up to 4); where the two
// read a stored value differently ("3.0"), that mismatch is all it costs.
const BOOT_RUN = 2 ** 52; // above every id the scheduler gives (runs from 1, side jobs from 2^49)
const root = document.documentElement;
window.funnelLabWorkers = [];

/** Fills the static frame's slots with a report the first worker wrote (the page's own
 * formats: src/app/editor/results.rs, src/words/format.rs). */
function showReport(r) {
  // Russian writes a decimal comma (words::format::Numbers).
  const percent = (p, comma) => `${(p * 100).toFixed(1)}%`.replace('.', comma ? ',' : '.');
  const decimal = (x, comma) => x.toFixed(1).replace('.', comma ? ',' : '.');
  const grouped = (x, sep) => {
    if (!Number.isFinite(x)) return '—';
    const rounded = Math.round(x);
    const digits = Math.abs(rounded).toFixed(0);
    let out = rounded < 0 ? '-' : '';
    for (let i = 0; i < digits.length; i++) {
      if (i > 0 && (digits.length - i) % 3 === 0) out += sep;
      out += digits[i];
    }
    return out;
  };
  const span = (cls, text) => { const s = document.createElement('span'); s.className = cls; s.textContent = text; return s; };
  const both = (f) => [span('ru', f('\u202f')), span('en', f(','))];
  const money = (x) => both((sep) => `${grouped(x, sep)} ${r.currency}`);
  const q = (sep) => [r.revenue.p10, r.revenue.p50, r.revenue.p90].map((x) => grouped(x, sep)).join(' / ');
  const slots = {
    p_plan: [span('ru', percent(r.p_plan, true)), span('en', percent(r.p_plan, false))],
    p_plan_se: [span('ru', `± ${percent(r.p_plan_se, true)}`), span('en', `± ${percent(r.p_plan_se, false)}`)],
    plan: money(r.plan),
    trials: both((sep) => grouped(r.trials, sep)),
    days: [String(r.horizon_days)],
    quantiles: both(q),
    mean: money(r.revenue.mean),
    wins: [span('ru', decimal(r.wins.mean, true)), span('en', decimal(r.wins.mean, false))],
    losses: [span('ru', decimal(r.losses.mean, true)), span('en', decimal(r.losses.mean, false))],
  };
  for (const [key, parts] of Object.entries(slots)) {
    document.querySelector(`#first-view [data-fv=${key}]`)?.replaceChildren(...parts);
  }
  root.dataset.firstView = 'live';
}

/** The scenario the simulator will open and the run settings, or null when the first view is
 * not the simulator's (a share link, another page) or the page has no data block. */
function openScenario() {
  const data = document.getElementById('first-view-data');
  if (!data || !['', '#', '#/'].includes(location.hash)) return null;
  try {
    const { scenario, config } = JSON.parse(data.textContent);
    return { scenario: savedScenario() ?? scenario, config };
  } catch {
    return null;
  }
}

function savedScenario() {
  try {
    return localStorage.getItem('funnel-lab.scenario');
  } catch {
    return null;
  }
}

/** Runs `job` on `entry`'s worker; resolves with the report, or null if it did not finish.
 * The answer, as the worker said it, is kept for the page (`funnelLabFirst`, read by
 * src/app/pool/bridge.rs `take_first_run`): when the page opens this very scenario with these
 * settings, it shows this report instead of playing the same trials again. */
function firstRun(entry, job) {
  return new Promise((resolve) => {
    const post = (req) => entry.worker.postMessage(JSON.stringify({ ProcessInput: [0, req] }));
    entry.mine = (response, text) => {
      const [kind, body] = Object.entries(response)[0] ?? [];
      if (kind === 'Progress') {
        post({ Continue: { id: BOOT_RUN } });
      } else {
        entry.mine = null;
        if (kind === 'Done') {
          window.funnelLabFirst = { scenario: job.scenario, config: JSON.stringify(job.config), answer: text };
        }
        resolve(kind === 'Done' ? body.report : null);
      }
    };
    entry.loaded.then((ok) => {
      if (!ok) { entry.mine = null; resolve(null); return; }
      entry.worker.postMessage(JSON.stringify({ Connected: 0 }));
      post({ Run: { id: BOOT_RUN, scenario: job.scenario, config: job.config } });
    });
  });
}

let job = null;
try {
  job = openScenario();
  const stored = Number(localStorage.getItem('funnel-lab.workers'));
  const count = Number.isInteger(stored) && stored >= 1 && stored <= 16
    ? stored
    : Math.min(Math.max(navigator.hardwareConcurrency || 1, 1), 4);
  // The shim: a module that imports the worker's bindings and starts them with what the page
  // posts first (gloo-worker then listens for the rest): a compiled module, or the wasm's
  // address, which this worker compiles itself and posts back as { funnelLabModule } (null if
  // that failed: then each worker fetches its own, the bindings' init with no module).
  const src = new URL('./worker.js', location.href).href;
  const wasm = new URL('./worker_bg.wasm', location.href).href;
  const shim = URL.createObjectURL(new Blob([
    `import init from '${src}';
addEventListener('message', async (e) => {
  let m = e.data;
  if (typeof m === 'string') {
    const url = m;
    try { m = await WebAssembly.compileStreaming(fetch(url)); } catch {
      try { m = await WebAssembly.compile(await (await fetch(url)).arrayBuffer()); } catch { m = null; }
    }
    postMessage({ funnelLabModule: m });
  }
  init({ module_or_path: m ?? undefined });
}, { once: true });`,
  ], { type: 'application/javascript' }));
  let shared;
  const module = new Promise((r) => { shared = r; });
  for (let i = 0; i < count; i++) {
    const worker = new Worker(shim, { type: 'module' });
    const heard = [];
    const entry = { worker, heard, mine: null };
    let loaded;
    entry.loaded = new Promise((r) => { loaded = r; });
    worker.onmessage = (e) => {
      if (typeof e.data !== 'string') return; // the compiled module, heard below
      if (e.data === '"WorkerLoaded"') loaded(true);
      if (entry.mine) {
        try {
          const msg = JSON.parse(e.data);
          const response = msg.ProcessOutput?.[1];
          const body = response && typeof response === 'object' ? Object.values(response)[0] : null;
          if (body && body.id === BOOT_RUN) { entry.mine(response, e.data); return; }
        } catch { /* not ours: the page reads it */ }
      }
      heard.push({ data: e.data });
    };
    worker.onerror = (e) => { e.preventDefault(); loaded(false); heard.push({ error: e.message || 'error' }); };
    worker.onmessageerror = () => { loaded(false); heard.push({ error: 'a message could not be read' }); };
    window.funnelLabWorkers.push(entry);
    if (i === 0) {
      // A listener, not onmessage: it must still hear the module once the page has adopted
      // this worker and set its own onmessage (the page ignores messages that are not text).
      worker.addEventListener('message', (e) => {
        if (e.data && typeof e.data === 'object' && 'funnelLabModule' in e.data) shared(e.data.funnelLabModule);
      });
      worker.addEventListener('error', () => shared(null), { once: true });
      worker.postMessage(wasm);
    } else {
      module.then((m) => worker.postMessage(m ?? undefined));
    }
  }
} catch (e) {
  // Storage refused or workers unavailable: the page starts its workers itself.
  console.warn('workers not started early:', e);
}

// The page waits for the first result, but not for ever: a worker that neither loads nor
// fails would otherwise keep the app away.
if (job && window.funnelLabWorkers.length > 0) {
  const report = await Promise.race([
    firstRun(window.funnelLabWorkers[0], job),
    new Promise((r) => setTimeout(() => r(null), 10_000)),
  ]);
  if (report) {
    showReport(report);
    root.setAttribute('data-first-result', performance.now().toFixed(0));
  }
}
const tag = document.querySelector('script[data-app-js]');
const { default: init } = await import(tag.dataset.appJs);
await init({ module_or_path: tag.dataset.appWasm });
// The app removes the static frame itself once its first screen is built (src/app/mod.rs,
// `show_app`: on the simulator a few tasks after this one, so no single task builds it all).
// offline.js fills its cache once the app is here too (its files were fetched just now).
root.setAttribute('data-mounted', performance.now().toFixed(0));
