"""The subscribe page ``planforge publish`` writes beside a feed (``index.html``).

One self-contained page: the plan's name and summary, the feed's address in its ``https://``
and ``webcal://`` forms, a link or the steps for Google Calendar (web only), Apple Calendar,
Outlook and Thunderbird, and how soon each client picks up a change. With no base URL the
page links the feed relatively, and a few lines of script write the absolute addresses from
the page's own location (the relative link works without them). Every piece of plan text is
escaped.
"""

from __future__ import annotations

from dataclasses import dataclass
from html import escape
from urllib.parse import quote, urljoin, urlsplit

from ..core.model import Plan
from ..core.wording import calendar_name, clean_text
from ..errors import UsageError
from ..formats.html import CSS
from .feed import DEFAULT_REFRESH, FeedNames

#: words every subscribe page has had: how ``publish`` knows a page of its own in a folder
#: an older release wrote (one with no record of its files)
SUBSCRIBE_MARK = "Subscribe rather than import: a subscribed calendar follows the plan."


@dataclass(frozen=True, slots=True)
class PageLinks:
    """The feed's addresses: absolute when the base URL is known, else relative."""

    feed: str
    busy: str | None
    absolute: bool


def page_links(names: FeedNames, *, base_url: str | None, busy: bool) -> PageLinks:
    """The feed's (and the twin's) address under ``base_url`` (``https://host/dir/``)."""
    if base_url is None:
        return PageLinks(names.feed, names.busy if busy else None, absolute=False)
    check_base_url(base_url)
    base = base_url if base_url.endswith("/") else base_url + "/"
    return PageLinks(urljoin(base, names.feed),
                     urljoin(base, names.busy) if busy else None, absolute=True)


def check_base_url(base_url: str) -> None:
    """An http(s) URL with a host, no query, fragment or characters that need escaping."""
    try:
        parts = urlsplit(base_url)
        parts.port  # noqa: B018 - raises on a port that is no number
    except ValueError:  # "http://[x", "http://h:99999"
        parts = urlsplit("")
    if parts.scheme not in ("http", "https") or not parts.netloc or parts.query \
            or parts.fragment or any(c.isspace() or not c.isprintable() or c in "\"'<>\\"
                                     for c in base_url):
        raise UsageError(f"--base-url {base_url[:80]!r} is not a web address like "
                         "https://you.github.io/plans/")


def webcal(url: str) -> str:
    """The ``webcal://`` form of an http(s) address (what Apple and Outlook open)."""
    return "webcal://" + url.split("://", 1)[1]


def _e(text: str) -> str:
    return escape(clean_text(text), quote=True)


