// The panel's service worker: the shell (HTML, CSS, scripts, icons) from a cache so the panel opens offline; every
// API call goes to the network and is never cached (it carries account data).
const CACHE = 'smtpy-panel-v1';
const SHELL = ['./', 'index.html', 'app.css', 'app.js', 'api.js', 'ui.js', 'icon.svg', 'manifest.webmanifest'];

self.addEventListener('install', event => {
    event.waitUntil(caches.open(CACHE).then(cache => cache.addAll(SHELL)).then(() => self.skipWaiting()));
});

self.addEventListener('activate', event => {
    event.waitUntil(caches.keys()
        .then(names => Promise.all(names.filter(name => name !== CACHE).map(name => caches.delete(name))))
        .then(() => self.clients.claim()));
});

self.addEventListener('fetch', event => {
    const url = new URL(event.request.url);
    const panel = new URL('./', self.registration.scope).pathname;
    if (event.request.method !== 'GET' || url.origin !== self.location.origin || !url.pathname.startsWith(panel)) {
        return; // the API and anything else: straight to the network, never cached
    }
    // Network first (a fresh panel after an upgrade), the cache when offline.
    event.respondWith(fetch(event.request)
        .then(response => {
            if (response.ok) {
                const copy = response.clone();
                caches.open(CACHE).then(cache => cache.put(event.request, copy));
            }
            return response;
        })
        .catch(() => caches.match(event.request).then(hit => hit || caches.match('index.html'))));
});
