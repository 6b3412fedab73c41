"""Subscription feeds: a plan's calendar under a secret, stable name, and the page to subscribe.

``planforge publish`` writes a plan's feed (an .ics file a calendar subscribes to by URL) and
a subscribe page into a folder to put on any static host. What makes a feed follow the plan:

* its file name is the plan's **feed token** (``plan.extra`` key :data:`EXTRA_TOKEN`), a
  secret the command line draws once (``secrets.token_urlsafe``) and keeps in the plan file,
  so ``shift``, ``render`` and re-publishing keep the URL; the busy-only twin has a token of
  its own (:data:`EXTRA_TOKEN_BUSY`), so sharing it does not reveal the detailed feed;
* a new token (``publish --new-token``: :func:`rotate_tokens`) puts the old ones in the
  plan's list of revoked tokens (:data:`EXTRA_REVOKED`), in the same write as the new ones,
  so every later publish takes a feed of a revoked name out of the folder, even when the
  publish that drew the new token was stopped before it could;
* the events keep their UIDs; a moved workout carries a higher SEQUENCE (the plan says so)
  and a LAST-MODIFIED, which is the time the plan file records for its last change
  (:data:`EXTRA_MODIFIED`, written by ``shift`` and ``render``), else its creation time:
  never the clock, so re-publishing an unchanged plan gives the same bytes;
* the calendar asks clients to refresh (RFC 7986 ``REFRESH-INTERVAL;VALUE=DURATION`` and
  Microsoft's ``X-PUBLISHED-TTL``).

The feed is built on icalendar objects: the plan's calendar as :mod:`planforge.formats.ics`
builds it, with the feed properties added to the components, never to the text.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from ..core.model import Plan
from ..errors import UsageError

if TYPE_CHECKING:
    import icalendar

#: ``plan.extra`` keys: the feed's token, the busy-only twin's, and the last change's time
EXTRA_TOKEN = "feed_token"
EXTRA_TOKEN_BUSY = "feed_token_busy"
EXTRA_MODIFIED = "modified"
#: ``plan.extra`` key: the tokens the plan's feeds had before, newest first, space between
EXTRA_REVOKED = "feed_revoked"
#: the keys that make a plan's feed, carried and dropped together
FEED_KEYS = (EXTRA_TOKEN, EXTRA_TOKEN_BUSY, EXTRA_REVOKED)
#: the longest text a plan.extra value may hold (the plan format's ``line``)
_EXTRA_CHARS = 500

#: how often the feed asks to be fetched again (clients may refresh less often)
DEFAULT_REFRESH = dt.timedelta(hours=6)
#: what a token may look like: it becomes a file name (and a folder name in a club), so
#: nothing else is accepted, and it never starts with "-" (a command would read an option)
TOKEN_RE = re.compile(r"[A-Za-z0-9_][A-Za-z0-9_-]{15,85}")
#: the byte count of a new token (``secrets.token_urlsafe``: 32 characters)
TOKEN_BYTES = 24


@dataclass(frozen=True, slots=True)
class FeedOptions:
    """What a feed holds besides the plan (as ``--remind`` and ``--color`` for .ics)."""

    remind: dt.timedelta | None = None
    color: str | None = None
    refresh: dt.timedelta = DEFAULT_REFRESH


@dataclass(frozen=True, slots=True)
class FeedNames:
    """The file names of a plan's feed and of its busy-only twin."""

    feed: str
    busy: str


def feed_names(plan: Plan, *, source: str = "the plan") -> FeedNames:
    """The file names the plan's tokens give; :class:`UsageError` if it has none or a bad one."""
    extra = dict(plan.extra)
    names = []
    for key in (EXTRA_TOKEN, EXTRA_TOKEN_BUSY):
        token = extra.get(key)
        if token is None:
            raise UsageError(f"{source} has no {key} in plan.extra; publish it once to draw one")
        if not TOKEN_RE.fullmatch(token):
            raise UsageError(f"{source}: plan.extra {key} {token[:40]!r} is not a feed token "
                             "(16 to 86 letters, digits, - and _, not starting with -); "
                             "use --new-token")
        names.append(f"{token}.ics")
    return FeedNames(names[0], names[1])


def with_tokens(plan: Plan, *, token: str, busy_token: str) -> Plan:
    """``plan`` carrying these feed tokens (drawn by the caller: the library draws nothing)."""
    for value in (token, busy_token):
        if not TOKEN_RE.fullmatch(value):
            raise UsageError(f"{value[:40]!r} is not a feed token")
    if token == busy_token:
        raise UsageError("the busy-only twin needs a token of its own")
    return _with_extra(plan, {EXTRA_TOKEN: token, EXTRA_TOKEN_BUSY: busy_token})


def rotate_tokens(plan: Plan, *, token: str, busy_token: str) -> Plan:
    """``plan`` with new feed tokens, the ones it had put first in its revoked list (as many
    of the newest as a plan.extra value holds)."""
    mine = with_tokens(plan, token=token, busy_token=busy_token)
    extra = dict(plan.extra)
    older = [extra.get(EXTRA_TOKEN), extra.get(EXTRA_TOKEN_BUSY), *revoked_tokens(plan)]
    kept: list[str] = []
    for old in older:
        if old and TOKEN_RE.fullmatch(old) and old not in (token, busy_token, *kept) and \
                len(" ".join([*kept, old])) <= _EXTRA_CHARS:
            kept.append(old)
    return _with_extra(mine, {EXTRA_REVOKED: " ".join(kept)}) if kept else mine


