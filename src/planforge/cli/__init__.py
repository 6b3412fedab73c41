"""The ``planforge`` command line: a thin shell over the library.

- :mod:`.app`: the click group and the one place errors become a line and an exit code;
- :mod:`.params`: the option types, which validate values as they are parsed;
- :mod:`.options`: option bundles defined once, and the defaults the shell supplies;
- one module per command family: :mod:`.make`, :mod:`.goals`, :mod:`.show`,
  :mod:`.plans` (check, render, shift, next, schema), :mod:`.workouts` (watch files),
  :mod:`.feeds` (publish, serve, batch).

A command's module is imported when that command runs (or its help is asked for), not when
the group is built: ``planforge --help`` lists every command from :data:`COMMANDS` alone.
"""

from .app import main

#: every command: the module of this package that defines it (in its ``COMMANDS``) and the
#: one line ``planforge --help`` shows, which is the command's own ``short_help``
#: (tests/test_startup.py keeps the two the same)
COMMANDS: dict[str, tuple[str, str]] = {
    "batch": ("feeds", "One plan each for a club's members."),
    "check": ("plans", "Check a plan file against the training rules."),
    "done": ("reallife", "Record what you did, from activity files or by hand."),
    "goals": ("goals", "List the goals; start one of your own."),
    "make": ("make", "Build a plan and write it as a calendar."),
    "missed": ("reallife", "Record days you missed; the plan takes you back as a coach would."),
    "next": ("plans", "Build the plan that follows a plan file."),
    "publish": ("feeds", "Publish a plan as a calendar feed to subscribe to."),
    "render": ("plans", "Write a plan file as a calendar, re-dated."),
    "schema": ("plans", "Print the JSON Schema of plan files."),
    "serve": ("feeds", "Serve a published folder on this computer."),
    "shift": ("plans", "Move workouts later, or repeat a week."),
    "show": ("show", "Show a plan in the terminal, week by week."),
    "workouts": ("workouts", "Write a plan file's workouts for a watch."),
}

main.lazy_commands = {name: (f"{__name__}.{module}", line)
                      for name, (module, line) in COMMANDS.items()}

__all__ = ["COMMANDS", "main"]
