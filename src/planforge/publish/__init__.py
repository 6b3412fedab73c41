"""Calendars that follow a plan: :mod:`.feed` (a plan published as a feed, its secret token),
:mod:`.page` (the subscribe page), :mod:`.server` (``planforge serve`` on this computer)."""
