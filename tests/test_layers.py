"""The core is reachable without the TUI: headless modules never import Textual."""

import subprocess
import sys


def test_headless_modules_do_not_import_textual():
    code = (
        "import sys, koop_tui.model, koop_tui.canonical, koop_tui.settings, koop_tui.store, koop_tui.dates\n"
        "import koop_tui.__main__ as m\n"
        "m.build_parser()\n"
        "assert 'textual' not in sys.modules, sorted(k for k in sys.modules if k.startswith('textual'))\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


def test_koop_imports_only_the_command_it_runs():
    """Opening the app configured every command before (0.15 s of imports: calendar, HTTP server, git sync)."""
    code = (
        "import sys, koop_tui.__main__ as m\n"
        "m.build_parser(m._command_in(sys.argv[1:])).parse_args(sys.argv[1:])\n"
        "print(' '.join(sorted(k for k in sys.modules if k.startswith('koop_tui.cli.'))))\n"
    )
    ran = [subprocess.run([sys.executable, "-c", code, *args], check=True, capture_output=True, text=True).stdout.split()
           for args in (["-w", "ws"], ["--today", "2026-11-23", "due", "--json"])]
    assert ran[0] == []
    assert "koop_tui.cli.due" in ran[1] and not {"koop_tui.cli.serve", "koop_tui.cli.export"} & set(ran[1])


# -- the import graph: one direction of dependency, no cycles (docs/architecture.md) --------------------------

import ast  # noqa: E402
import importlib  # noqa: E402
import pkgutil  # noqa: E402
from pathlib import Path  # noqa: E402

import koop_tui  # noqa: E402

PACKAGE = Path(koop_tui.__file__).parent
# The small pure modules everyone may use (the schema's field declarations among them), then the model, the
# modules reading and writing it as dicts, text and dates, then store, engine, index, and the views on top.
LAYERS = {"schema": 0, "errors": 0, "slugs": 0, "text": 0, "userdirs": 0, "gcpause": 0, "demo_data": 0, "i18n": 0,
          "words": 0, "model": 1, "canonical": 2, "settings": 2, "dates": 2, "store": 3, "engine": 4, "index": 5}
VIEWS = 6


def modules() -> dict[str, Path]:
    found = {}
    for path in PACKAGE.rglob("*.py"):
        parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        found[name] = path
    return found


def imported(name: str, path: Path, known: dict[str, Path]) -> set[str]:
    """koop_tui modules that `name` imports, at module level or inside functions (a lazy import is still a
    dependency). `from package import module` counts as the module."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    out = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parts = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*parts, *([node.module] if node.module else [])])
            targets = [base, *(f"{base}.{alias.name}" for alias in node.names)]
        else:
            continue
        for target in targets:
            while target and target not in known:
                target = target.rpartition(".")[0]
            if target.startswith("koop_tui") and target != name:
                out.add(target)
    return out


def layer(name: str) -> int:
    parts = name.split(".")
    return 0 if len(parts) == 1 else LAYERS.get(parts[1], VIEWS)


def test_every_module_imports():
    for info in pkgutil.walk_packages([str(PACKAGE)], "koop_tui."):
        if info.name != "koop_tui.__main__":
            importlib.import_module(info.name)


def test_dependencies_go_model_store_engine_index_views():
    known = modules()
    upward = sorted(f"{name} -> {target}" for name, path in known.items() for target in imported(name, path, known)
                    if layer(target) > layer(name))
    assert upward == []


def test_views_use_the_index_through_its_facade_only():
    """cli/, app/ and the other views ask `koop_tui.index` for what is derived, never the modules behind it."""
    known = modules()
    inside = sorted(f"{name} -> {target}" for name, path in known.items() if layer(name) == VIEWS
                    for target in imported(name, path, known) if target.startswith("koop_tui.index."))
    assert inside == []


def test_the_layers_hold_every_module():
    """A new top-level module is placed in a layer on purpose: unlisted, it would count as a view."""
    tops = {name.split(".")[1] for name in modules() if name.count(".") >= 1}
    views = {"app", "cli", "ics", "serve", "sync", "capture", "importers", "demo", "identity", "charts", "debug",
             "__main__"}
    assert tops - set(LAYERS) == views


def test_no_module_outside_app_imports_textual():
    stray = []
    for name, path in modules().items():
        if name.startswith("koop_tui.app"):
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = [a.name for a in node.names] if isinstance(node, ast.Import) else \
                [node.module or ""] if isinstance(node, ast.ImportFrom) else []
            stray += [f"{name}: {n}" for n in names if n.split(".")[0] in ("textual", "rich")]
    assert stray == []


def test_the_import_graph_has_no_cycles():
    known = modules()
    graph = {name: imported(name, path, known) for name, path in known.items()}
    # a package's __init__ is imported with each of its modules: importing it from inside is no cycle
    graph = {name: {t for t in targets if not name.startswith(t + ".")} for name, targets in graph.items()}
    state: dict[str, int] = {}
    cycles = []

    def visit(name: str, trail: list[str]) -> None:
        state[name] = 1
        for target in sorted(graph.get(name, ())):
            if state.get(target) == 1:
                cycles.append(trail[trail.index(target):] + [target] if target in trail else [name, target])
            elif target not in state:
                visit(target, [*trail, target])
        state[name] = 2

    for name in sorted(graph):
        if name not in state:
            visit(name, [name])
    assert cycles == []
