"""`4`: the report — touches per month, the team's load per owner, the give-first rate, cooling partners.

Drawn with the same block-character charts as `koop report` (koop_tui.charts): one drawing for the terminal and
the app, shapes that read without colour, and nothing to lay out but text (fast at any size).
"""

from __future__ import annotations

from typing import Any

from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import Header, Label, Static

from koop_tui.app.actions import bindings
from koop_tui.app.screens.base import KoopScreen
from koop_tui.app.widgets.footer import KoopFooter
from koop_tui.i18n import _, day

SECTIONS = ("months", "owners", "warmup", "cooling")


class ReportScreen(KoopScreen, inherit_bindings=False):
    """The figures of `koop report` as charts; scrolls where the terminal is short."""

    CSS_PATH = "report.tcss"
    BINDINGS = bindings("hand-over", "back")

    def compose(self) -> ComposeResult:
        yield Header()
        with VerticalScroll(id="report"):
            yield Label(_("Computing the report…"), id="report-title")
            for name in SECTIONS:
                yield Static("", id=name, classes="chart", markup=False)
        yield KoopFooter()

    def on_mount(self) -> None:
        self.query_one("#report", VerticalScroll).focus()
        super().on_mount()

    def compute(self) -> Any:
        return self.app.backend.report()

    def show(self, report: Any) -> None:
        from koop_tui.charts import cooling_lines, month_lines, owner_lines, warmup_lines

        width = max(40, self.query_one("#report").size.width - 2)
        self.query_one("#report-title", Label).update(_("Report of {day}").format(day=day(report.today)))
        for name, lines in (("months", month_lines(report.months)), ("owners", owner_lines(report, width)),
                            ("warmup", warmup_lines(report)), ("cooling", cooling_lines(report, width))):
            self.query_one(f"#{name}", Static).update("\n".join(lines))

    def action_hand_over(self) -> None:
        from koop_tui.app.dialogs.hand_over import HandOverDialog

        if self._ready():
            self.app.push_screen(HandOverDialog())
