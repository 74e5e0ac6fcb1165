// Runs before the first paint (a classic script in the head, a file so the page's
// Content-Security-Policy can forbid inline scripts). It sets what the static first view in
// index.html may show, by attributes on the root that style/main.css reads:
// - `lang`: the saved language, so the frame is drawn in it (the app sets it again);
// - `data-first-view`: `fresh` on the simulator when nothing is saved — the only visit for
//   which the default scenario's numbers computed at build time are shown. A saved scenario,
//   a share link or any other page gets the frame without numbers (`frame`) until the app's
//   own first result arrives (boot.js) — never the default's numbers for a scenario the user
//   did not open.
(() => {
  const root = document.documentElement;
  let lang = null;
  let saved = true;
  try {
    lang = localStorage.getItem('funnel-lab.lang');
    saved = localStorage.getItem('funnel-lab.scenario') !== null;
  } catch {
    // Storage refused: the app cannot have saved anything either, but say nothing precomputed.
  }
  if (lang === 'en') root.lang = 'en';
  // The simulator's routes, as src/ui/route.rs reads them: an empty hash, `#` or `#/`.
  const hash = location.hash;
  const simulator = hash === '' || hash === '#' || hash === '#/';
  root.dataset.firstView = simulator && !saved ? 'fresh' : 'frame';
})();
