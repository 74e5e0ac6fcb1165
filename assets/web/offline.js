// Offline once loaded: register the service worker, then put everything this page and its
// simulation workers loaded into its cache (those requests came before it took control), with
// the install files (manifest, icons) that the browser fetches on its own. The cache is filled
// after the first result is on screen (the root's data-first-result) and the app has mounted
// (data-mounted, boot.js: the page's wasm is fetched after the first result), so its downloads
// never compete with the first view; after 20 s it is filled anyway. The service
// worker is registered then too: starting it costs a core while the first run needs both. If
// the registration fails, the cache is not filled and a warning says so; the app works online.
if ('serviceWorker' in navigator && 'caches' in window) {
  const fill = async () => {
    try {
      await navigator.serviceWorker.register('./sw.js');
      // Absolute URLs, so one file named two ways is cached once (addAll refuses duplicates).
      const urls = performance.getEntriesByType('resource').map((e) => e.name)
        .concat([location.pathname, './worker.js', './worker_bg.wasm', './manifest.webmanifest',
          ...['appJs', 'appWasm'].map((k) => document.querySelector('script[data-app-js]')?.dataset[k])
            .filter(Boolean),
          './icons/icon-192.png', './icons/icon-512.png', './icons/icon.svg'])
        .map((u) => new URL(u, location.href))
        // Not the rooms' API (`funnel-lab serve`'s /api/): a call made before the fill (a room
        // opened, its votes fetched) is in the entries, and addAll would GET it and fail.
        .filter((u) => u.origin === location.origin && !u.pathname.startsWith('/api/'))
        .map((u) => u.origin + u.pathname);
      const cache = await caches.open('funnel-lab');
      await cache.addAll([...new Set(urls)]);
      document.documentElement.dataset.offlineReady = 'true';
    } catch (e) {
      console.warn('offline cache not filled; the app still works online:', e);
    }
  };
  const root = document.documentElement;
  let started = false;
  const once = () => {
    if (started) return;
    started = true;
    watch.disconnect();
    // A moment for the result to be drawn first.
    setTimeout(fill, 200);
  };
  const ready = () => root.dataset.firstResult && root.dataset.mounted;
  const watch = new MutationObserver(() => { if (ready()) once(); });
  watch.observe(root, { attributes: true, attributeFilter: ['data-first-result', 'data-mounted'] });
  if (ready()) once();
  setTimeout(once, 20_000);
}
