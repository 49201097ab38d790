"""Each private Textual API koop relies on still works as koop expects (koop_tui/app/textual_private.py).

A failure here after a Textual upgrade names the API that changed: adapt textual_private.py before anything
else. The last tests keep the rest of koop_tui/app/ free of private Textual names."""

from __future__ import annotations

import ast
import importlib
import inspect
import pkgutil
import re
from pathlib import Path

import pytest
from rich.text import Text
from textual import events
from textual.app import App
from textual.geometry import Size
from textual.screen import Screen
from textual.widgets import DataTable, Footer
from textual.widgets.data_table import DuplicateKey, RowKey

import koop_tui.app
from koop_tui.app import textual_private as private


def test_the_datatable_internals_exist():
    assert private.missing_datatable_internals() == []


def test_the_footer_key_widget_is_the_one_footer_mounts():
    from textual.widget import Widget

    assert issubclass(private.FooterKey, Widget) and private.FooterKey.__module__ == Footer.__module__


async def test_a_batch_update_is_seen_and_styles_and_breakpoints_read():
    class Probe(App):
        HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (100, "-wide")]

    app = Probe()
    async with app.run_test(size=(120, 30)):
        assert private.in_batch_update(app) is False
        with app.batch_update():
            assert private.in_batch_update(app) is True
        assert private.in_batch_update(app) is False
        screen = Screen()
        private.mark_styled(screen, app)
        assert screen._css_update_count == app._css_update_count
        assert private.breakpoint_classes(screen, 120, Probe.HORIZONTAL_BREAKPOINTS) == {"-wide"}
        assert private.breakpoint_classes(screen, 80, Probe.HORIZONTAL_BREAKPOINTS) == {"-narrow"}


def test_the_command_palette_marks_its_no_matches_line_with_the_id_koop_reads():
    """koop's Palette says "No matches found" in the user's language by this id (the German test sees it)."""
    from textual.command import CommandPalette

    assert isinstance(private.NO_MATCHES, str) and private.NO_MATCHES
    assert "id=self._NO_MATCHES" in inspect.getsource(CommandPalette._start_no_matches_countdown)


async def test_the_footer_says_when_its_bindings_are_ready():
    footer = Footer()
    assert private.bindings_ready(footer) is False

    class Probe(App):
        BINDINGS = [("x", "bell", "Ring")]

        def compose(self):
            yield footer

    async with Probe().run_test(size=(60, 10)) as pilot:
        await pilot.pause()
        assert private.bindings_ready(footer) is True


class Probed(private.TableInternals):
    """TableInternals recording what DataTable asked of its hooks."""

    def __init__(self) -> None:
        super().__init__()
        self.measured, self.shaped, self.asked = [], [], []

    def measure_rows(self, new_rows):
        rows = list(new_rows)
        self.measured.append([key.value for key in rows])
        return rows

    def shape_cells(self, cells: list) -> None:
        self.shaped.append(list(cells))
        cells[-1] = Text("cut")

    def redraws_at(self, size) -> bool:
        self.asked.append(size)
        return False


ROWS = [("a", ("1", "Anna")), ("b", ("22", "Ben")), ("c", ("333", None))]


async def test_rows_added_in_one_step_equal_add_row_and_the_hooks_are_asked():
    class Tables(App):
        def compose(self):
            yield DataTable(id="plain", cursor_type="row")
            yield Probed()

    app = Tables()
    async with app.run_test(size=(60, 12)) as pilot:
        plain, fast = app.query_one("#plain", DataTable), app.query_one(Probed)
        for table in (plain, fast):
            table.add_columns("N", "Name")
        for key, cells in ROWS:
            plain.add_row(*cells, key=key)
        fast.add_rows_keyed(ROWS)
        await pilot.pause()

        def state(table: DataTable) -> tuple:
            return ([(key.value, list(cells.values())) for key, cells in table._data.items()],
                    [table.get_row_index(k) for k in "abc"], [c.content_width for c in table.ordered_columns],
                    table.virtual_size, table.cursor_coordinate, table.row_count)

        assert state(fast) == state(plain)
        assert [(key.value, list(cells.values())) for key, cells in fast.row_cells()] == \
               [(key, list(cells)) for key, cells in ROWS]
        assert list(fast.cells_of(RowKey("b")).values()) == ["22", "Ben"] and fast.cells_of(RowKey("x")) is None
        assert [sorted(keys) for keys in fast.measured] == [["a", "b", "c"]]  # _update_dimensions: new rows, at idle

        fast.refresh()
        await pilot.pause()
        assert fast.shaped and all(len(cells) == 2 for cells in fast.shaped)  # _compute_row_renderables
        assert "cut" in fast.render_line(1).text and "Anna" not in fast.render_line(1).text

        fast.forget_drawn()  # _clear_caches
        assert not fast._row_render_cache and not fast._cell_render_cache and not fast._line_cache
        column = fast.ordered_columns[-1]
        column.auto_width, column.width = False, 30
        fast.remeasure()  # _update_count, _clear_caches, _update_dimensions(())
        assert fast.virtual_size.width > plain.virtual_size.width

        drawn = fast._update_count, plain._update_count
        for table in (fast, plain):
            table.post_message(events.Resize(Size(40, 5), Size(40, 5)))
        await pilot.pause()
        assert Size(40, 5) in fast.asked  # _on_resize: skipped when the hook says so, as DataTable's would count
        assert fast._update_count == drawn[0] and plain._update_count > drawn[1]


