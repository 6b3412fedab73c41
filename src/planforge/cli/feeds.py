"""The feed commands: ``publish`` (a plan's feed and subscribe page), ``serve`` (a published
folder over HTTP on this machine) and ``batch`` (one plan for every member of a roster).

The shell's part: it draws the secret feed tokens (``secrets``), reads the clock, and prints
what was written; the library writes nothing it was not given. Everything these commands say
goes to standard error. Importing this module imports neither the engine nor icalendar.
"""

# os.path, not pathlib, like the other command modules: --help and goals stay fast.
# ruff: noqa: PTH100, PTH112, PTH118, PTH120

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


_HOSTNAME_RE = re.compile(r"(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)"
                          r"(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*\.?")


class HostNameType(click.ParamType[str]):
    """A name the server answers to besides its address and localhost (``--allow-host``):
    a DNS name (``mybox.local``, ``feeds.example.com``) or an IP address."""

    name = "name"

    def convert(self, value: Any, param: click.Parameter | None,
                ctx: click.Context | None) -> str:
        import ipaddress

        text = str(value).strip().lower()
        with contextlib.suppress(ValueError):
            return str(ipaddress.ip_address(text.strip("[]")))
        if not _HOSTNAME_RE.fullmatch(text):
            self.fail(f"{params.shorten(repr(value))} is not a host name; expected one like "
                      "mybox.local or feeds.example.com", param, ctx)
        return text.rstrip(".")


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
    from ..publish.feed import has_tokens, rotate_tokens

    if has_tokens(plan) and not rotate:
        return plan, False
    return rotate_tokens(plan, token=new_token(), busy_token=new_token()), True


def check_folder(folder: str) -> None:
    """``folder`` is a folder or a new name in one (made when the files go in): checked
    before a token is drawn and written into the plan file."""
    if os.path.lexists(folder) and not os.path.isdir(folder):
        raise OutputError(f"{folder} is not a folder; give a folder to publish into")
    parent = os.path.dirname(os.path.abspath(folder))
    if not os.path.isdir(parent):
        raise OutputError(f"cannot write {folder}: folder {parent} does not exist")


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
@click.option("--force", is_flag=True,
              help="Overwrite files in DIR that planforge did not write (a page of your own "
                   "called index.html).")
def publish(plan_path: str, folder: str, new_token: bool, busy_only: bool,
            base_url: str | None, remind: dt.timedelta | None, color: str | None,
            force: bool) -> None:
    """Write PLAN's subscription feed and a subscribe page (index.html) into DIR.

    The feed's file name is a secret token kept in PLAN (drawn on the first publish, so PLAN
    is written back once, in its own format; a calendar file is never written over: publish
    the plan file it came from). shift, render and publishing again keep it, so a subscribed
    calendar follows the plan. Publishing an unchanged plan changes no byte. DIR is made
    when missing, written as a unit, and only planforge's own files in it are replaced;
    after --new-token the old feed goes out as the new one comes in.

    \b
    Example:
      planforge publish plan.toml site/
    """
    from pathlib import Path

    from ..formats.planfile import read_plan
    from ..publish import site
    from ..publish.feed import FeedOptions, feed_names, has_tokens
    from ..publish.page import check_base_url

    if base_url is not None:
        check_base_url(base_url)
    plan, kind = read_plan(plan_path)
    old = feed_names(plan, source=plan_path) if has_tokens(plan) else None
    if kind == "ics" and (new_token or old is None):
        raise UsageError(f"{plan_path} is a calendar, which publish does not write over, so it "
                         "cannot keep a new secret feed name: publish the plan file it came "
                         f"from, or make one: planforge render {plan_path} -o plan.toml")
    plan, drawn = ensure_tokens(plan, rotate=new_token)
    names = feed_names(plan, source=plan_path)
    check_folder(folder)
    target = Path(os.path.realpath(folder))
    owned = site.ownership(target, plan)
    # a twin published once is kept up to date (under its new name after --new-token)
    twin = busy_only or owned.busy or any((target / n.busy).is_file() for n in (names, old)
                                          if n)
    files = site_files(plan, names, FeedOptions(remind=remind, color=color),
                       busy=twin, base_url=base_url)
    for name in files:
        if site.same_file(plan_path, target / name):
            raise UsageError(f"{plan_path} is the file publish would write as {name} in "
                             f"{folder}; give the plan file it came from")
    site.refuse_foreign(target, files, owned, shown=folder, force=force)
    if drawn:  # the new token and the revoked ones go in one write: the revocation's moment
        save_plan(plan, kind, plan_path)
        click.echo(f"note: {'new' if old else 'a'} secret feed name kept in {plan_path}",
                   err=True)
    try:
        result = site.write_site(folder, files, plan, busy=twin)
    except OutputError:
        if drawn and old is not None:
            click.echo(f"note: the old feed is still in {folder}; publish again to take it "
                       "out", err=True)
        raise
    report_publish(plan, folder, names, files, list(result.changed),
                   [n for n in result.removed if n.endswith(".ics")], base_url)


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
    """Write the plan file back in its own format (atomically, keeping its permissions)."""
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
@click.option("--allow-host", "allow_hosts", type=HostNameType(), multiple=True,
              metavar="NAME",
              help="Also answer requests for this host name (repeatable); the address "
                   "listened on and localhost are answered anyway.")
