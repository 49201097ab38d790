"""Sort imported partners: a stage and, if wanted, a cadence for the marked ones (the triage list's `t`)."""

from __future__ import annotations

from koop_tui.app.dialogs.base import Field, FormDialog, FormError, pick, spoken
from koop_tui.app.messages import Change
from koop_tui.i18n import _
from koop_tui.words import plural, stage_word
from koop_tui.engine.triage import IMPORTED, SORTED, sort_message


class SortForm(FormDialog):
    """Stage (completed from the stages a sorted partner can have) and an optional cadence in days."""

    def __init__(self, slugs: list[str], names: list[str]) -> None:
        super().__init__()
        self.slugs, self.names = slugs, names

    @property
    def form_title(self) -> str:
        if len(self.names) == 1:
            return _("Sort · {partner}").format(partner=self.names[0])
        return plural(len(self.names), "Sort {n} imported partner", "Sort {n} imported partners")

    def fields(self) -> list[Field]:
        return [Field("stage", _("Stage"), stage_word("prospect"), " · ".join(map(stage_word, SORTED)),
                      spoken(SORTED, stage_word)),
                Field("cadence", _("Cadence"), "", _("days; empty: the stage's"))]

    def change(self, values: dict[str, str]) -> Change:
        changes: dict = {"stage": pick(SORTED, values["stage"], self.label("stage"), stage_word)}
        if values["cadence"]:
            try:
                days = int(values["cadence"])
            except ValueError:
                raise FormError(_("{field}: not a number of days: {text!r}").format(
                    field=self.label("cadence"), text=values["cadence"])) from None
            if not 1 <= days <= 36500:
                raise FormError(_("{field}: days must be between 1 and 36500, got {days}").format(
                    field=self.label("cadence"), days=days))
            changes["cadence"] = days
        return sort_change(self.slugs, changes)


def sort_change(slugs: list[str], changes: dict) -> Change:
    """One change (one commit) setting `changes` on every partner of `slugs` still waiting to be sorted."""
    message, said = sort_message(len(slugs), changes)
    return Change("set_many", (slugs, changes, message, "sorted", "the sort"), {"expected": {"stage": IMPORTED}},
                  done=lambda _done: said)  # set_many stops with an error unless every one was sorted
