"""The partner screen's header: stage, owner, tags, since, vetting checklist, ledger and warm-up (engine.page)."""

from __future__ import annotations

from datetime import date
from typing import Any

from rich.text import Text
from textual.widgets import Static

from koop_tui.engine.page import header_lines
from koop_tui.model import Partner
from koop_tui.text import one_line

__all__ = ["PartnerHeader", "header_lines"]


class PartnerHeader(Static):
    """Shows the header lines; the screen hands it the snapshot."""

    def show(self, partner: Partner, view: Any, today: date, unread: frozenset[str] = frozenset()) -> None:
        title = Text(one_line(partner.name), style="bold")
        body = "\n".join(header_lines(partner, view, today, unread))
        self.update(Text.assemble(title, "\n", body))