async def test_adding_a_row_key_twice_or_too_many_cells_fails_as_add_row_does():
    class Tables(App):
        def compose(self):
            yield Probed()

    app = Tables()
    async with app.run_test(size=(60, 12)):
        fast = app.query_one(Probed)
        fast.add_columns("N", "Name")
        fast.add_rows_keyed(ROWS)
        with pytest.raises(DuplicateKey):
            fast.add_rows_keyed([("a", ("again",))])
        with pytest.raises(ValueError):
            fast.add_rows_keyed([("e", ("1", "2", "3"))])


def _app_modules() -> list:
    return [importlib.import_module(m.name) for m in pkgutil.walk_packages(koop_tui.app.__path__, "koop_tui.app.")]


def test_no_koop_class_shadows_a_private_name_of_textual():
    """An attribute named like one of Textual's own changes Textual's state (the app once kept its quitting flag
    in Textual's `_closing`). Only TableInternals overrides DataTable's, on purpose."""
    metaclass = {"_computes", "_css_type_name", "_css_type_names", "_decorated_handlers", "_inherit_bindings",
                 "_inherit_component_classes", "_inherit_css", "_merged_bindings", "_reactives", "_abc_impl"}
    assigned = re.compile(r"self\.(_[a-z]\w*)\s*(?::[^=\n]*)?=(?!=)")

    def textual_names(cls: type) -> set[str]:
        names = set()
        for base in cls.__mro__:
            if base.__module__.split(".")[0] == "textual":
                names |= set(vars(base))
                names |= set(assigned.findall(inspect.getsource(base)))
        return names

    shadowed = []
    for module in _app_modules():
        for cls in vars(module).values():
            if not inspect.isclass(cls) or cls.__module__ != module.__name__ or cls is private.TableInternals:
                continue
            if not any(base.__module__.split(".")[0] == "textual" for base in cls.__mro__):
                continue
            own = {n for n in vars(cls) if n.startswith("_") and not n.startswith("__")}
            own |= set(assigned.findall(inspect.getsource(cls)))
            shadowed += [f"{cls.__qualname__}.{name}" for name in sorted((own - metaclass) & textual_names(cls))]
    assert shadowed == []


def test_only_textual_private_reads_or_imports_private_textual_names():
    """Outside textual_private.py, no `x._name` (`super()._name` too) where `_name` is an attribute of Textual and
    not one of koop's own, no import from a private textual module."""
    import textual

    source_root = Path(textual.__file__).parent
    textual_privates = set()
    for path in source_root.rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        textual_privates |= set(re.findall(r"def (_[a-z]\w*)", text))
        textual_privates |= set(re.findall(r"self\.(_[a-z]\w*)\s*(?::[^=\n]*)?=", text))
    app_dir = Path(koop_tui.app.__file__).parent
    trees = {path: ast.parse(path.read_text(encoding="utf-8")) for path in sorted(app_dir.rglob("*.py"))
             if path.name != "textual_private.py"}
    own = set()  # koop's own names (a shadowing one fails the test above)
    for tree in trees.values():
        own |= {n.name for n in ast.walk(tree) if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef))}
        own |= {n.attr for n in ast.walk(tree) if isinstance(n, ast.Attribute) and isinstance(n.ctx, ast.Store)}
        own |= {n.target.id for n in ast.walk(tree) if isinstance(n, ast.AnnAssign) and isinstance(n.target, ast.Name)}
    found = []
    for path, tree in trees.items():
        for node in ast.walk(tree):
            where = f"{path.relative_to(app_dir)}:{getattr(node, 'lineno', 0)}"
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("textual") \
                    and any(part.startswith("_") for part in node.module.split(".")):
                found.append(f"{where} from {node.module} import")
            if isinstance(node, ast.Attribute) and node.attr in textual_privates and node.attr not in own:
                found.append(f"{where} .{node.attr}")  # also super()._name: none of koop's classes has it
    assert found == []


async def test_a_key_runs_the_first_binding_along_the_focus_chain_that_does_not_skip():
    """type_ahead: a text box runs the keys its screen and the app bind as the app would, in the order typed."""
    from textual.actions import SkipAction
    from textual.widgets import Input

    ran = []

    class Box(Input):
        BINDINGS = [("down", "skip", "")]

        def action_skip(self):
            ran.append("box")
            raise SkipAction()

    class Probe(App):
        BINDINGS = [("down", "note", ""), ("x", "note", "")]

        def compose(self):
            yield Box()

        def action_note(self):
            ran.append("app")

    async with Probe().run_test(size=(40, 5)) as pilot:
        await pilot.pause()
        app = pilot.app
        assert await private.run_bound(app, "down") is True and ran == ["box", "app"]
        assert await private.run_bound(app, "f9") is False and ran == ["box", "app"]
