// thidua's service worker, served at /sw.js with its settings in front (self.THIDUA:
// version, shell, offline, pages, userHeader; thidua/core/offline.py).
//
// - The application's files (the shell) are kept at install, one cache per version;
//   other static files are kept the first time they are fetched.
// - Pages: the network first; a page of the signed-in user's own list (offline/pages.json)
//   is kept as it comes, and answered from the cache when the network fails. A page that
//   was not kept answers the "offline" page.
// - Whose pages the cache holds is the X-Thidua-User header of every page: when it
//   changes (another officer signs in, or nobody is signed in), every kept page is
//   dropped before anything else is kept, so that a shared device never shows one
//   officer's pages to another.
// - The API and every write go to the network only: what is entered offline waits in
//   offline.js's outbox, not here.
"use strict";

var CFG = self.THIDUA;
var SHELL_CACHE = "thidua-shell-" + CFG.version;
var STATIC_CACHE = "thidua-static";
var PAGES_CACHE = "thidua-pages";
var META_CACHE = "thidua-meta";
var META_USER = "/__thidua/user";
var META_LIST = "/__thidua/pages";

self.addEventListener("install", function (event) {
  event.waitUntil(
    caches.open(SHELL_CACHE).then(function (cache) {
      return cache.addAll(CFG.shell.concat([CFG.offline]));
    }).then(function () { return self.skipWaiting(); })
  );
});

self.addEventListener("activate", function (event) {
  event.waitUntil(
    caches.keys().then(function (names) {
      return Promise.all(names.filter(function (n) {
        return n.indexOf("thidua-shell-") === 0 && n !== SHELL_CACHE;
      }).map(function (n) { return caches.delete(n); }));
    }).then(function () { return self.clients.claim(); })
  );
});

function readMeta(key) {
  return caches.open(META_CACHE).then(function (cache) {
    return cache.match(key);
  }).then(function (r) { return r ? r.json() : null; });
}

function writeMeta(key, value) {
  return caches.open(META_CACHE).then(function (cache) {
    return cache.put(key, new Response(JSON.stringify(value), {
      headers: { "Content-Type": "application/json" },
    }));
  });
}

// Every change to the kept pages, one after another: a page's answer and the keeping of
// the list must not interleave (one dropping what the other just kept).
var queue = Promise.resolve();
function serially(work) {
  var run = queue.then(work, work);
  queue = run.catch(function () {});
  return run;
}

// Drop every kept page and the list of them.
function forgetPages() {
  return Promise.all([caches.delete(PAGES_CACHE), caches.delete(META_CACHE)]);
}

// The user a page was served to: kept pages of anyone else are dropped first.
function noteUser(token) {
  return readMeta(META_USER).then(function (known) {
    if (known !== null && known === token) return false;
    return forgetPages().then(function () {
      return token ? writeMeta(META_USER, token) : null;
    }).then(function () { return true; });
  });
}

function pathOf(url) {
  var u = new URL(url);
  return u.pathname + u.search;
}

function isListed(url) {
  return readMeta(META_LIST).then(function (list) {
    return !!list && list.pages.indexOf(pathOf(url)) !== -1;
  });
}

// Fetch the user's list of pages and keep each one (the page's own fetch, with the
// user's cookies). Called by offline.js on every page load while online.
function keepPages() {
  return serially(keepPagesNow);
}

// How often the pages already kept are fetched again; a page the officer opens online is
// kept afresh anyway (the network first), and a page not yet kept is fetched at once.
var REFRESH_MS = 15 * 60 * 1000;

// The worker's own fetches: never from the HTTP cache, never following a redirect, and
// marked so that their answers set no cookie (core/offline.py).
function keeping() {
  var headers = {};
  headers[CFG.keepHeader] = "1";
  return { credentials: "same-origin", cache: "no-store", redirect: "manual", headers: headers };
}

