"""The ``planforge`` command line: a thin shell over the library.

- :mod:`.app`: the click group and the one place errors become a line and an exit code;
- :mod:`.params`: the option types, which validate values as they are parsed;
- :mod:`.options`: option bundles defined once, and the defaults the shell supplies;
- one module per command family: :mod:`.make` (make, goals), :mod:`.show`,
  :mod:`.plans` (check, render, shift, next, schema), :mod:`.workouts` (watch files),
  :mod:`.feeds` (publish, serve, batch).
"""

from . import feeds, make, plans, show, workouts
from .app import main

for _module in (make, show, plans, workouts, feeds):
    for _command in _module.COMMANDS:
        main.add_command(_command)

__all__ = ["main"]
