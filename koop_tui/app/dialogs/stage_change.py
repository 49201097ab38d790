"""Change a partner's stage; moving on to `active` with an incomplete vetting asks first."""

from __future__ import annotations

from koop_tui.app.dialogs.base import Field, FormDialog, FormError, pick, spoken
from koop_tui.app.dialogs.confirm import ConfirmDialog
from koop_tui.app.messages import Change
from koop_tui.model import STAGES, Partner
from koop_tui.i18n import _
from koop_tui.words import stage_word, vetting_missing


class StageChangeDialog(FormDialog):
    """`t` on a partner: type the new stage (completed from the stages)."""

    def __init__(self, partner: Partner) -> None:
        super().__init__()
        self.partner = partner
        self.record = partner

    @property
    def form_title(self) -> str:
        return _("Stage · {partner} (now {stage})").format(partner=self.partner.name,
                                                          stage=stage_word(self.partner.stage))

    def fields(self) -> list[Field]:
        return [Field("stage", _("New stage"), "", "→".join(map(stage_word, STAGES)),  # the whole cycle fits 80 columns
                      spoken(STAGES, stage_word))]

    def change(self, values: dict[str, str]) -> Change:
        stage = pick(STAGES, values["stage"], self.label("stage"), stage_word)
        if stage == self.partner.stage:
            raise FormError(_("{partner} is already {stage}").format(partner=self.partner.name,
                                                                     stage=stage_word(stage)))
        name = self.partner.name
        changes = self.edits({"stage": stage}, every=True)
        return Change("set_fields", (self.partner.slug, None, changes), {"expected": self.expected(changes)},
                      slug=self.partner.slug,
                      done=lambda _r: _("{partner} is now {stage}").format(partner=name, stage=stage_word(stage)))

    def submit(self) -> None:
        try:
            stage = pick(STAGES, self.values()["stage"], self.label("stage"), stage_word)
        except FormError:
            stage = ""
        missing = self.partner.vetting.missing()
        if stage == "active" and self.partner.stage in ("prospect", "vetting") and missing:
            question = _("Move {partner} to active with an incomplete vetting?").format(partner=self.partner.name)
            detail = _("Still open: {fields}").format(fields=vetting_missing(missing))
            self.app.push_screen(ConfirmDialog(question, detail), self._confirmed)
            return
        super().submit()

    def _confirmed(self, yes: bool | None) -> None:
        if yes:
            super().submit()
