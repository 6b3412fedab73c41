"""The feed commands: ``publish`` (a plan's feed and subscribe page), ``serve`` (a published
folder over HTTP on this machine) and ``batch`` (one plan for every member of a roster).

The shell's part: it draws the secret feed tokens (``secrets``), reads the clock, and prints
what was written; the library writes nothing it was not given. Everything these commands say
goes to standard error. Importing this module imports neither the engine nor icalendar.
"""

# os.path, not pathlib, like the other command modules: --help and goals stay fast.
# ruff: noqa: PTH102, PTH107, PTH112, PTH113, PTH114, PTH118

from __future__ import annotations

import contextlib
import datetime as dt
import os
import re
from typing import TYPE_CHECKING, Any

import click

from ..errors import OutputError, UsageError
from ..services.text import one_line
from . import params
from .options import calendar_color_option

if TYPE_CHECKING:
    from ..core.model import Plan
    from ..publish.feed import FeedNames

_STOP_RE = re.compile(r"([0-9]+)\s*([smhd])")
_STOP_UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400}


class StopAfterType(click.ParamType[float]):
    """How long ``serve`` runs: ``30s``, ``10m``, ``2h``, ``1d`` (at most 7 days)."""

    name = "stop"

    def convert(self, value: Any, param: click.Parameter | None,
                ctx: click.Context | None) -> float:
        if isinstance(value, float):
            return value
        accepted = "expected seconds, minutes, hours or days like 30s, 10m, 2h (at most 7d)"
        match = _STOP_RE.fullmatch(str(value).strip().lower())
        if not match or params.too_long(match[1]):
            self.fail(f"{params.shorten(repr(value))} is not a duration; {accepted}", param, ctx)
        seconds = int(match[1]) * _STOP_UNITS[match[2]]
        if seconds > 7 * 86400:
            self.fail(f"{value!r} is out of range; {accepted}", param, ctx)
        return float(seconds)


class HostType(click.ParamType[str]):
    """An address to listen on: an IP address (127.0.0.1, ::1, 192.168.1.20, 0.0.0.0) or
    ``localhost``."""

    name = "host"

    def convert(self, value: Any, param: click.Parameter | None,
                ctx: click.Context | None) -> str:
        import ipaddress

        text = str(value).strip()
        if text == "localhost":
            return "127.0.0.1"
        try:
            return str(ipaddress.ip_address(text))
        except ValueError:
            self.fail(f"{params.shorten(repr(value))} is not an IP address; expected one like "
                      "127.0.0.1 (this machine only) or this machine's LAN address", param, ctx)


def new_token() -> str:
    """A fresh secret for a feed's file name."""
    import secrets

    from ..publish.feed import TOKEN_BYTES

    while True:  # about one in 64 starts with "-", which a command line would take for an option
        token = secrets.token_urlsafe(TOKEN_BYTES)
        if not token.startswith("-"):
            return token


def ensure_tokens(plan: Plan, *, rotate: bool) -> tuple[Plan, bool]:
    """``plan`` with feed tokens (new ones when it has none, or ``rotate``), and whether they
    are new (so the plan file must be written back)."""
    from ..publish.feed import has_tokens, with_tokens

    if has_tokens(plan) and not rotate:
        return plan, False
    return with_tokens(plan, token=new_token(), busy_token=new_token()), True


def make_folder(folder: str) -> None:
    """``folder`` as an existing folder: made (not its parents) when missing."""
    if os.path.isdir(folder):
        return
    if os.path.lexists(folder):
        raise OutputError(f"{folder} is not a folder; give a folder to publish into")
    try:
        os.mkdir(folder)
    except (OSError, ValueError) as exc:
        reason = getattr(exc, "strerror", None) or exc
        raise OutputError(f"cannot make folder {folder}: {reason}") from None