def revoked_tokens(plan: Plan) -> tuple[str, ...]:
    """The tokens the plan's feeds had before (the well-formed ones)."""
    text = dict(plan.extra).get(EXTRA_REVOKED, "")
    return tuple(t for t in text.split() if TOKEN_RE.fullmatch(t))


def has_tokens(plan: Plan) -> bool:
    extra = dict(plan.extra)
    return EXTRA_TOKEN in extra and EXTRA_TOKEN_BUSY in extra


def mark_modified(before: Plan, after: Plan, *, at: dt.datetime) -> Plan:
    """``after``, recording ``at`` (the caller's clock) as its last change when any workout
    differs from ``before``'s; unchanged, it is returned as it is."""
    if before.sessions == after.sessions:
        return after
    return _with_extra(after, {EXTRA_MODIFIED: _instant(at)})


def keep_feed(source: Plan, target: Plan) -> Plan:
    """``target`` with ``source``'s feed tokens (``next``: the follow-on plan takes the feed
    over, so a subscribed calendar gets it without a new URL)."""
    extra = dict(source.extra)
    kept = {k: extra[k] for k in FEED_KEYS if k in extra}
    return _with_extra(target, kept) if kept else target


def copy_without_feed(before: Plan, after: Plan) -> Plan:
    """``after`` without feed tokens when it is another plan than ``before`` (a copy on other
    dates: its own plan_id and UIDs), so publishing the copy never overwrites the original's
    feed; the same plan (re-timed, say) keeps them."""
    if after.plan_id == before.plan_id:
        return after
    kept = tuple((k, v) for k, v in after.extra if k not in FEED_KEYS)
    return replace(after, extra=kept) if kept != after.extra else after


def last_modified(plan: Plan) -> dt.datetime:
    """When the plan last changed: the recorded time of its last change, else its creation."""
    text = dict(plan.extra).get(EXTRA_MODIFIED)
    if text:
        try:
            at = dt.datetime.fromisoformat(text)
        except ValueError:
            at = None
        if at is not None and at.tzinfo is not None:
            return max(at.astimezone(dt.UTC), plan.created)
    return plan.created


def render_feed(plan: Plan, options: FeedOptions = FeedOptions(), *,
                busy_only: bool = False) -> bytes:
    """The plan as a subscription feed: its calendar with the feed properties added."""
    calendar = plan_calendar(plan, options, busy_only=busy_only)
    add_feed_properties(calendar, plan, options)
    from ..formats.ics import to_ical

    return to_ical(calendar)


def plan_calendar(plan: Plan, options: FeedOptions, *, busy_only: bool) -> icalendar.Calendar:
    """The plan's calendar as icalendar objects, before they are written."""
    from ..formats.ics import build_calendar
    from ..formats.options import RenderOptions

    return build_calendar(plan, RenderOptions(remind=options.remind, busy_only=busy_only,
                                              color=options.color))


def add_feed_properties(calendar: icalendar.Calendar, plan: Plan,
                        options: FeedOptions) -> None:
    """REFRESH-INTERVAL and X-PUBLISHED-TTL on the calendar; LAST-MODIFIED on every event
    whose SEQUENCE says it changed."""
    from icalendar.prop import vDuration

    if options.refresh <= dt.timedelta(0):
        raise UsageError("a feed's refresh interval must be positive")
    # a ready vDuration: icalendar before 7 has no type for REFRESH-INTERVAL (RFC 7986) and
    # would write a timedelta as text ("12:00:00"); tests/test_ics.py runs on the floor too
    refresh = vDuration(options.refresh)
    refresh.params["VALUE"] = "DURATION"
    calendar.add("refresh-interval", refresh, encode=False)
    calendar.add("x-published-ttl", _duration(options.refresh))
    changed_at = last_modified(plan)
    for event in calendar.walk("VEVENT"):
        if int(event.get("sequence", 0)) > 0:
            event.add("last-modified", changed_at)


def _duration(value: dt.timedelta) -> str:
    """An RFC 5545 duration of whole seconds: PT6H, P1D, PT90M."""
    seconds = int(value.total_seconds())
    days, rest = divmod(seconds, 86400)
    hours, rest = divmod(rest, 3600)
    minutes, secs = divmod(rest, 60)
    clock = "".join(f"{n}{u}" for n, u in ((hours, "H"), (minutes, "M"), (secs, "S")) if n)
    if not days and not clock:
        return "PT0S"
    return f"P{f'{days}D' if days else ''}{f'T{clock}' if clock else ''}"


def _instant(at: dt.datetime) -> str:
    if at.tzinfo is None:
        raise UsageError("a change time needs a zone")
    return at.astimezone(dt.UTC).replace(microsecond=0).strftime("%Y-%m-%dT%H:%M:%SZ")


def _with_extra(plan: Plan, values: dict[str, str]) -> Plan:
    extra = dict(plan.extra)
    extra.update(values)
    return replace(plan, extra=tuple(extra.items()))
