"""A read-only web server for a published folder (``planforge serve``).

Built on the standard library's :mod:`http.server` (a ``ThreadingHTTPServer`` and a
``SimpleHTTPRequestHandler`` subclass), with what a calendar client needs and nothing else:

* a listen backlog of :data:`BACKLOG` (the standard library's 5 made 50 clients at once
  see connect timeouts) and an idle timeout (:data:`IDLE_TIMEOUT`: a connection that sends
  nothing is closed, so half-open connections do not hold a thread each for ever);
* a ``Host`` check: only the address it listens on, ``localhost`` and the names given with
  ``--allow-host`` (with ``0.0.0.0`` or ``::``, any IP address too) are answered; any other
  name gets 403, so a web page elsewhere cannot read the feeds through the user's browser by
  pointing its own name at 127.0.0.1 (DNS rebinding);
* GET and HEAD only; every other method is answered 405, and an HTTP/0.9 request (no
  version, so no headers could be sent) nothing at all;
* files inside the folder only: a path with ``..``, an encoded slash or backslash, a NUL, a
  hidden name (``.x``: the temporary files of an atomic write, planforge's records), or one
  that leads, through a symbolic link, out of the folder or to a hidden name is answered
  404, as is a folder without ``index.html`` (no listings: they would show the secret feed
  names);
* ``ETag`` (size and modification time) and ``Last-Modified``, with 304 answers to
  ``If-None-Match`` and ``If-Modified-Since``;
* ``text/calendar; charset=utf-8`` for .ics, UTF-8 types for the pages, ``no-cache`` (clients
  revalidate, cheaply, with the ETag), ``nosniff`` and ``no-referrer``.

The server is bound to 127.0.0.1 unless the caller names another address.
"""

from __future__ import annotations

import email.utils
import http.server
import ipaddress
import os
import socket
import sys
import threading
import urllib.parse
from functools import partial
from http import HTTPStatus
from pathlib import Path
from typing import Any

#: where ``planforge serve`` listens unless told otherwise
DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8765
#: connections the system holds waiting to be accepted
BACKLOG = 128
#: seconds a connection may stay silent before it is closed
IDLE_TIMEOUT = 10.0
#: the methods answered
METHODS = ("GET", "HEAD")

TYPES = {
    ".ics": "text/calendar; charset=utf-8",
    ".html": "text/html; charset=utf-8",
    ".csv": "text/csv; charset=utf-8",
    ".json": "application/json",
    ".toml": "application/toml; charset=utf-8",
    ".md": "text/markdown; charset=utf-8",
    ".txt": "text/plain; charset=utf-8",
}


class FeedRequestHandler(http.server.SimpleHTTPRequestHandler):
    """Serves files under ``directory``, read-only, with validators."""

    server_version = "planforge"
    sys_version = ""
    timeout = IDLE_TIMEOUT
    extensions_map = {**http.server.SimpleHTTPRequestHandler.extensions_map,  # noqa: RUF012
                      **TYPES}
    server: FeedServer
    raw_requestline: bytes  # set by handle_one_request before parse_request runs

    def parse_request(self) -> bool:
        """The request line and headers, then what this server answers: HTTP/0.9 (a line
        of two words) gets nothing; another method than GET and HEAD 405; another host
        than the allowed ones 403."""
        words = self.raw_requestline.split()
        if len(words) == 2:
            self.close_connection = True
            self.log_error("HTTP/0.9 request refused: %r", self.raw_requestline[:80])
            return False
        if not super().parse_request():
            return False
        if self.command not in METHODS:
            self.close_connection = True  # its body was not read
            self.send_error(HTTPStatus.METHOD_NOT_ALLOWED, "read-only: GET and HEAD only")
            return False
        if not self.server.host_allowed(self.headers.get_all("Host") or [],
                                        self.request_version):
            self.close_connection = True
            self.send_error(HTTPStatus.FORBIDDEN, "unknown host",
                            "This server answers to the address it listens on and "
                            "localhost; planforge serve --allow-host NAME adds a name.")
            return False
        return True

    def send_error(self, code: int, message: str | None = None,
                   explain: str | None = None) -> None:
        if code == HTTPStatus.METHOD_NOT_ALLOWED:
            # send_error writes the headers it is given before the body; Allow must be one
            self._allow = True
        super().send_error(code, message, explain)

    def end_headers(self) -> None:
        if getattr(self, "_allow", False):
            self.send_header("Allow", "GET, HEAD")
            self._allow = False
        self.send_header("X-Content-Type-Options", "nosniff")
        self.send_header("Referrer-Policy", "no-referrer")
        super().end_headers()

    def list_directory(self, path: str | os.PathLike[str]) -> None:
        self.send_error(HTTPStatus.NOT_FOUND, "File not found")

    def send_head(self) -> Any:
        target = self._target()
        if target is None:
            self.send_error(HTTPStatus.NOT_FOUND, "File not found")
            return None
        if target.is_dir():
            raw = self.path.split("?", 1)[0].split("#", 1)[0]
            if not raw.endswith("/"):
                # the folder's own path, never "//host" (which a browser reads as another site)
                parts = [p for p in raw.split("/") if p]
                self.send_response(HTTPStatus.MOVED_PERMANENTLY)
                self.send_header("Location", "/" + "".join(f"{p}/" for p in parts))
                self.send_header("Content-Length", "0")
                self.end_headers()
                return None
            target = self._inside(target / "index.html")
            if target is None:
                self.send_error(HTTPStatus.NOT_FOUND, "File not found")
                return None
        return self._file(target)

    def _file(self, target: Path) -> Any:
        try:
            handle = target.open("rb")
        except OSError:
            self.send_error(HTTPStatus.NOT_FOUND, "File not found")
            return None
        stat = os.fstat(handle.fileno())
        etag = f"\"{stat.st_size:x}-{stat.st_mtime_ns:x}\""
        modified = email.utils.formatdate(int(stat.st_mtime), usegmt=True)
        if self._not_modified(etag, int(stat.st_mtime)):
            handle.close()
            self.send_response(HTTPStatus.NOT_MODIFIED)
            self.send_header("ETag", etag)
            self.send_header("Last-Modified", modified)
            self.send_header("Cache-Control", "no-cache")
            self.end_headers()
            return None
        self.send_response(HTTPStatus.OK)
        self.send_header("Content-Type", self.guess_type(str(target)))
        self.send_header("Content-Length", str(stat.st_size))
        self.send_header("ETag", etag)
        self.send_header("Last-Modified", modified)
        self.send_header("Cache-Control", "no-cache")
        self.end_headers()
        return handle

    def _not_modified(self, etag: str, mtime: int) -> bool:
        """RFC 9110: If-None-Match decides when present, else If-Modified-Since."""
        match = self.headers.get("If-None-Match")
        if match is not None:
            tags = [t.strip().removeprefix("W/") for t in match.split(",")]
            return "*" in tags or etag in tags
        since = self.headers.get("If-Modified-Since")
        if since is None:
            return False
        try:
            when = email.utils.parsedate_to_datetime(since)
        except (TypeError, ValueError, IndexError, OverflowError):
            return False
        return when.tzinfo is not None and mtime <= when.timestamp()

    def _target(self) -> Path | None:
        """The file or folder the request names, or None when it must not be served."""
        raw = self.path.split("?", 1)[0].split("#", 1)[0]
        if not raw.startswith("/") or any(s in raw.lower() for s in ("%2f", "%5c", "%00")):
            return None
        try:
            path = urllib.parse.unquote(raw, errors="strict")
        except UnicodeDecodeError:
            return None
        parts = [p for p in path.split("/") if p]
        if any(p in (".", "..") or p.startswith(".") or "\\" in p or "\x00" in p
               for p in parts):
            return None
        return self._inside(Path(self.directory).joinpath(*parts))

    def _inside(self, candidate: Path) -> Path | None:
        """``candidate`` if it exists and, links resolved, is inside the served folder and
        hidden nowhere on the way."""
        root = Path(self.directory).resolve()
        try:
            real = candidate.resolve(strict=True)
        except (OSError, RuntimeError, ValueError):
            return None
        if real != root and root not in real.parents:
            return None
        if any(part.startswith(".") for part in real.relative_to(root).parts):
            return None
        if not (real.is_file() or real.is_dir()):
            return None
        return real

    def log_message(self, format: str, *args: Any) -> None:
        text = format % args
        clean = "".join(c if c.isprintable() else repr(c)[1:-1] for c in text)
        sys.stderr.write(f"{self.address_string()} - {clean}\n")