def remove_old_feeds(folder: str, old: FeedNames | None, new: FeedNames) -> list[str]:
    """After ``--new-token``: the feeds under the old names are removed, so the old address
    stops working."""
    removed: list[str] = []
    if old is None:
        return removed
    for name in (old.feed, old.busy):
        if name in (new.feed, new.busy):
            continue
        path = os.path.join(folder, name)
        if os.path.isfile(path) and not os.path.islink(path):
            try:
                os.remove(path)
            except OSError as exc:
                raise OutputError(f"cannot remove the old feed {path}: "
                                  f"{exc.strerror or exc}") from None
            removed.append(name)
    return removed


# ----------------------------------------------------------------------------- publish


@click.command(short_help="Publish a plan as a calendar feed to subscribe to.")
@click.argument("plan_path", metavar="PLAN")
@click.argument("folder", metavar="DIR")
@click.option("--new-token", is_flag=True,
              help="Draw a new secret feed name (the old address stops working).")
@click.option("--busy-only", is_flag=True,
              help="Also write a busy-only twin: neutral titles, no details, its own secret "
                   "name.")
@click.option("--base-url", default=None, metavar="URL",
              help="Where DIR will be online, e.g. https://you.github.io/plans/: the page then "
                   "shows full addresses.")
@click.option("--remind", type=params.DURATION, default=None, metavar="DURATION",
              help="A reminder this long before each workout, e.g. 30m, 2h, 1d.")
@calendar_color_option
def publish(plan_path: str, folder: str, new_token: bool, busy_only: bool,
            base_url: str | None, remind: dt.timedelta | None, color: str | None) -> None:
    """Write PLAN's subscription feed and a subscribe page (index.html) into DIR.

    The feed's file name is a secret token kept in PLAN (drawn on the first publish, so PLAN
    is written back once); shift, render and publishing again keep it, so a subscribed
    calendar follows the plan. Publishing an unchanged plan changes no byte. DIR is made
    when missing.

    \b
    Example:
      planforge publish plan.toml site/
    """
    from ..formats.planfile import read_plan
    from ..publish.feed import FeedOptions, feed_names, has_tokens
    from ..publish.page import check_base_url

    if base_url is not None:
        check_base_url(base_url)
    plan, kind = read_plan(plan_path)
    old = feed_names(plan, source=plan_path) if has_tokens(plan) else None
    plan, drawn = ensure_tokens(plan, rotate=new_token)
    names = feed_names(plan, source=plan_path)
    # a twin published once is kept up to date (under its new name after --new-token)
    twin = busy_only or any(os.path.isfile(os.path.join(folder, n.busy))
                            for n in (names, old) if n is not None)
    files = site_files(plan, names, FeedOptions(remind=remind, color=color),
                       busy=twin, base_url=base_url)
    if drawn:
        save_plan(plan, kind, plan_path)
        click.echo(f"note: {'new' if old else 'a'} secret feed name kept in {plan_path}",
                   err=True)
    make_folder(folder)
    from ..club.batch import write_if_changed

    changed = [name for name, data in files.items()
               if write_if_changed(os.path.join(folder, name), data)]
    removed = remove_old_feeds(folder, old, names) if drawn else []
    report_publish(plan, folder, names, files, changed, removed, base_url)


def site_files(plan: Plan, names: FeedNames, options: Any, *, busy: bool,
               base_url: str | None) -> dict[str, bytes]:
    """The bytes of every file ``publish`` writes, by file name."""
    from ..publish.feed import render_feed
    from ..publish.page import page_links, render_subscribe_page

    files = {names.feed: render_feed(plan, options)}
    if busy:
        files[names.busy] = render_feed(plan, options, busy_only=True)
    links = page_links(names, base_url=base_url, busy=busy)
    files["index.html"] = render_subscribe_page(plan, links)
    return files


def save_plan(plan: Plan, kind: str, path: str) -> None:
    """Write the plan file back in its own format (atomically)."""
    from ..formats.json import plan_to_json
    from ..formats.output import write_output
    from ..formats.planfile import plan_to_toml

    write_output(path, plan_to_json(plan) if kind == "json" else plan_to_toml(plan), force=True)