def serve(folder: str, host: str, port: int, stop_after: float | None,
          allow_hosts: tuple[str, ...]) -> None:
    """Serve a published folder to calendar clients on this computer (read-only).

    Files inside DIR only (no listings, no hidden files, no paths or symbolic links out of
    it), GET and HEAD only (others: 405), with ETag and Last-Modified so clients refresh
    cheaply. Requests naming another host than the address, localhost or --allow-host are
    refused (403), so no web page can read the feeds through your browser. Ctrl-C stops it.

    \b
    Example:
      planforge serve site/
    """
    from ..publish import server as feedserver

    if not os.path.isdir(folder):
        raise UsageError(f"{folder} is not a folder; give the folder 'planforge publish' "
                         "wrote")
    try:
        server = feedserver.make_server(folder, host=host, port=port,
                                        allow_hosts=allow_hosts)
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
@click.option("--force", is_flag=True,
              help="Make members' plan files again from PLAN even where a coach changed "
                   "them, and overwrite files in DIR that batch did not write.")
@click.pass_context
def batch(ctx: click.Context, plan_path: str, roster_path: str, out_dir: str,
          base_url: str | None, jobs: int | None, watch: bool, force: bool) -> None:
    """One plan for every member of a club: a plan file, feed and page each, and an overview.

    ROSTER is CSV (or .json): one member a row, with name and any of id, start, days,
    time, tz, level, equipment, remind, busy-only, read as make reads its options (the
    older column names zone and reminder still work). A bad row is reported with its line and
    field and the others are still written (exit status 1 then). Running it again keeps
    every member's feed address and UIDs, however the rows move (an id column keeps them
    across a change of name too), and keeps a plan file a coach changed (--force makes it
    again). DIR is written whole or not at all.

    \b
    Example:
      planforge batch plan.toml roster.csv -o club/
    """
    if watch:
        from ..formats.fit import require_sdk

        require_sdk("--watch")  # before reading anything: without the extra nothing is written
    from ..club.roster import read_roster
    from ..club.update import update_club
    from ..formats.planfile import read_plan
    from ..publish.page import check_base_url

    if base_url is not None:
        check_base_url(base_url)
    plan, _ = read_plan(plan_path)
    roster = read_roster(roster_path)
    template = _club_template(plan, plan_path, roster.members)
    result = update_club(plan, roster, out_dir, draw=lambda: (new_token(), new_token()),
                         template=template, base_url=base_url,
                         workers=jobs or os.cpu_count() or 1, watch=watch, force=force)
    for note in result.notes:
        click.echo(one_line(f"note: {note}"), err=True)
    for problem in result.problems:
        click.echo(one_line(f"{roster_path}: {problem}"), err=True)
    count, problems = len(result.written), len(result.problems)
    click.echo(one_line(f"wrote {out_dir}: {count} member{'s' if count != 1 else ''}"
                        f" (plans/, site/{', with watch folders' if watch else ''}, index.html, "
                        "club.csv)"
                        + (f"; {problems} problem{'s' if problems != 1 else ''} in "
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


COMMANDS = (publish, serve, batch)
