"""Goal templates of the user's own: a folder in the platform's usual config location.

* ``$PLANFORGE_TEMPLATES`` when set (tests use it);
* Linux and other Unixes: ``$XDG_CONFIG_HOME/planforge/templates``, else
  ``~/.config/planforge/templates``;
* macOS: ``~/Library/Application Support/planforge/templates``;
* Windows: ``%APPDATA%\\planforge\\templates``.

Each ``NAME.toml`` there is a goal named NAME (lower-case letters, digits and ``-``), checked
with :func:`planforge.goals.templates.load_template` like the built-in ones when it is used; a
built-in goal's name cannot be taken. Like :mod:`planforge.goals.catalog` this module imports only
``os`` and ``re`` at first (``planforge goals`` and every ``--goal`` check use it); the
template loader is imported when a template is loaded.
"""

# os.path, not pathlib, for the same reason as catalog.py: --help and goals start fast.
# ruff: noqa: PTH103, PTH111, PTH113, PTH117, PTH118, PTH123, PTH208

from __future__ import annotations

import os
import re
import sys
from collections.abc import Mapping
from typing import TYPE_CHECKING

from ..errors import OutputError, TemplateError, UnknownGoalError, UsageError
from . import catalog

if TYPE_CHECKING:
    from .templates import Template

ENV_VAR = "PLANFORGE_TEMPLATES"
#: ``plan.extra`` keys of a plan built from a template that is not a built-in goal's
EXTRA_TEMPLATE = "template"  # the template's name
EXTRA_TEMPLATE_SHA256 = "template_sha256"  # sha256 of the template file's bytes
_NAME = catalog.GOAL_NAME


def user_template_dir(environ: Mapping[str, str] | None = None,
                      platform: str | None = None, home: str | None = None) -> str:
    """The folder of the user's own templates (it need not exist)."""
    env = os.environ if environ is None else environ
    platform = sys.platform if platform is None else platform
    override = env.get(ENV_VAR, "").strip()
    if override:
        return os.path.expanduser(override)
    home = os.path.expanduser("~") if home is None else home
    if platform == "darwin":
        return os.path.join(home, "Library", "Application Support", "planforge", "templates")
    if platform in ("win32", "cygwin"):
        appdata = env.get("APPDATA", "").strip()
        base = appdata or os.path.join(home, "AppData", "Roaming")
        return os.path.join(base, "planforge", "templates")
    xdg = env.get("XDG_CONFIG_HOME", "").strip()
    base = xdg if xdg and os.path.isabs(xdg) else os.path.join(home, ".config")
    return os.path.join(base, "planforge", "templates")


class UserTemplate:
    """One ``*.toml`` file in the folder (a plain class: cheaper to define than a dataclass)."""

    __slots__ = ("name", "path", "problem")

    def __init__(self, name: str, path: str, problem: str | None = None) -> None:
        self.name = name
        self.path = path
        self.problem = problem  # why it cannot be used, if it cannot


def user_templates(folder: str | None = None) -> tuple[UserTemplate, ...]:
    """Every ``*.toml`` file in the folder, sorted; the unusable ones say why (none is loaded)."""
    folder = user_template_dir() if folder is None else folder
    try:
        names = sorted(n for n in os.listdir(folder) if n.lower().endswith(".toml"))
    except OSError:
        return ()
    builtin = set(catalog.builtin_goals())
    out = []
    for filename in names:
        path = os.path.join(folder, filename)
        if not os.path.isfile(path):
            continue
        name = filename[:-5]
        problem = None
        if not re.fullmatch(_NAME, name):
            problem = ("a goal name is 1 to 40 lower-case letters, digits and '-', starting "
                       "with a letter or digit; rename the file")
        elif name in builtin:
            problem = f"a built-in goal is called {name!r}; rename the file and its name field"
        out.append(UserTemplate(name, path, problem))
    return tuple(out)


def user_goals() -> tuple[str, ...]:
    return tuple(t.name for t in user_templates() if t.problem is None)


def known_goals() -> tuple[str, ...]:
    """The built-in goals, then the user's own."""
    return (*catalog.builtin_goals(), *user_goals())


def find_user_template(name: str) -> str | None:
    for t in user_templates():
        if t.name == name and t.problem is None:
            return t.path
    return None


def load_any_goal(name: str) -> Template:
    """A built-in goal, else a user template of that name (checked when loaded)."""
    from .templates import load_goal, load_template

    if name in catalog.builtin_goals():
        return load_goal(name)
    path = find_user_template(name)
    if path is None:
        raise UnknownGoalError(name, known_goals())
    return load_template(path)