def report_publish(plan: Plan, folder: str, names: FeedNames, files: dict[str, bytes],
                   changed: list[str], removed: list[str], base_url: str | None) -> None:
    what = ", ".join(files)
    if changed:
        click.echo(f"wrote {folder}: {', '.join(changed)} ({len(plan.sessions)} workouts, "
                   f"{plan.start} to {plan.end})", err=True)
    else:
        click.echo(f"{folder} is up to date: {what} unchanged", err=True)
    for name in removed:
        click.echo(f"removed the old feed {os.path.join(folder, name)}", err=True)
    if base_url is not None:
        from ..publish.page import page_links

        links = page_links(names, base_url=base_url, busy=names.busy in files)
        click.echo(f"feed: {links.feed}", err=True)
        if links.busy:
            click.echo(f"busy-only feed: {links.busy}", err=True)
    else:
        click.echo(f"feed: {os.path.join(folder, names.feed)} (its address is where you put "
                   f"{folder} online, then {names.feed}; the feed is secret: anyone with the "
                   "address can see it)", err=True)
    click.echo(f"Subscribe: open {os.path.join(folder, 'index.html')} where it is online, or "
               f"'planforge serve {folder}' on this computer.", err=True)


# ----------------------------------------------------------------------------- serve


@click.command(short_help="Serve a published folder on this computer.")
@click.argument("folder", metavar="DIR")
@click.option("--host", type=HostType(), default="127.0.0.1", show_default=True,
              help="Address to listen on; another than 127.0.0.1 lets other machines in.")
@click.option("--port", type=click.IntRange(0, 65535), default=8765, show_default=True,
              help="Port to listen on (0: any free one).")
@click.option("--stop-after", type=StopAfterType(), default=None, metavar="DURATION",
              help="Stop after this long, e.g. 30s, 10m, 2h.  [default: at Ctrl-C]")
def serve(folder: str, host: str, port: int, stop_after: float | None) -> None:
    """Serve a published folder to calendar clients on this computer (read-only).

    Files inside DIR only (no listings, no paths outside it, symbolic links that leave it
    refused), GET and HEAD only, with ETag and Last-Modified so clients refresh cheaply.
    Ctrl-C stops it.

    \b
    Example:
      planforge serve site/
    """
    from ..publish import server as feedserver

    if not os.path.isdir(folder):
        raise UsageError(f"{folder} is not a folder; give the folder 'planforge publish' "
                         "wrote")
    try:
        server = feedserver.make_server(folder, host=host, port=port)
    except (OSError, OverflowError) as exc:
        raise OutputError(f"cannot listen on {host} port {port}: "
                          f"{getattr(exc, 'strerror', None) or exc}; try another --port") from None
    try:
        bound_host, bound_port = server.server_address[:2]
        name = bound_host.decode() if isinstance(bound_host, bytes) else str(bound_host)
        shown = f"[{name}]" if ":" in name else name
        click.echo(one_line(f"serving {folder} at http://{shown}:{bound_port}/ (Ctrl-C stops)"),
                   err=True)
        if host not in ("127.0.0.1", "::1"):
            click.echo(f"warning: listening on {host}: other machines can reach the feeds",
                       err=True)
        with contextlib.suppress(KeyboardInterrupt):  # Ctrl-C: the way to stop it
            feedserver.serve_until_stopped(server, stop_after=stop_after)
    finally:
        server.server_close()
    click.echo("stopped", err=True)


# ----------------------------------------------------------------------------- batch


@click.command(short_help="One plan each for a club's members.")
@click.argument("plan_path", metavar="PLAN")
@click.argument("roster_path", metavar="ROSTER")
@click.option("--output", "-o", "out_dir", required=True, metavar="DIR",
              help="The club folder to write (made when missing).")
@click.option("--base-url", default=None, metavar="URL",
              help="Where DIR/site/ will be online: pages and the overview show full "
                   "addresses.")
@click.option("--jobs", type=click.IntRange(1, 256), default=None,
              help="Processes to use.  [default: every core]")
@click.option("--watch", is_flag=True,
              help="Also write each member's watch workouts (FIT files, schedule.fit and a "
                   "page linking them) into site/TOKEN/watch/; needs planforge[fit].")
