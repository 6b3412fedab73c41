// planforge's Python, off the page's main thread: this worker downloads Pyodide and the wheels
// (counting the bytes, so the page shows real progress), starts Python, unpacks the wheels and
// answers the page's calls of planforge.web, one message each. The page never blocks on Python.
//
// page -> worker: {id, name, args}       one call of planforge.web.<name>(*args)
// worker -> page: {progress: {stage, loaded, total}}   while starting
//                 {ready: info, seconds}  planforge.web.form_info(), once started
//                 {failed: message}       it could not start
//                 {id, answer} / {id, error}   the answer to a call
"use strict";

// the Pyodide files (web/build.py copies these) and the list of wheels web/build.py wrote
const RUNTIME = ["pyodide.mjs", "pyodide.asm.mjs", "pyodide.asm.wasm", "python_stdlib.zip", "pyodide-lock.json"];
let web = null;
let py = null;
let queue = Promise.resolve();

function post(message, transfer = []) { self.postMessage(message, transfer); }

// Every file the start needs, fetched here with its bytes counted (the service worker keeps a
// copy: Pyodide's own fetch of the same file, and the next visit, are served from it).
async function download(urls, sizes, onBytes) {
  return Promise.all(urls.map(async (url) => {
    let response;
    try { response = await fetch(url); } catch (err) { throw new Error(`its file ${url} could not be loaded (${err.message})`); }
    if (!response.ok) throw new Error(`its file ${url} could not be loaded (${response.status})`);
    const reader = response.body.getReader();
    const chunks = [];
    let size = 0;
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      chunks.push(value);
      size += value.length;
      onBytes(value.length);
    }
    if (sizes[url] && size !== sizes[url]) throw new Error(`its file ${url} is incomplete (${size} of ${sizes[url]} bytes)`);
    const bytes = new Uint8Array(size);
    let at = 0;
    for (const chunk of chunks) { bytes.set(chunk, at); at += chunk.length; }
    return bytes;
  }));
}

async function start(today) {
  const started = performance.now();
  if (typeof WebAssembly !== "object") throw new Error("this browser cannot run WebAssembly");
  const manifest = await (await fetch("wheels/wheels.json")).json();
  const runtime = RUNTIME.map((name) => `pyodide/${name}`);
  const wheels = manifest.wheels.map((name) => `wheels/${name}`);
  const sizes = manifest.sizes || {};
  const total = [...runtime, ...wheels].reduce((sum, url) => sum + (sizes[url] || 0), 0);
  let loaded = 0;
  let last = 0;
  post({ progress: { stage: "download", loaded, total } });
  const counted = (n) => {
    loaded += n;
    const now = performance.now();
    if (now - last > 100 || loaded === total) { last = now; post({ progress: { stage: "download", loaded, total } }); }
  };
  // Python's own files first (all the bandwidth theirs); the wheels come while Python starts
  const files = await download(runtime, sizes, counted);
  const wheelFiles = download(wheels, sizes, counted);
  wheelFiles.catch(() => {}); // (its failure is reported where it is awaited, below)
  const stages = { download: performance.now() - started };
  post({ progress: { stage: "python" } });
  const { loadPyodide } = await import("./pyodide/pyodide.mjs");
  const stdlib = URL.createObjectURL(new Blob([files[RUNTIME.indexOf("python_stdlib.zip")]]));
  const lock = new TextDecoder().decode(files[RUNTIME.indexOf("pyodide-lock.json")]);
  py = await loadPyodide({ indexURL: new URL("pyodide/", self.location.href).href, stdLibURL: stdlib,
    lockFileContents: lock, stdout: () => {}, stderr: () => {} });
  URL.revokeObjectURL(stdlib);
  stages.python = performance.now() - started;
  post({ progress: { stage: "planforge" } });
  // the wheels are pure Python: unpacked into site-packages from the bytes downloaded
  const site = py.runPython("import sysconfig; sysconfig.get_path('purelib')");
  (await wheelFiles).forEach((bytes) => py.unpackArchive(bytes, "wheel", { extractDir: site }));
  py.runPython("import importlib; importlib.invalidate_caches()");
  web = py.pyimport("planforge.web");
  const info = web.form_info.callKwargs({ today });
  const answer = info.toJs({ dict_converter: Object.fromEntries });
  info.destroy();
  stages.planforge = performance.now() - started;
  // when each stage ended (ms from the worker's start), for benchmarks/web_ready.py
  return { info: answer, seconds: (performance.now() - started) / 1000, stages };
}

function buffers(value, out = []) {
  if (value instanceof Uint8Array) out.push(value.buffer);
  else if (value && typeof value === "object") Object.values(value).forEach((v) => buffers(v, out));
  return out;
}

function call(name, args) {
  const pyArgs = args.map((a) => (a !== null && typeof a === "object" && !(a instanceof Uint8Array) ? py.toPy(a) : a));
  const answer = web[name](...pyArgs);
  try {
    return answer.toJs({ dict_converter: Object.fromEntries });
  } finally {
    answer.destroy();
    pyArgs.forEach((p) => p?.destroy?.());
  }
}

self.onmessage = (event) => {
  const message = event.data;
  if (message.start) {
    queue = start(message.start.today).then(
      ({ info, seconds, stages }) => {
        post({ ready: info, seconds, stages });
        // then a plan made and thrown away, before the person's first: everything it needs
        // is imported and run once (the page is already answering meanwhile)
        web.warm_up();
      },
      (err) => post({ failed: String(err?.message || err) }));
    return;
  }
  // one call at a time, in order, once Python is there
  queue = queue.then(() => {
    try {
      const answer = call(message.name, message.args || []);
      post({ id: message.id, answer }, buffers(answer));
    } catch (err) {
      post({ id: message.id, error: String(err?.message || err) });
    }
  });
};
