// Starts the app from a file rather than an inline script, so the Content-Security-Policy in
// index.html can forbid inline scripts. Trunk writes the hashed names of the app's JS and wasm
// into this tag's data attributes (Trunk.toml, pattern_script).
//
// The simulation workers start first, so they fetch and compile their wasm while the page's own
// compiles (the first result came ~0.3 s later when the page started them after mounting). The
// page adopts them (src/app/bridge.rs, `take_early`) with whatever they said meanwhile; if it
// wants fewer, it stops the rest, and it starts any more itself. The count follows the rule of
// `runner::pool_size` (the stored choice, 1..=16, else one per core up to 4); where the two read a
// stored value differently ("3.0"), that mismatch is all it costs.
window.funnelLabWorkers = [];
try {
  const stored = Number(localStorage.getItem('funnel-lab.workers'));
  const count = Number.isInteger(stored) && stored >= 1 && stored <= 16
    ? stored
    : Math.min(Math.max(navigator.hardwareConcurrency || 1, 1), 4);
  // The same shim the page writes: a module that imports the worker's bindings and starts them.
  const src = new URL('./worker.js', location.href).href;
  const shim = URL.createObjectURL(
    new Blob([`import init from '${src}';await init();`], { type: 'application/javascript' }));
  for (let i = 0; i < count; i++) {
    const worker = new Worker(shim, { type: 'module' });
    const heard = [];
    worker.onmessage = (e) => heard.push({ data: e.data });
    worker.onerror = (e) => { e.preventDefault(); heard.push({ error: e.message || 'error' }); };
    worker.onmessageerror = () => heard.push({ error: 'a message could not be read' });
    window.funnelLabWorkers.push({ worker, heard });
  }
} catch (e) {
  // Storage refused or workers unavailable: the page starts its workers itself.
  console.warn('workers not started early:', e);
}
const tag = document.querySelector('script[data-app-js]');
const { default: init } = await import(tag.dataset.appJs);
await init({ module_or_path: tag.dataset.appWasm });
