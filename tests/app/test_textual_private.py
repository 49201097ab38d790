"""Each private Textual API koop relies on still works as koop expects (koop_tui/app/textual_private.py).

A failure here after a Textual upgrade names the API that changed: adapt textual_private.py (and, for the
DataTable internals, widgets/tables.py) before anything else."""

from __future__ import annotations

from textual.app import App
from textual.screen import Screen
from textual.widgets import Footer

from koop_tui.app import textual_private as private


def test_the_datatable_internals_of_status_table_exist():
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
    import inspect

    from textual.command import CommandPalette

    assert isinstance(private.NO_MATCHES, str) and private.NO_MATCHES
    assert "id=self._NO_MATCHES" in inspect.getsource(CommandPalette._start_no_matches_countdown)
