// Offline once loaded: register the service worker, then put everything this page and its
// simulation worker loaded into its cache (those requests came before it took control), with
// the install files (manifest, icons) that the browser fetches on its own.
if ('serviceWorker' in navigator && 'caches' in window) {
  navigator.serviceWorker.register('./sw.js').catch(() => {});
  window.addEventListener('load', () => setTimeout(async () => {
    try {
      // Absolute URLs, so one file named two ways is cached once (addAll refuses duplicates).
      const urls = performance.getEntriesByType('resource').map((e) => e.name)
        .concat([location.pathname, './worker.js', './worker_bg.wasm', './manifest.webmanifest',
          './icons/icon-192.png', './icons/icon-512.png', './icons/icon.svg'])
        .map((u) => new URL(u, location.href))
        .filter((u) => u.origin === location.origin)
        .map((u) => u.origin + u.pathname);
      const cache = await caches.open('funnel-lab');
      await cache.addAll([...new Set(urls)]);
      document.documentElement.dataset.offlineReady = 'true';
    } catch (e) {
      console.warn('offline cache not filled; the app still works online:', e);
    }
  }, 500));
}
