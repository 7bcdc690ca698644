// Qabul's service worker: it keeps the app shell so that the app opens with no network.
//
// The build fills in BUILD, PRECACHE and LAZY; the cache's name carries the build, so a new
// build installs beside the old one, waits, and takes over only when the page asks it to
// (never in the middle of an interview). Answers are in IndexedDB, which this worker never
// touches.
const BUILD = '__QABUL_BUILD__';
const PRECACHE = __QABUL_PRECACHE__;
// The encryption module: not in a first load (a phone may never need it). The page asks every
// worker it has (active, waiting, installing) to keep it once it has used it; from then on
// every new build keeps its own at install, or at the latest when it takes over.
const LAZY = __QABUL_LAZY__;
const CACHE = `qabul-shell-${BUILD}`;
const SHELL = '/';

self.addEventListener('install', (event) => {
  event.waitUntil((async () => {
    const cache = await caches.open(CACHE);
    // Through the HTTP cache: the page has just fetched the hashed files (immutable), so on a
    // 2G line they are not paid for twice; the rest is `no-cache` and is revalidated.
    await cache.addAll(PRECACHE);
    if (await keptEncryption()) await cache.addAll(LAZY);
  })());
});

/** Whether an earlier build's cache kept its encryption module: this phone uses it. */
async function keptEncryption() {
  for (const name of await caches.keys()) {
    if (name.startsWith('qabul-shell-') && name !== CACHE && (await holdsEncryption(name))) return true;
  }
  return false;
}

async function holdsEncryption(name) {
  const requests = await (await caches.open(name)).keys();
  return requests.some((r) => new URL(r.url).pathname.startsWith('/qabul-seal'));
}

self.addEventListener('activate', (event) => {
  event.waitUntil(
    caches
      .keys()
      // A phone that kept an older build's encryption module must have this build's before the
      // older one goes; if it cannot be fetched now (offline), the page will ask again.
      .then(async (names) => {
        if (!(await holdsEncryption(CACHE)) && (await keptEncryption())) {
          await caches.open(CACHE).then((cache) => cache.addAll(LAZY)).catch(() => {});
        }
        return names;
      })
      .then((names) => Promise.all(names.filter((n) => n.startsWith('qabul-shell-') && n !== CACHE).map((n) => caches.delete(n))))
      .then(() => self.clients.claim()),
  );
});

self.addEventListener('message', (event) => {
  if (event.data && event.data.type === 'qabul-apply-update') self.skipWaiting();
  if (event.data && event.data.type === 'qabul-build' && event.ports[0]) event.ports[0].postMessage(BUILD);
  if (event.data && event.data.type === 'qabul-keep-seal') {
    event.waitUntil(caches.open(CACHE).then((cache) => cache.addAll(LAZY)));
  }
});

self.addEventListener('fetch', (event) => {
  const request = event.request;
  if (request.method !== 'GET') return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin || url.pathname.startsWith('/api/') || url.pathname === '/healthz') return;
  // The supervisor's pages are a module of their own, online only: the network serves them.
  if (url.pathname === '/review' || url.pathname.startsWith('/review/')) return;
  if (request.mode === 'navigate') {
    // Every route of the app is the same shell: answer from the cache at once, so that a
    // phone with a weak signal does not wait for a network that may never answer.
    event.respondWith(caches.open(CACHE).then((cache) => cache.match(SHELL)).then((hit) => hit || fetch(request)));
    return;
  }
  event.respondWith(caches.open(CACHE).then((cache) => cache.match(url.pathname)).then((hit) => hit || fetch(request)));
});
