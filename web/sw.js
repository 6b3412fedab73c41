// planforge's service worker: keeps the page, Pyodide and the wheels on this device, so a
// reload works offline and a later visit starts without the network.
//
// web/build.py writes BUILD (a digest of every file of the build) and FILES (each file's path
// and digest) into the copy in web/dist/. One cache per build: a new build installs a cache of
// its own, taking over every file whose digest did not change from the old one (Pyodide, most
// wheels) and fetching only the rest when first asked; the old cache is then deleted.
"use strict";

const BUILD = "__BUILD__";
const FILES = {}; // __FILES__
const CACHE = `planforge-${BUILD}`;
// the page itself, kept at install: the rest is kept as the page first downloads it
const SHELL = ["index.html", "app.js", "worker.js", "style.css", "wheels/wheels.json"];

function key(path) { return new URL(path, self.registration.scope).href; }
function pathOf(url) { return url.startsWith(self.registration.scope) ? url.slice(self.registration.scope.length) : null; }

self.addEventListener("install", (event) => {
  event.waitUntil((async () => {
    const cache = await caches.open(CACHE);
    // unchanged files come over from the cache of an earlier build
    for (const name of await caches.keys()) {
      if (name === CACHE || !name.startsWith("planforge-")) continue;
      const old = await caches.open(name);
      for (const request of await old.keys()) {
        const path = pathOf(request.url);
        const response = path === null ? null : await old.match(request);
        if (response && FILES[path] && response.headers.get("x-planforge-digest") === FILES[path]) {
          await cache.put(request, response);
        }
      }
    }
    await Promise.all(SHELL.map(async (path) => {
      const response = await fetch(key(path), { cache: "no-cache" });
      if (!response.ok) throw new Error(`${path}: ${response.status}`);
      await cache.put(key(path), await stamped(response, path));
    }));
    await self.skipWaiting();
  })());
});

self.addEventListener("activate", (event) => {
  event.waitUntil((async () => {
    for (const name of await caches.keys()) {
      if (name !== CACHE && name.startsWith("planforge-")) await caches.delete(name);
    }
    await self.clients.claim();
  })());
});

// a copy of the response, marked with the digest of the build's file it holds
async function stamped(response, path) {
  const headers = new Headers(response.headers);
  headers.set("x-planforge-digest", FILES[path] || "");
  return new Response(await response.blob(), { status: response.status, statusText: response.statusText, headers });
}

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET") return;
  let path = pathOf(request.url.split("#")[0]);
  if (path === null) return;
  path = path.split("?")[0];
  if (path === "") path = "index.html";
  if (request.mode === "navigate") path = "index.html";
  if (!(path in FILES)) return;
  event.respondWith((async () => {
    const cache = await caches.open(CACHE);
    const kept = await cache.match(key(path));
    if (kept) return kept;
    const response = await fetch(request);
    if (response.status === 200) event.waitUntil(stamped(response.clone(), path).then((copy) => cache.put(key(path), copy)));
    return response;
  })());
});
