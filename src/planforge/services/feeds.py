"""A plan published as a calendar feed to subscribe to (``planforge publish``).

The work is :mod:`planforge.publish` (the feed, the subscribe page, the folder written as a
unit over planforge's own files only); this is the operation a shell calls: it reads the plan
file, keeps its feed tokens in it, writes the folder, and says what it did as data. The
tokens are the caller's (the command line draws them with :mod:`secrets`): the library draws
nothing.
"""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..errors import OutputError, UsageError
from .results import Message, Said

if TYPE_CHECKING:
    from ..core.model import Plan
    from ..publish.feed import FeedNames
    from ..publish.server import FeedServer


@dataclass(frozen=True, slots=True, kw_only=True)
class Published:
    """A plan published into ``folder``: the plan (with its tokens), the feeds' names,
    every file publish keeps there (``files``), those written anew (``changed``: none when
    the plan did not change), the old feeds taken out after new tokens (``removed``), the
    feeds' full addresses when ``base_url`` was given (``feed_url``, ``busy_url``), and
    ``messages`` (the plan file written back with new tokens)."""

    plan: Plan
    folder: str
    names: FeedNames
    files: tuple[str, ...]
    changed: tuple[str, ...]
    removed: tuple[str, ...]
    feed_url: str | None = None
    busy_url: str | None = None
    messages: tuple[Message, ...] = ()


def publish(*, plan_path: str, folder: str, new_tokens: tuple[str, str],
            new_token: bool = False, busy_only: bool = False, base_url: str | None = None,
            remind: dt.timedelta | None = None, color: str | None = None,
            force: bool = False) -> Published:
    """Publish the plan file ``plan_path`` into ``folder``: its feed (and, ``busy_only`` or
    once published, its busy-only twin) and the subscribe page.

    ``new_tokens``: the feed's and the twin's secret names for a plan that has none yet (or
    with ``new_token``, which revokes the old ones); the plan file is written back with them,
    in its own format. ``base_url``: where the folder will be online (the page then shows
    full addresses). ``force``: replace files in the folder that planforge did not write.
    An error after the plan file took new tokens carries, in its ``notes``, what was done."""
    from pathlib import Path

    from ..formats.planfile import read_plan
    from ..publish import site
    from ..publish.feed import FeedOptions, feed_names, has_tokens, rotate_tokens
    from ..publish.page import check_base_url, page_links

    if base_url is not None:
        check_base_url(base_url)
    plan, kind = read_plan(plan_path)
    old = feed_names(plan, source=plan_path) if has_tokens(plan) else None
    if kind == "ics" and (new_token or old is None):
        raise UsageError(f"{plan_path} is a calendar, which publish does not write over, so it "
                         "cannot keep a new secret feed name: publish the plan file it came "
                         f"from, or make one: planforge render {plan_path} -o plan.toml")
    drawn = new_token or old is None
    if drawn:
        plan = rotate_tokens(plan, token=new_tokens[0], busy_token=new_tokens[1])
    names = feed_names(plan, source=plan_path)
    _check_folder(folder)
    target = Path(os.path.realpath(folder))
    owned = site.ownership(target, plan)
    # a twin published once is kept up to date (under its new name after --new-token)
    twin = busy_only or owned.busy or any((target / n.busy).is_file() for n in (names, old)
                                          if n)
    files = site_files(plan, names, FeedOptions(remind=remind, color=color), busy=twin,
                       base_url=base_url)
    for name in files:
        if site.same_file(plan_path, target / name):
            raise UsageError(f"{plan_path} is the file publish would write as {name} in "
                             f"{folder}; give the plan file it came from")
    site.refuse_foreign(target, files, owned, shown=folder, force=force)
    said = Said()
    if drawn:  # the new token and the revoked ones go in one write: the revocation's moment
        _save_plan(plan, kind, plan_path)
        said.note(f"{'new' if old else 'a'} secret feed name kept in {plan_path}")
    try:
        result = site.write_site(folder, files, plan, busy=twin)
    except OutputError as exc:
        if drawn and old is not None:
            said.note(f"the old feed is still in {folder}; publish again to take it out")
        exc.notes = tuple(m.text for m in said.all())  # what was done: said before the error
        raise
    links = page_links(names, base_url=base_url, busy=twin) if base_url is not None else None
    return Published(plan=plan, folder=folder, names=names, files=tuple(files),
                     changed=tuple(result.changed),
                     removed=tuple(n for n in result.removed if n.endswith(".ics")),
                     feed_url=links.feed if links else None,
                     busy_url=links.busy if links else None, messages=said.all())


def site_files(plan: Plan, names: FeedNames, options: object, *, busy: bool,
               base_url: str | None) -> dict[str, bytes]:
    """The bytes of every file ``publish`` writes, by file name."""
    from ..publish.feed import FeedOptions, render_feed
    from ..publish.page import page_links, render_subscribe_page

    assert isinstance(options, FeedOptions)
    files = {names.feed: render_feed(plan, options)}
    if busy:
        files[names.busy] = render_feed(plan, options, busy_only=True)
    links = page_links(names, base_url=base_url, busy=busy)
    files["index.html"] = render_subscribe_page(plan, links)
    return files


def _check_folder(folder: str) -> None:
    """``folder`` is a folder or a new name in one (made when the files go in): checked
    before a token is kept in the plan file."""
    if os.path.lexists(folder) and not os.path.isdir(folder):  # noqa: PTH112 - a path string
        raise OutputError(f"{folder} is not a folder; give a folder to publish into")
    parent = os.path.dirname(os.path.abspath(folder))  # noqa: PTH100, PTH120
    if not os.path.isdir(parent):  # noqa: PTH112
        raise OutputError(f"cannot write {folder}: folder {parent} does not exist")


def _save_plan(plan: Plan, kind: str, path: str) -> None:
    """The plan file written back in its own format (atomically, keeping its permissions)."""
    from ..formats.json import plan_to_json
    from ..formats.output import write_output
    from ..formats.planfile import plan_to_toml

    write_output(path, plan_to_json(plan) if kind == "json" else plan_to_toml(plan), force=True)


# ----------------------------------------------------------------------------- serve


def open_server(*, folder: str, host: str = "127.0.0.1", port: int = 8765,
                allow_hosts: tuple[str, ...] = ()) -> FeedServer:
    """A server for the published ``folder`` bound to ``host`` and ``port`` (0: any free
    one), not yet serving (:func:`serve_until_stopped`): read-only, files inside the folder
    only, answering requests for ``host``, ``localhost`` and ``allow_hosts``."""
    from ..publish import server

    if not os.path.isdir(folder):  # noqa: PTH112 - a path string
        raise UsageError(f"{folder} is not a folder; give the folder 'planforge publish' "
                         "wrote")
    try:
        return server.make_server(folder, host=host, port=port, allow_hosts=allow_hosts)
    except (OSError, OverflowError) as exc:
        raise OutputError(f"cannot listen on {host} port {port}: "
                          f"{getattr(exc, 'strerror', None) or exc}; try another --port") from None


def serve_until_stopped(server: FeedServer, *, stop_after: float | None = None) -> None:
    """Serve until Ctrl-C (KeyboardInterrupt propagates) or ``stop_after`` seconds."""
    from ..publish.server import serve_until_stopped as serve

    serve(server, stop_after=stop_after)


def token_bytes() -> int:
    """How many random bytes a feed's secret name is made of (the caller draws them)."""
    from ..publish.feed import TOKEN_BYTES

    return TOKEN_BYTES