def is_builtin(template: Template) -> bool:
    """Whether ``template`` is a built-in goal's file, unchanged."""
    from .templates import load_goal

    if template.name not in catalog.builtin_goals():
        return False
    return load_goal(template.name).digest == template.digest


def resolve_goal(goal: str | Template) -> str | Template:
    """A built-in goal stays a name (the engine loads it); a user goal's template is loaded."""
    if isinstance(goal, str) and goal not in catalog.builtin_goals():
        return load_any_goal(goal)
    return goal


def template_extra(template: Template) -> tuple[tuple[str, str], ...]:
    """What a plan records about a template that is not a built-in goal (empty if it is)."""
    if is_builtin(template):
        return ()
    return ((EXTRA_TEMPLATE, template.name), (EXTRA_TEMPLATE_SHA256, template.digest))


def builtin_description(goal: str) -> str:
    """The one-line description of a built-in goal, as the loaded template has it: the quick
    read of :func:`catalog.quick_description` when it is sure, else the full loader (so a
    broken description fails as it does for ``make``, with
    :class:`~planforge.errors.TemplateError`)."""
    quick = catalog.quick_description(os.path.join(catalog.builtin_dir(), f"{goal}.toml"))
    if quick is not None:
        return quick
    from .templates import load_goal

    return load_goal(goal).description


def user_goal_lines() -> tuple[list[tuple[str, str]], list[str]]:
    """The user's usable templates as (name, description) and warnings about the others."""
    found = user_templates()
    if not found:
        return [], []
    from .templates import load_template

    rows, warnings = [], []
    for t in found:
        if t.problem is not None:
            warnings.append(f"warning: ignoring user template {t.path}: {t.problem}")
            continue
        try:
            template = load_template(t.path)
        except TemplateError as exc:
            warnings.append(f"warning: ignoring user template {t.path}: {exc}")
            continue
        rows.append((t.name, template.description))
    return rows, warnings


def new_template(name: str, *, source: str = "glutes", folder: str | None = None) -> str:
    """Write ``NAME.toml`` into the user's templates folder (created if missing), a copy of
    goal ``source``'s template with ``name = "NAME"``; its path. Never overwrites a file."""
    folder = user_template_dir() if folder is None else folder
    if not re.fullmatch(_NAME, name):
        raise UsageError(f"{name!r} cannot name a goal: use 1 to 40 lower-case letters, digits "
                         "and '-', starting with a letter or digit, e.g. my-glutes")
    if name in catalog.builtin_goals():
        raise UsageError(f"{name!r} is a built-in goal; choose another name, e.g. my-{name}")
    from_path = template_path(source)
    with open(from_path, encoding="utf-8") as handle:
        body = handle.read()
    body, count = re.subn(r'(?m)^name = "[^"\n]*"$', f'name = "{name}"', body, count=1)
    if not count:
        body = f'name = "{name}"\n' + body
    path = os.path.join(folder, f"{name}.toml")
    head = (f"# Your goal template {name!r}, made from {source!r} by: planforge goals --new "
            f"{name} --from {source}\n# Edit it, then: planforge make --goal {name}\n")
    try:
        os.makedirs(folder, exist_ok=True)
        with open(path, "x", encoding="utf-8") as handle:
            handle.write(head + body)
    except FileExistsError:
        raise UsageError(f"{path} already exists; edit it, or choose another name") from None
    except OSError as exc:
        raise OutputError(f"cannot write {path}: {exc.strerror or exc}") from None
    return path


def template_path(name: str) -> str:
    """The file of goal ``name``: a built-in template, else one in your templates folder."""
    if name in catalog.builtin_goals():
        return os.path.join(catalog.builtin_dir(), f"{name}.toml")
    found = find_user_template(name)
    if found is None:
        raise UnknownGoalError(name, known_goals())
    return found


def template_text(name: str) -> str:
    """A goal's template file as text, with a comment on how to make it your own."""
    path = template_path(name)
    head = (
        f"# The goal template {name!r}, printed by: planforge goals --show {name}\n"
        f"# To make a goal of your own from it: planforge goals --new NAME --from {name}\n"
        "# (NAME: lower-case letters, digits and -); then edit the file it writes, and\n"
        "# planforge make --goal NAME uses it (or: planforge make --template FILE).\n"
    )
    with open(path, encoding="utf-8") as handle:
        return head + handle.read()
