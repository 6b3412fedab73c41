"""Changing a plan that exists: :mod:`.shift` (re-date, lay out on other days, move later) and
:mod:`.repeat` (repeat a week)."""
