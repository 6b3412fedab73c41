"""A club's plans (``planforge batch``): :mod:`.roster` (reading a CSV or JSON roster),
:mod:`.batch` (one plan and feed per member, in a process pool), :mod:`.page` (the club's
page)."""
