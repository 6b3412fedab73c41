"""The exceptions planforge raises; the CLI turns each into one line and an exit code.

Every error a user can cause derives from :class:`PlanforgeError`, so the command-line
shell catches that one class in one place (``cli.app``) and never shows a traceback.

The exit-code policy, one rule (docs/errors.md, "Errors and exit codes"):

* **2, what you gave cannot be used**: a value on the command line or passed to the library
  (:class:`UsageError`), or a file planforge reads, a goal template or a plan file
  (:class:`FileError`). Nothing was done; fix the input.
* **1, what you asked cannot be done**: the output cannot be written (:class:`OutputError`),
  a change would break a training rule (:class:`RuleBreakError`), ``check`` finds a broken
  rule, Ctrl-C. The input was understood.
"""

from __future__ import annotations


class PlanforgeError(Exception):
    """Base class of every error planforge reports to a user."""

    #: process exit code the CLI uses for this error
    exit_code = 1
    #: what was done before the error, said before it (publish: the plan file took new
    #: feed tokens, but the folder could not be written)
    notes: tuple[str, ...] = ()


class UsageError(PlanforgeError):
    """A value given to a command or to the library's entry points is not accepted.

    ``option``: the command-line option the value belongs to, when one does (``"--time"``),
    as data: the web page marks that field, whatever the message's words.
    """

    exit_code = 2

    def __init__(self, *args: object, option: str | None = None) -> None:
        super().__init__(*args)
        self.option = option


class MissingOptionError(UsageError):
    """A value the operation needs was not given; ``option`` names the command-line option
    that gives it (the command line adds where to look: ``Try 'planforge make --help'.``)."""

    def __init__(self, option: str, message: str) -> None:
        super().__init__(message, option=option)


class UnknownGoalError(UsageError):
    """The goal names no built-in or user template."""

    def __init__(self, goal: str, known: tuple[str, ...]) -> None:
        self.goal = goal
        self.known = known
        super().__init__(f"unknown goal {goal!r}; choose one of: {', '.join(known)}")


class RaceTooSoonError(UsageError):
    """``--race``: the progression cannot reach the race safely by its date (R39).

    ``earliest``: the earliest race date it can reach (the same weekday), as data."""

    def __init__(self, message: str, *, earliest: object) -> None:
        super().__init__(message, option="--race")
        self.earliest = earliest


class ExtraMissingError(PlanforgeError):
    """An optional extra a command needs is not installed (``planforge[fit]``); the message
    says exactly what to install. Exit 1: the input is fine, the work cannot be done here."""


class FileError(PlanforgeError):
    """A file planforge reads is unreadable or invalid; the message names the file and the
    field (``club.toml: sessions[3].date: ...``)."""

    exit_code = 2

    def __init__(self, path: str, field: str | None, problem: str) -> None:
        self.path = path
        self.field = field
        self.problem = problem
        where = f"{path}: {field}" if field else path
        super().__init__(f"{where}: {problem}")


class TemplateError(FileError):
    """A goal template file is unreadable or invalid."""


class PlanFileError(FileError):
    """A plan file (TOML or JSON) is unreadable or does not match the plan format."""


class PlanFileProblems(PlanFileError):
    """Several problems in one plan file, reported together (each a :class:`PlanFileError`
    naming its field), so a hand edit takes one round, not one per field."""

    def __init__(self, path: str, problems: tuple[PlanFileError, ...]) -> None:
        self.problems = problems
        super().__init__(path, None, f"{len(problems)} problems:")

    def lines(self) -> tuple[str, ...]:
        """The heading, then one line per problem."""
        return (f"{self.path}: {len(self.problems)} problems, one per line:",
                *(f"  {p}" for p in self.problems))

    def __str__(self) -> str:
        return "\n".join(self.lines())


class OutputError(PlanforgeError):
    """An output file cannot be written (exists without --force, folder missing, disk full)."""


class RuleBreakError(PlanforgeError):
    """The change asked for (``render --days``, ``shift``) would break a training rule;
    nothing is written.

    ``instead``: the change that would keep the rules, as data (each shell words it: the
    command line as its option, the web page as its field): ``"repeat-week"`` (repeat the
    week instead of moving the plan), ``"rest-week"`` (move the plan a week later instead of
    repeating a week). ``option``: the option whose value broke the rule (``"--days"``).
    """

    def __init__(self, message: str, *, instead: str | None = None,
                 option: str | None = None) -> None:
        super().__init__(message)
        self.instead = instead
        self.option = option
