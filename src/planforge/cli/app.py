"""The ``planforge`` click group: the one place where errors become one line and an exit code.

The shell reads the clock, the environment and the system zone (:mod:`.options`); the library
never does. Every library error is a :class:`~planforge.errors.PlanforgeError` whose
``exit_code`` says how the command ends; click's own usage errors exit 2. Importing this
module does not import the engine or icalendar, so ``planforge --help`` stays fast.
"""

from __future__ import annotations

import functools
import importlib
from collections.abc import Mapping
from typing import Any, NoReturn

import click

from .. import __version__
from ..errors import MissingOptionError, PlanFileProblems, PlanforgeError, RuleBreakError
from ..services.text import one_line

#: the change that keeps the rules, as the command line spells it (RuleBreakError.instead)
INSTEAD = {"repeat-week": "--repeat-week", "rest-week": "--by 1w, to rest a week"}


class PlanforgeGroup(click.Group):
    """A group whose errors are one line: ``Error: ...`` on stderr and the right exit code.

    Its commands load lazily: ``lazy_commands`` maps a command's name to the module that
    defines it (with the rest of its family, in the module's ``COMMANDS``) and the line the
    group's help shows for it. click builds every option of a command when its module is
    imported; a command that does not run has no need of that.
    """

    lazy_commands: Mapping[str, tuple[str, str]] = {}

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*self.commands, *self.lazy_commands})

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name not in self.commands and cmd_name in self.lazy_commands:
            module = importlib.import_module(self.lazy_commands[cmd_name][0])
            for command in module.COMMANDS:
                self.commands.setdefault(command.name or "", command)
        return self.commands.get(cmd_name)

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        """The commands and their lines, without importing a command's module."""
        rows = [(name, self.lazy_commands[name][1] if name in self.lazy_commands
                 else self.commands[name].get_short_help_str())
                for name in self.list_commands(ctx)
                if name in self.lazy_commands or not self.commands[name].hidden]
        if rows:
            with formatter.section("Commands"):
                formatter.write_dl(rows)

    def make_context(
        self,
        info_name: str | None,
        args: list[str],
        parent: click.Context | None = None,
        **extra: Any,
    ) -> click.Context:
        try:
            return super().make_context(info_name, args, parent, **extra)
        except click.UsageError as exc:
            _one_line(exc)

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except click.UsageError as exc:
            _one_line(exc)
        except PlanforgeError as exc:
            for note in exc.notes:  # what was done before it went wrong
                click.echo(one_line(f"note: {note}"), err=True)
            lines = exc.lines() if isinstance(exc, PlanFileProblems) else (str(exc),)
            if isinstance(exc, RuleBreakError) and exc.instead in INSTEAD:
                lines = (f"{lines[0]}; try {INSTEAD[exc.instead]} instead",)
            if isinstance(exc, MissingOptionError):  # as click says a missing option
                path = " ".join(filter(None, (ctx.command_path, ctx.invoked_subcommand)))
                lines = (f"{exc} Try '{path} --help'.",)
            raise _error(exc.exit_code)("\n".join(one_line(line) for line in lines)) from None
        except BrokenPipeError:  # the reader of standard output went away (| head)
            from ..formats.output import silence_stdout

            silence_stdout()
            return None


def _one_line(exc: click.UsageError) -> NoReturn:
    """Re-raise a click usage error as one line (no usage block), keeping exit code 2."""
    if isinstance(exc, click.NoSuchOption) and exc.ctx is not None and exc.possibilities:
        exc = _without_hidden(exc, exc.ctx)
    message = exc.format_message()
    names_a_value = isinstance(exc, click.BadParameter) and not isinstance(
        exc, click.MissingParameter
    )
    # click's own choice messages ('x' is not one of ...) do not say where to look (a
    # subclass, such as --level's, that says "did you mean" does)
    param = getattr(exc, "param", None)
    if names_a_value and param is not None and type(param.type) is click.Choice:
        names_a_value = False
    if not names_a_value and exc.ctx is not None:
        message += f" Try '{exc.ctx.command_path} --help'."
    raise _error(exc.exit_code)(one_line(message)) from None


def _without_hidden(exc: click.NoSuchOption, ctx: click.Context) -> click.NoSuchOption:
    """``No such option '--gaol'`` suggesting only options --help shows (not the hidden old
    --color, which is kept working, not offered)."""
    hidden = {opt for param in ctx.command.params if getattr(param, "hidden", False)
              for opt in (*param.opts, *param.secondary_opts)}
    kept = [p for p in exc.possibilities or () if p not in hidden]
    return click.NoSuchOption(exc.option_name, exc.message, kept or None, ctx)


@functools.cache
def _error(exit_code: int) -> type[click.ClickException]:
    """A ClickException class that shows ``Error: message`` and exits with ``exit_code``."""
    return type(f"PlanforgeExit{exit_code}", (click.ClickException,), {"exit_code": exit_code})


@click.group("planforge", cls=PlanforgeGroup, invoke_without_command=True,
             subcommand_metavar="COMMAND [ARGS]...",
             context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "--version", prog_name="planforge",
                      message="%(prog)s %(version)s")
@click.pass_context
def main(ctx: click.Context) -> None:
    """Build a safe, progressive running-and-strength plan and write it as a calendar file.

    Run 'planforge COMMAND --help' for what a command takes.

    \b
    Examples:
      planforge make --weeks 8 --goal glutes
      planforge show --goal thighs --weeks 12
      planforge goals
    """
    if ctx.invoked_subcommand is None:  # plain `planforge`: the help, as git and pip do
        click.echo(ctx.get_help())
        ctx.exit(0)
