"""Resolve one merge conflict: keep ours, keep theirs, or (for text) type the value that should stay."""

from __future__ import annotations

from typing import Any

from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, Static

from koop_tui.app.actions import bindings
from koop_tui.app.messages import Change
from koop_tui.i18n import _
from koop_tui.engine.conflicts import shown
from koop_tui.model import Conflict


def is_text(conflict: Conflict) -> bool:
    """A text field (both sides strings, or one removed): a typed value makes sense."""
    sides = [v for v in (conflict.ours, conflict.theirs) if v is not None]
    return bool(sides) and all(isinstance(v, str) for v in sides)


class ResolveConflictDialog(ModalScreen):
    """`r` on a partner: the chosen value is written and the conflict record deleted, in one safe write."""

    CSS_PATH = "resolve_conflict.tcss"
    BINDINGS = bindings("keep-ours", "keep-theirs", "back")

    def __init__(self, slug: str, name: str, conflict: Conflict) -> None:
        super().__init__()
        self.slug = slug
        self.partner_name = name
        self.conflict = conflict

    def compose(self) -> ComposeResult:
        c = self.conflict
        with Vertical(id="resolve"):
            yield Label(_("Merge conflict · {partner} · {field}").format(partner=self.partner_name, field=c.field),
                        id="resolve-title", markup=False)
            yield Static(_("before the merge: {value}").format(value=shown(c.base)), id="resolve-base", markup=False)
            with Horizontal(classes="side"):
                yield Button(_("Keep ours (o)"), id="ours", variant="primary", compact=True)
                yield Static(shown(c.ours), id="ours-value", classes="side-value", markup=False)
            with Horizontal(classes="side"):
                yield Button(_("Keep theirs (t)"), id="theirs", variant="primary", compact=True)
                yield Static(shown(c.theirs), id="theirs-value", classes="side-value", markup=False)
            if is_text(c):
                with Horizontal(classes="side"):
                    yield Label(_("Or type"), classes="side-label")
                    yield Input(c.ours if isinstance(c.ours, str) else "", id="typed", compact=True,
                                placeholder=_("the value to keep; enter saves"))
            yield Static("", id="resolve-error", markup=False)
            yield Label(_("o / t keep a side · tab to Or type, enter saves it · esc cancels") if is_text(c) else
                        _("o / t keep a side · tab moves · esc cancels"), id="resolve-hint")  # the box is prefilled:
            # its placeholder, which says so too, is not seen

    def on_mount(self) -> None:
        self.query_one("#ours", Button).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self._keep(event.button.id or "")

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self._save(event.value.strip(), f"“{event.value.strip()}”")

    def action_keep_ours(self) -> None:
        self._keep("ours")

    def action_keep_theirs(self) -> None:
        self._keep("theirs")

    def _keep(self, side: str) -> None:
        if side in ("ours", "theirs"):
            value = shown(getattr(self.conflict, side))
            kept = _("ours ({value})") if side == "ours" else _("theirs ({value})")
            self._save(getattr(self.conflict, side), kept.format(value=value))

    def _save(self, value: Any, label: str) -> None:
        field = self.conflict.field
        self.query_one("#resolve-error", Static).update(_("Saving…"))
        change = Change("resolve_conflict", (self.slug, self.conflict.id, value), slug=self.slug,
                        done=lambda _r: _("{partner}: {field} resolved, kept {value}").format(
                            partner=self.partner_name, field=field, value=label))
        self.app.save(change, on_ok=lambda _r: self.dismiss(True), on_error=self._failed)

    def _failed(self, text: str) -> None:
        self.query_one("#resolve-error", Static).update(text)

    def action_back(self) -> None:
        self.dismiss(False)
