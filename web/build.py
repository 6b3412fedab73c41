#!/usr/bin/env python3
"""Build the web page: ``python web/build.py`` writes ``web/dist/``, a folder for any static host.

1. ``npm ci`` in ``web/`` brings Pyodide, pinned in ``package.json`` and ``package-lock.json``
   (skipped when ``web/node_modules`` already holds the pinned version);
2. ``web/dist/`` gets the page (``index.html``, ``app.js``, ``worker.js``, ``style.css``), the Pyodide files the
   page loads (``pyodide/``: the loader, the WebAssembly runtime, the standard library and the
   package lock; nothing else of the npm package), and ``wheels/``: planforge's own wheel
   (``pip wheel`` of this checkout) and its dependencies' (``pip download`` of
   ``requirements.txt``: wheels only, hashes checked), with ``wheels.json``, the list the page
   loads and each file's size (the page's progress bar counts the bytes);
3. ``sw.js``, the service worker, last: ``web/sw.js`` with this build's digest (``BUILD``) and
   every file's digest (``FILES``) written in, so a new build replaces the files kept on
   people's devices and keeps the unchanged ones.

Needs node/npm and a Python with pip (any version: the wheels are pure Python). Options:
``--out DIR`` (default web/dist). Prints each part's size.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

WEB = Path(__file__).resolve().parent
ROOT = WEB.parent
PAGE = ("index.html", "app.js", "worker.js", "style.css")
SERVICE_WORKER = "sw.js"
#: the files of the npm package the page loads (pyodide.mjs imports the runtime, which fetches
#: the lock, the standard library and the WebAssembly module)
RUNTIME = ("pyodide.mjs", "pyodide.asm.mjs", "pyodide.asm.wasm", "python_stdlib.zip",
           "pyodide-lock.json")


def pinned_pyodide() -> str:
    return str(json.loads((WEB / "package.json").read_text("utf-8"))["dependencies"]["pyodide"])


def npm_install() -> Path:
    """``web/node_modules/pyodide`` at the pinned version, installed by ``npm ci`` if needed."""
    package = WEB / "node_modules" / "pyodide"
    want = pinned_pyodide()
    meta = package / "package.json"
    # (npm ci also brings the test tools of devDependencies: axe-core, for tests/test_web_page.py)
    axe = WEB / "node_modules" / "axe-core" / "axe.min.js"
    if (not meta.is_file() or json.loads(meta.read_text("utf-8")).get("version") != want
            or not axe.is_file()):
        npm = shutil.which("npm")
        if npm is None:
            sys.exit("build.py: npm is not installed (Debian: apt-get install nodejs npm)")
        run([npm, "ci", "--no-audit", "--no-fund", "--loglevel=error"], cwd=WEB)
    return package


def run(command: list[str], cwd: Path = ROOT) -> None:
    print("+", " ".join(command), flush=True)
    subprocess.run(command, cwd=cwd, check=True)


def python_version(runtime: Path) -> str:
    """The page's Python as pip's ``--python-version`` wants it: ``3.14``."""
    lock = json.loads((runtime / "pyodide-lock.json").read_text("utf-8"))
    return ".".join(str(lock["info"]["python"]).split(".")[:2])


def wheels(out: Path, python: str) -> list[str]:
    """planforge's wheel and its dependencies' into ``out``; their names, planforge's last."""
    out.mkdir(parents=True)
    pip = [sys.executable, "-m", "pip", "--disable-pip-version-check"]
    run([*pip, "download", "--quiet", "--no-deps", "--only-binary=:all:", "--require-hashes",
         "--python-version", python, "-r", str(WEB / "requirements.txt"), "-d", str(out)])
    deps = sorted(p.name for p in out.glob("*.whl"))
    with tempfile.TemporaryDirectory() as tmp:
        run([*pip, "wheel", "--quiet", "--no-deps", "-w", tmp, str(ROOT)])
        (built,) = Path(tmp).glob("planforge-*.whl")
        shutil.copy2(built, out / built.name)
    bad = [name for name in [*deps, built.name] if not name.endswith("-none-any.whl")]
    if bad:
        sys.exit(f"build.py: not pure-Python wheels: {', '.join(bad)}")
    return [*deps, built.name]


def build(dist: Path) -> None:
    runtime = npm_install()
    if dist.exists():
        shutil.rmtree(dist)
    dist.mkdir(parents=True)
    for name in PAGE:
        shutil.copy2(WEB / name, dist / name)
    (dist / "pyodide").mkdir()
    for name in RUNTIME:
        shutil.copy2(runtime / name, dist / "pyodide" / name)
    python = python_version(runtime)
    names = wheels(dist / "wheels", python)
    sizes = {f"{part}/{name}": (dist / part / name).stat().st_size
             for part, names_ in (("pyodide", RUNTIME), ("wheels", names)) for name in names_}
    manifest = {"pyodide": pinned_pyodide(), "python": python, "wheels": names, "sizes": sizes}
    (dist / "wheels" / "wheels.json").write_text(json.dumps(manifest, indent=2) + "\n", "utf-8")
    service_worker(dist)
    report(dist)


def service_worker(dist: Path) -> str:
    """``dist/sw.js``: web/sw.js with the digest of each file of ``dist`` and of the whole
    build written in; the build's digest, returned, names the cache on people's devices."""
    files = {p.relative_to(dist).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()[:16]
             for p in sorted(dist.rglob("*")) if p.is_file() and p.name != SERVICE_WORKER}
    build = hashlib.sha256(json.dumps(files, sort_keys=True).encode()).hexdigest()[:16]
    text = (WEB / SERVICE_WORKER).read_text("utf-8")
    marks = ('const BUILD = "__BUILD__";', "const FILES = {}; // __FILES__")
    if not all(mark in text for mark in marks):
        sys.exit(f"build.py: web/{SERVICE_WORKER} lacks {marks}")
    text = text.replace(marks[0], f"const BUILD = {json.dumps(build)};").replace(
        marks[1], f"const FILES = {json.dumps(files, indent=1, sort_keys=True)};")
    (dist / SERVICE_WORKER).write_text(text, "utf-8")
    return build


def report(dist: Path) -> None:
    def size(path: Path) -> int:
        files = [path] if path.is_file() else [p for p in path.rglob("*") if p.is_file()]
        return sum(p.stat().st_size for p in files)

    for part in sorted(dist.iterdir()):
        print(f"{size(part) / 1e6:8.2f} MB  {part.relative_to(dist.parent)}")
    print(f"{size(dist) / 1e6:8.2f} MB  in all: {dist}")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=WEB / "dist", help="default: web/dist")
    args = parser.parse_args(argv)
    build(args.out.resolve())


if __name__ == "__main__":
    main()