function keepPagesNow() {
  return fetch(CFG.pages, keeping()).then(function (r) {
    if (!r.ok) return forgetPages().then(function () { return null; });
    return r.json();
  }).then(function (body) {
    if (!body) return { kept: 0 };
    var cache = null;
    var refresh = false;
    return noteUser(body.user).then(function () {
      return readMeta(META_LIST);
    }).then(function (known) {
      refresh = !known || !known.at || Date.now() - known.at > REFRESH_MS;
      return writeMeta(META_LIST, { pages: body.pages, at: refresh ? Date.now() : known.at });
    }).then(function () {
      return caches.open(PAGES_CACHE);
    }).then(function (opened) {
      cache = opened;
      return cache.keys();
    }).then(function (keys) {
      var have = keys.map(function (k) { return pathOf(k.url); });
      var wanted = body.pages.filter(function (p) { return refresh || have.indexOf(p) === -1; });
      // Pages no longer listed (a report sent, a task done) are dropped.
      keys.forEach(function (k) {
        if (body.pages.indexOf(pathOf(k.url)) === -1) cache.delete(k);
      });
      // One page after another: a weak link is not flooded. A redirect (signed out
      // meanwhile) or another user's page ends the round: nothing more is asked, so the
      // sign-in page a redirect leads to never resets the cookies of the one being used.
      var kept = 0;
      var stop = false;
      return wanted.reduce(function (chain, path) {
        return chain.then(function () {
          if (stop) return null;
          return fetch(path, keeping()).then(function (r) {
            if (r.ok && r.headers.get(CFG.userHeader) === body.user) {
              kept += 1;
              return cache.put(path, r);
            }
            stop = true;
            return null;
          }).catch(function () { stop = true; });
        });
      }, Promise.resolve()).then(function () { return { kept: kept }; });
    });
  });
}

function page(request, event) {
  return fetch(request).then(function (response) {
    var token = response.headers.get(CFG.userHeader);
    if (token === null) return response;
    var copy = response.clone();
    event.waitUntil(serially(function () {
      return noteUser(token).then(function () {
        if (!token || !response.ok || response.redirected) return null;
        return isListed(request.url).then(function (listed) {
          if (!listed) return null;
          return caches.open(PAGES_CACHE).then(function (cache) {
            return cache.put(pathOf(request.url), copy);
          });
        });
      });
    }));
    return response;
  }).catch(function () {
    return caches.open(PAGES_CACHE).then(function (cache) {
      var path = pathOf(request.url);
      // Pages vary by cookie and language: the one kept is the user's own, whatever
      // headers this request carries.
      return cache.match(path, { ignoreVary: true }).then(function (hit) {
        // A fill page asked without its unit: the one kept for the user's unit.
        return hit || cache.match(new URL(path, self.location.origin).pathname, {
          ignoreSearch: true,
          ignoreVary: true,
        });
      });
    }).then(function (hit) {
      return hit || caches.match(CFG.offline, { ignoreVary: true });
    });
  });
}

function asset(request) {
  return caches.match(request, { ignoreVary: true }).then(function (hit) {
    if (hit) return hit;
    return fetch(request).then(function (response) {
      if (response.ok) {
        var copy = response.clone();
        caches.open(STATIC_CACHE).then(function (cache) { cache.put(request, copy); });
      }
      return response;
    });
  });
}

self.addEventListener("fetch", function (event) {
  var request = event.request;
  if (request.method !== "GET") return;
  var url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (request.mode === "navigate") {
    event.respondWith(page(request, event));
  } else if (url.pathname.indexOf("/static/") === 0) {
    event.respondWith(asset(request));
  }
});

self.addEventListener("message", function (event) {
  var data = event.data || {};
  var reply = event.ports && event.ports[0];
  var done = function (value) { if (reply) reply.postMessage(value || {}); };
  if (data.type === "keep") {
    event.waitUntil(keepPages().then(done, function () { done({ kept: 0 }); }));
  } else if (data.type === "forget") {
    event.waitUntil(serially(function () {
      return forgetPages().then(function () { return caches.delete(STATIC_CACHE); });
    }).then(function () { done({ forgotten: true }); }));
  }
});
