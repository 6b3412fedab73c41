"""The layout holds: imports inside src/planforge run one way, web -> cli -> services -> club
-> publish -> formats -> core -> goals -> errors, and no module imports itself back through
others; the shells (web.py and cli/) reach the rest only through the library layer.

The import graph is read from the source with :mod:`ast`, every ``import`` and ``from ...
import`` anywhere in a module (inside functions and ``if TYPE_CHECKING:`` blocks too: a lazy
import is still a dependency). Nothing is imported to build it.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "src" / "planforge"

#: the layers from the top; a module may import its own layer and the layers below it.
#: ``planforge`` itself (``__init__``, ``__main__``: the lazy public API and ``python -m``)
#: sits above them all. ``web`` is the web page's shell (the page calls it in Pyodide) and
#: ``cli`` the command line's; both are thin shells over ``services``, the library layer: the
#: operations people run (make, render, shift, next, check, publish, batch ...).
LAYERS = ("web", "cli", "services", "club", "publish", "formats", "core", "goals", "errors")
TOP = "planforge"


def module_name(path: Path) -> str:
    parts = ["planforge", *path.relative_to(PACKAGE).with_suffix("").parts]
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def modules() -> dict[str, Path]:
    return {module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}


def _resolve(current: str, is_package: bool, node: ast.ImportFrom) -> str:
    if not node.level:
        return node.module or ""
    base = current.split(".") if is_package else current.split(".")[:-1]
    base = base[: len(base) - (node.level - 1)]
    return ".".join([*base, *([node.module] if node.module else [])])


def imports(name: str, path: Path, known: set[str]) -> set[str]:
    """The planforge modules ``name`` imports, and the outside packages (top-level names)."""
    found: set[str] = set()
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    is_package = path.name == "__init__.py"
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = _resolve(name, is_package, node)
            if base == "planforge" and [a.name for a in node.names] == ["__version__"]:
                continue  # a constant of the package (hatch reads it there), not its API
            for alias in node.names:
                sub = f"{base}.{alias.name}"
                found.add(sub if sub in known else base)
    return found


def graph() -> dict[str, set[str]]:
    mods = modules()
    known = set(mods)
    return {name: imports(name, path, known) for name, path in mods.items()}


def layer(module: str) -> str:
    parts = module.split(".")
    if parts[0] != "planforge":
        return "outside"
    return parts[1] if len(parts) > 1 and parts[1] in LAYERS else TOP


def test_the_graph_sees_lazy_imports() -> None:
    """The reader finds an import inside a function (user.py loads templates only when needed)
    and a relative one two levels up."""
    edges = graph()
    assert "planforge.goals.templates" in edges["planforge.goals.user"]
    assert "planforge.errors" in edges["planforge.goals.templates"]
    assert "planforge.cli.app" in edges["planforge.cli"]


def test_imports_run_one_way() -> None:
    order = {name: i for i, name in enumerate(LAYERS)}
    wrong = []
    for module, targets in graph().items():
        here = layer(module)
        for target in targets:
            there = layer(target)
            if there == "outside" or here == TOP:
                continue
            if there == TOP or order[there] < order[here]:
                wrong.append(f"{module} -> {target}")
    assert not wrong, "imports against " + " -> ".join(LAYERS) + ":\n" + "\n".join(
        sorted(wrong))


#: the outside packages each layer may import (beside the standard library): click is the
#: command line's alone; the calendar library and the validator belong to the writers and
#: readers; dateutil and the zone database to any layer that computes dates (the engine's
#: recurrences, the command line's reading of dates and times); goals and errors use none
ALLOWED_OUTSIDE = {
    "web": set(),
    "cli": {"click"},
    "services": set(),
    "club": {"dateutil", "tzdata"},
    "publish": {"icalendar"},  # a feed adds its own calendar properties (REFRESH-INTERVAL ...)
    "formats": {"icalendar", "fastjsonschema", "dateutil", "tzdata"},
    "core": {"dateutil", "tzdata"},
    "goals": set(),
    "errors": set(),
    TOP: set(),
}
THIRD_PARTY = {"click", "icalendar", "dateutil", "tzdata", "jsonschema", "fastjsonschema",
               "jsonschema_rs"}


@pytest.mark.parametrize("package", sorted(THIRD_PARTY))
def test_outside_packages_stay_in_their_layer(package: str) -> None:
    users = sorted(
        module for module, targets in graph().items()
        if any(t == package or t.startswith(f"{package}.") for t in targets)
        and package not in ALLOWED_OUTSIDE[layer(module)])
    assert not users, f"{package} imported outside its layer by {users}"


#: what a shell (web.py, cli/) may import beside the library layer: the formats' public
#: functions (the registry of formats and their options, which ``--format`` offers; writing
#: a file or a folder whole or not at all), the exception hierarchy (one place maps it to
#: exit codes) and the package's version. Everything else (the engine, the rules, the
#: writers, plan files, rosters, feeds, templates) is reached through ``services``.
SHELL_MAY_IMPORT = {"planforge.formats.registry", "planforge.formats.output",
                    "planforge.errors", TOP}
SHELLS = ("web", "cli")


def test_the_shells_import_only_the_library_layer() -> None:
    wrong = []
    for module, targets in graph().items():
        if layer(module) not in SHELLS:
            continue
        for target in targets:
            if layer(target) in (*SHELLS, "services", "outside"):
                continue
            if target not in SHELL_MAY_IMPORT:
                wrong.append(f"{module} -> {target}")
    assert not wrong, ("a shell imports past the library layer (planforge.services):\n"
                       + "\n".join(sorted(wrong)))


def test_web_imports_nothing_of_the_command_line() -> None:
    edges = graph()
    assert not {t for t in edges["planforge.web"] if layer(t) == "cli"}
    assert not {t for m, ts in edges.items() if layer(m) == "cli" for t in ts
                if layer(t) == "web"}


def test_the_shell_check_sees_a_wrong_import() -> None:
    """The checks above read real edges: the command line does import the library layer."""
    edges = graph()
    assert any(layer(t) == "services" for t in edges["planforge.cli.make"])
    assert any(layer(t) == "services" for t in edges["planforge.web"])


def _cycles(edges: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components of more than one module (Tarjan), or a self-import."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for nxt in sorted(edges.get(node, ())):
            if nxt not in edges:
                continue
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            component = []
            while True:
                top = stack.pop()
                on_stack.discard(top)
                component.append(top)
                if top == node:
                    break
            if len(component) > 1 or node in edges[node]:
                found.append(sorted(component))

    for node in sorted(edges):
        if node not in index:
            visit(node)
    return found


def test_no_import_cycles() -> None:
    # the top package (the lazy public API) imports everything when asked and nothing imports
    # it (test_imports_run_one_way): it is left out; a subpackage's __init__ is a module here
    edges = {m: {t for t in ts if t != TOP} for m, ts in graph().items() if m != TOP}
    assert _cycles(edges) == []


def test_the_cycle_finder_finds_cycles() -> None:
    assert _cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]
    assert _cycles({"a": {"b"}, "b": set()}) == []


#: dotted words that look like module paths but are not (a Markdown line's end, a meta key,
#: the record of a folder's files: .planforge.json)
NOT_MODULES = {"planforge._", "planforge.quiet", "planforge.json"}


def _resolves(dotted: str, known: set[str]) -> bool:
    """Whether ``dotted`` is a planforge module, or a name defined in one (read, not run)."""
    parts = dotted.split(".")
    for i in range(len(parts), 0, -1):
        module = ".".join(parts[:i])
        if module in known:
            rest = parts[i:]
            if not rest:
                return True
            tree = ast.parse(modules()[module].read_text(encoding="utf-8"))
            defined = {n.name for n in ast.walk(tree)
                       if isinstance(n, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef)}
            defined |= {t.id for n in ast.walk(tree) if isinstance(n, ast.Assign | ast.AnnAssign)
                        for t in (n.targets if isinstance(n, ast.Assign) else [n.target])
                        if isinstance(t, ast.Name)}
            defined |= {a.asname or a.name for n in ast.walk(tree)
                        if isinstance(n, ast.ImportFrom) for a in n.names}
            return rest[0] in defined
    return False


def test_docstrings_and_comments_name_modules_that_exist() -> None:
    """Every ``planforge.x.y`` and every relative ``:mod:`.x``` a docstring or comment names
    is a module (or a name in one) that exists: the moves left 13 that did not."""
    import re

    found = modules()
    known = set(found)
    wrong = []
    for name, path in found.items():
        text = path.read_text(encoding="utf-8")
        package = name if path.name == "__init__.py" else name.rsplit(".", 1)[0]
        refs = [m[0].rstrip(".") for m in re.finditer(r"planforge(?:\.[A-Za-z_]\w*)+", text)]
        for m in re.finditer(r":(?:mod|func|class|data|attr|meth):`~?(\.+)([A-Za-z_][\w.]*)`",
                             text):
            base = package.split(".")
            refs.append(".".join([*base[:len(base) - (len(m[1]) - 1)], m[2]]))
        wrong += [f"{path.relative_to(PACKAGE)}: {ref}" for ref in refs
                  if ref.startswith("planforge.") and ref not in NOT_MODULES
                  and not _resolves(ref, known)]
    assert not wrong, "names of modules that do not exist:\n" + "\n".join(sorted(set(wrong)))