class FeedServer(http.server.ThreadingHTTPServer):
    """The standard library's threading server with a real backlog, and the names it
    answers to (:meth:`host_allowed`)."""

    daemon_threads = True
    block_on_close = False
    request_queue_size = BACKLOG
    allowed_hosts: frozenset[str] = frozenset()
    any_address = False  # listening on 0.0.0.0 or ::: any IP address is this machine's

    def host_allowed(self, hosts: list[str], version: str) -> bool:
        """Whether a request's ``Host`` header names this server: one header (HTTP/1.0 may
        send none), of an allowed name or, listening everywhere, an IP address."""
        if not hosts:
            return version == "HTTP/1.0"
        if len(hosts) > 1:
            return False
        name = host_name(hosts[0])
        if name in self.allowed_hosts:
            return True
        return self.any_address and _is_ip(name)


class FeedServer6(FeedServer):
    address_family = socket.AF_INET6


def host_name(header: str) -> str:
    """The name in a ``Host`` header, without its port, in lower case: ``[::1]:8765`` ->
    ``::1``, ``LocalHost.:80`` -> ``localhost``."""
    text = header.strip().lower()
    if text.startswith("["):
        return text[1:text.find("]")] if "]" in text else text
    if text.count(":") == 1:
        text = text.split(":", 1)[0]
    return text.rstrip(".")


def _is_ip(name: str) -> bool:
    try:
        ipaddress.ip_address(name)
    except ValueError:
        return False
    return True


def make_server(directory: str | os.PathLike[str], *, host: str = DEFAULT_HOST,
                port: int = DEFAULT_PORT, allow_hosts: tuple[str, ...] = ()) -> FeedServer:
    """A bound server for ``directory`` (not yet serving); OSError if the address is taken.
    It answers requests for ``host``, ``localhost`` and ``allow_hosts``."""
    handler = partial(FeedRequestHandler, directory=os.fspath(Path(directory).resolve()))
    cls = FeedServer6 if ":" in host else FeedServer
    server = cls((host, port), handler)
    server.allowed_hosts = frozenset({host_name(host), "localhost",
                                      *(host_name(h) for h in allow_hosts)})
    server.any_address = ipaddress.ip_address(host).is_unspecified if _is_ip(host) else False
    return server


def serve_until_stopped(server: FeedServer, *, stop_after: float | None = None) -> None:
    """Serve until Ctrl-C (KeyboardInterrupt propagates) or ``stop_after`` seconds."""
    timer = None
    if stop_after is not None:
        timer = threading.Timer(stop_after, server.shutdown)
        timer.daemon = True
        timer.start()
    try:
        server.serve_forever(poll_interval=0.2)
    finally:
        if timer is not None:
            timer.cancel()