@click.pass_context
def batch(ctx: click.Context, plan_path: str, roster_path: str, out_dir: str,
          base_url: str | None, jobs: int | None, watch: bool) -> None:
    """One plan for every member of a club: a plan file, feed and page each, and an overview.

    ROSTER is CSV (or .json): one member a row, with name and any of start, days, time,
    tz, level, equipment, remind, busy-only, read as make reads its options (the older
    column names zone and reminder still work). A bad row is reported with its line and
    field and the others are still written (exit status 1 then). Running it again keeps
    every member's feed address.

    \b
    Example:
      planforge batch plan.toml roster.csv -o club/
    """
    if watch:
        from ..formats.fit import require_sdk

        require_sdk("--watch")  # before reading anything: without the extra nothing is written
    from ..club.batch import Tokens, Written, build_members
    from ..club.roster import RowProblem, read_roster
    from ..formats.planfile import read_plan
    from ..publish.page import check_base_url

    if base_url is not None:
        check_base_url(base_url)
    plan, _ = read_plan(plan_path)
    roster = read_roster(roster_path)
    template = _club_template(plan, plan_path, roster.members)
    make_folder(out_dir)
    jobs_list = [(m, Tokens(*_member_tokens(out_dir, m.slug))) for m in roster.members]
    results = build_members(plan, jobs_list, out_dir, template=template, base_url=base_url,
                            workers=jobs or os.cpu_count() or 1, watch=watch)
    written = [r for r in results if isinstance(r, Written)]
    problems = sorted([*roster.problems, *(r for r in results if isinstance(r, RowProblem))],
                      key=lambda p: p.line)
    _write_overview(plan, written, out_dir, base_url, len(problems))
    for problem in problems:
        click.echo(one_line(f"{roster_path}: {problem}"), err=True)
    click.echo(one_line(f"wrote {out_dir}: {len(written)} member{'s' if len(written) != 1 else ''}"
                        f" (plans/, site/{', with watch folders' if watch else ''}, index.html, "
                        "club.csv)"
                        + (f"; {len(problems)} problem{'s' if len(problems) != 1 else ''} in "
                           f"{roster_path}, those rows not written" if problems else "")),
               err=True)
    if problems:
        ctx.exit(1)


def _club_template(plan: Plan, plan_path: str, members: tuple[Any, ...]) -> Any:
    """The club plan's template, looked up only when a member asks for another level or
    other equipment."""
    from ..club.batch import needs_rebuild

    if not any(needs_rebuild(plan, member) for member in members):
        return None
    from ..services import follow_on_template

    try:
        return follow_on_template(plan, plan_path, None)
    except UsageError as exc:
        click.echo(one_line(f"note: {exc}"), err=True)
        return None


def _member_tokens(folder: str, slug: str) -> tuple[str, str]:
    """The tokens of the member's plan file from an earlier run (their address stays), else
    new ones."""
    from ..errors import PlanforgeError
    from ..formats.planfile import load_plan
    from ..publish.feed import EXTRA_TOKEN, EXTRA_TOKEN_BUSY, feed_names, has_tokens

    path = os.path.join(folder, "plans", f"{slug}.toml")
    if os.path.isfile(path):
        try:
            earlier = load_plan(path)
            if has_tokens(earlier):
                feed_names(earlier)
                extra = dict(earlier.extra)
                return extra[EXTRA_TOKEN], extra[EXTRA_TOKEN_BUSY]
        except PlanforgeError:
            pass
    return new_token(), new_token()


def _write_overview(plan: Plan, written: list[Any], folder: str, base_url: str | None,
                    failed: int) -> None:
    from ..club.batch import write_if_changed
    from ..club.page import render_overview_csv, render_overview_html

    write_if_changed(os.path.join(folder, "club.csv"), render_overview_csv(written, base_url))
    write_if_changed(os.path.join(folder, "index.html"),
                     render_overview_html(plan, written, base_url, failed))


COMMANDS = (publish, serve, batch)
