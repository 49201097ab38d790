"""Hand every partner of one owner to another: one change, one commit naming the handover."""

from __future__ import annotations

from collections import Counter

from koop_tui.app.dialogs.base import Field, FormDialog, FormError
from koop_tui.app.messages import Change


class HandOverDialog(FormDialog):
    """`h` on the Report screen: the owners complete as typed; the hint lists them with their partners."""

    form_title = "Hand over partners"

    def owners(self) -> Counter:
        return Counter(p.owner for p in self.app.backend.workspace.sound().values() if p.owner)

    @property
    def hint(self) -> str:  # type: ignore[override]
        listed = ", ".join(f"{o} {n}" for o, n in sorted(self.owners().items()))
        return f"partners: {listed or 'nobody owns partners'}\nenter hands them all over · esc cancels"

    def fields(self) -> list[Field]:
        names = tuple(sorted(self.owners()))
        return [Field("owner", "From", "", "whose partners, e.g. anna", names),
                Field("to", "To", "", "the new owner, e.g. ben", names)]

    def change(self, values: dict[str, str]) -> Change:
        owners = self.owners()
        owner, to = completed(values["owner"], owners), completed(values["to"], owners)
        count = owners.get(owner, 0)
        if not count:
            raise FormError(f"From: nobody called {owner!r} owns partners" if owner else "From: whose partners?")
        if not to:
            raise FormError("To: who takes them over?")
        if to == owner:
            raise FormError(f"To: {owner} owns them already")
        return Change("hand_over", (owner, to),
                      done=lambda done: f"Handed {len(done)} partner{'s' if len(done) != 1 else ''} from {owner} "
                                        f"to {to}")


def completed(text: str, names) -> str:
    """What the input showed: the name typed, or the first known name it begins (the suggestion)."""
    if not text or text in names:
        return text
    return next((n for n in sorted(names) if n.lower().startswith(text.lower())), text)
