"""The feed commands: ``publish`` (a plan's feed and subscribe page), ``serve`` (a published
folder over HTTP on this machine) and ``batch`` (one plan for every member of a roster).

The shell's part: it draws the secret feed tokens (``secrets``), reads the clock, and prints
what was written; the library writes nothing it was not given. Everything these commands say
goes to standard error. Importing this module imports neither the engine nor icalendar.
"""

# os.path, not pathlib, like the other command modules: --help and goals stay fast.
# ruff: noqa: PTH118

from __future__ import annotations

import contextlib
import datetime as dt
import os
import re
from typing import TYPE_CHECKING, Any

import click

from ..services.text import one_line
from . import params, report
from .options import calendar_color_option

if TYPE_CHECKING:
    from ..services.feeds import Published

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


def new_token_() -> str:
    """A fresh secret for a feed's file name."""
    import secrets

    from ..services.feeds import token_bytes

    while True:  # about one in 64 starts with "-", which a command line would take for an option
        token = secrets.token_urlsafe(token_bytes())
        if not token.startswith("-"):
            return token


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
    from .. import services

    published = services.publish(plan_path=plan_path, folder=folder,
                                 new_tokens=(new_token_(), new_token_()), new_token=new_token,
                                 busy_only=busy_only, base_url=base_url, remind=remind,
                                 color=color, force=force)
    report.tell(published.messages)
    report_publish(published)


def report_publish(published: Published) -> None:
    """What publish wrote, the feed's address and how to subscribe, on standard error."""
    folder, plan, names = published.folder, published.plan, published.names
    if published.changed:
        click.echo(f"wrote {folder}: {', '.join(published.changed)} ({len(plan.sessions)} "
                   f"workouts, {plan.start} to {plan.end})", err=True)
    else:
        click.echo(f"{folder} is up to date: {', '.join(published.files)} unchanged", err=True)
    for name in published.removed:
        click.echo(f"removed the old feed {os.path.join(folder, name)}", err=True)
    if published.feed_url is not None:
        click.echo(f"feed: {published.feed_url}", err=True)
        if published.busy_url:
            click.echo(f"busy-only feed: {published.busy_url}", err=True)
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
    from .. import services

    server = services.open_server(folder=folder, host=host, port=port,
                                  allow_hosts=allow_hosts)
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
            services.serve_until_stopped(server, stop_after=stop_after)
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

    ROSTER is CSV (or .json): one member a row, with name and any of id, start, days, time,
    tz, level, equipment, remind, busy-only, read as make reads its options (the older
    column names zone and reminder still work). A bad row is reported with its line and
    field and the others are still written (exit status 1 then). Running it again keeps
    every member's feed address and UIDs, however the rows move (an id column keeps them
    across a change of name too), and keeps a plan file a coach changed (--force makes it
    again). DIR is written whole or not at all.

    \b
    Example:
      planforge batch plan.toml roster.csv -o club/
    """
    from .. import services
    from ..services.watch import require_extra

    if watch:
        require_extra("fit", "--watch")  # before reading anything: nothing written without it
    result = services.batch(plan=plan_path, roster=roster_path, folder=out_dir,
                            draw=lambda: (new_token_(), new_token_()), base_url=base_url,
                            workers=jobs or os.cpu_count() or 1, watch=watch, force=force)
    for message in result.messages:
        click.echo(one_line(str(message)), err=True)
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


COMMANDS = (publish, serve, batch)