def render_subscribe_page(plan: Plan, links: PageLinks, *, watch: str | None = None) -> bytes:
    """The page as UTF-8 HTML. ``watch``: the folder (relative to the page) of the plan's
    watch workouts and their page (``batch --watch``), linked from an "On your watch" part."""
    name = calendar_name(plan)
    hours = int(DEFAULT_REFRESH.total_seconds() // 3600)
    body = [
        f"<h1>{_e(name)}</h1>",
        f"<p class=\"meta\">{_e(plan.summary)}</p>",
        "<h2>Subscribe</h2>",
        f"<p>{SUBSCRIBE_MARK} When the "
        "plan changes (<code>planforge shift</code>, then <code>planforge publish</code> "
        "again) the workouts move in your calendar by themselves, at the same address.</p>",
        _address_block(links.feed, links.absolute, "feed"),
        *_clients(links),
        "<h2>How soon a change arrives</h2>",
        "<ul>",
        "<li><b>Google Calendar</b> fetches subscribed calendars on its own schedule: "
        "usually within hours, sometimes up to a day. There is no refresh button.</li>",
        "<li><b>Apple Calendar</b>: as often as you choose under <i>Auto-refresh</i> when "
        "you subscribe (every 5 minutes to every week).</li>",
        "<li><b>Outlook</b>: on the web, every few hours; on the desktop, at its send/receive "
        "schedule, no more often than the feed asks.</li>",
        "<li><b>Thunderbird</b>: every 30 minutes by default (the calendar's <i>Refresh</i> "
        "setting); <i>Synchronize</i> fetches it at once.</li>",
        f"</ul><p>The feed asks to be fetched every {hours} hours (REFRESH-INTERVAL, "
        "X-PUBLISHED-TTL); clients may wait longer.</p>",
        *_busy(links),
        *([] if watch is None else [
            "<h2>On your watch</h2>",
            f"<p><a data-watch href=\"{_e(watch)}/index.html\">Your workouts as watch "
            "files</a>: the plan's page, each workout linking its .fit file (copy the files "
            "to GARMIN/NewFiles on a Garmin watch over USB).</p>"]),
        "<h2>Keep the address private</h2>",
        "<p>The feed's name is a secret: anyone who has the address can see when you train. "
        "Share this page only with yourself; <code>planforge publish --new-token</code> draws "
        "a new address (subscribe again with it).</p>",
    ]
    return _page(name, body, script=not links.absolute).encode("utf-8")


def _address_block(url: str, absolute: bool, kind: str) -> str:
    webcal_url = webcal(url) if absolute else url
    # the address's own scheme: a page served by 'planforge serve' is http, not https (a
    # relative address gets it from the page's location, in the script)
    label = f"Address ({urlsplit(url).scheme})" if absolute else "Address"
    return (
        "<dl class=\"feed\">"
        f"<dt>{label}</dt><dd><a data-{kind}=\"https\" href=\"{_e(url)}\">"
        f"<code>{_e(url)}</code></a></dd>"
        f"<dt>Address (webcal)</dt><dd><a data-{kind}=\"webcal\" href=\"{_e(webcal_url)}\">"
        f"<code>{_e(webcal_url)}</code></a></dd></dl>")


def _clients(links: PageLinks) -> list[str]:
    url = links.feed
    google = ("https://calendar.google.com/calendar/r?cid=" + quote(webcal(url), safe="")
              if links.absolute else "https://calendar.google.com/calendar/r/settings/addbyurl")
    outlook = ("https://outlook.live.com/calendar/0/addfromweb?url=" + quote(url, safe="")
               if links.absolute else "https://outlook.live.com/calendar/0/addfromweb")
    return [
        "<h3>Google Calendar (on the web only)</h3>",
        f"<p><a data-google href=\"{_e(google)}\">Add it to Google Calendar</a>, or on "
        "calendar.google.com on a computer: <b>Settings</b> &gt; <b>Add calendar</b> &gt; "
        "<b>From URL</b>, paste the https address, <b>Add calendar</b>. The phone apps cannot "
        "add it, but show it once it is added.</p>",
        "<h3>Apple Calendar (Mac, iPhone, iPad)</h3>",
        "<p>Open the webcal address on the device, or on a Mac: <b>File</b> &gt; <b>New "
        "Calendar Subscription</b>, paste the address, choose <i>Auto-refresh</i>. On an "
        "iPhone: <b>Settings</b> &gt; <b>Calendar</b> &gt; <b>Accounts</b> &gt; <b>Add "
        "Account</b> &gt; <b>Other</b> &gt; <b>Add Subscribed Calendar</b>.</p>",
        "<h3>Outlook</h3>",
        f"<p>Outlook on the web: <a data-outlook href=\"{_e(outlook)}\">add it from the "
        "web</a> (<b>Add calendar</b> &gt; <b>Subscribe from web</b>, paste the https "
        "address). Outlook for Windows: <b>Add Calendar</b> &gt; <b>From Internet</b>, paste "
        "the address, or open the webcal address.</p>",
        "<h3>Thunderbird</h3>",
        "<p><b>New Calendar</b> &gt; <b>On the Network</b>, paste the https address as the "
        "location, <b>Find Calendars</b>, <b>Subscribe</b>.</p>",
    ]


def _busy(links: PageLinks) -> list[str]:
    if links.busy is None:
        return []
    return [
        "<h2>Only that you are busy</h2>",
        "<p>This second feed has neutral titles and no details, marked private and busy: "
        "subscribe to it in a calendar others see. Its address does not reveal the "
        "detailed one.</p>",
        _address_block(links.busy, links.absolute, "busy"),
    ]


#: writes absolute addresses from the page's location; the relative links work without it
_SCRIPT = """<script>
for (const a of document.querySelectorAll("a[data-feed],a[data-busy]")) {
  const kind = a.dataset.feed || a.dataset.busy;
  const url = new URL(a.getAttribute("href"), location.href);
  if (!url.protocol.startsWith("http")) continue;
  const text = kind === "webcal" ? "webcal://" + url.href.split("://")[1] : url.href;
  a.href = text; a.firstChild.textContent = text;
  if (kind === "https") {
    a.closest("dd").previousElementSibling.textContent = `Address (${url.protocol.slice(0, -1)})`;
  }
  if (a.dataset.feed === "https") {
    const g = document.querySelector("a[data-google]");
    g.href = "https://calendar.google.com/calendar/r?cid=" +
      encodeURIComponent("webcal://" + url.href.split("://")[1]);
    document.querySelector("a[data-outlook]").href =
      "https://outlook.live.com/calendar/0/addfromweb?url=" + encodeURIComponent(url.href);
  }
}
</script>"""


def _page(title: str, body: list[str], *, script: bool) -> str:
    return "\n".join([
        "<!DOCTYPE html>",
        "<html lang=\"en\">",
        "<head>",
        "<meta charset=\"utf-8\">",
        "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">",
        "<meta name=\"robots\" content=\"noindex, nofollow\">",
        "<meta name=\"referrer\" content=\"no-referrer\">",
        f"<title>Subscribe: {_e(title)}</title>",
        f"<style>{CSS}\ndl.feed dd {{ margin: 0 0 .5rem; word-break: break-all; }}</style>",
        "</head>",
        "<body>",
        *body,
        *([_SCRIPT] if script else []),
        "</body>",
        "</html>",
        "",
    ])
