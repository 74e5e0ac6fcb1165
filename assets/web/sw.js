// Funnel Lab's service worker: network first, cache as the fallback, so the app always runs the
// newest build when online and still opens offline once it has been loaded. The page itself fills
// the cache after its first load (see index.html), since the files it loaded before this worker
// took control never passed through it.
const CACHE = 'funnel-lab';

self.addEventListener('install', () => self.skipWaiting());
self.addEventListener('activate', (event) => event.waitUntil(self.clients.claim()));

self.addEventListener('fetch', (event) => {
  const request = event.request;
  if (request.method !== 'GET' || !request.url.startsWith(self.location.origin)) return;
  // Rooms (`funnel-lab serve`'s /api/) are live state, some of it the trainer's: never cached.
  if (new URL(request.url).pathname.startsWith('/api/')) return;
  event.respondWith((async () => {
    const cache = await caches.open(CACHE);
    try {
      const response = await fetch(request);
      if (response.ok) await cache.put(request, response.clone());
      return response;
    } catch (offline) {
      const hit = await cache.match(request, { ignoreSearch: true });
      if (hit) return hit;
      throw offline;
    }
  })());
});
