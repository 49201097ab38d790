"""Hand every partner of one owner to another: one change, one commit naming the handover."""

from __future__ import annotations

from collections import Counter

from koop_tui.app.dialogs.base import Field, FormDialog, FormError, completed
from koop_tui.app.messages import Change
from koop_tui.i18n import N_, _, ngettext, number
from koop_tui.identity import known_owners, others_than


class HandOverDialog(FormDialog):
    """`h` on the Report screen: the owners complete as typed; the hint lists them with their partners."""

    form_title = N_("Hand over partners")
    asked: tuple | None = None  # (from, to) the form warned about a new owner: a second Enter hands them over

    def owners(self) -> Counter:
        return Counter(p.owner for p in self.app.backend.workspace.sound().values() if p.owner)

    @property
    def hint(self) -> str:  # type: ignore[override]
        listed = ", ".join(f"{o} {n}" for o, n in sorted(self.owners().items()))
        return _("partners: {owners}").format(owners=listed or _("nobody owns partners")) + "\n" + \
            _("enter hands them all over · esc cancels")

    def fields(self) -> list[Field]:
        names = tuple(sorted(self.owners()))
        return [Field("owner", _("From"), "", _("whose partners, e.g. anna"), names),
                Field("to", _("To"), "", _("the new owner, e.g. ben"), names)]

    def change(self, values: dict[str, str]) -> Change:
        owners = self.owners()
        owner, to = completed(values["owner"], owners), completed(values["to"], owners)
        count = owners.get(owner, 0)
        if not count:
            source = self.label("owner")
            raise FormError(_("{field}: nobody called {owner!r} owns partners").format(field=source, owner=owner)
                            if owner else _("{field}: whose partners?").format(field=source))
        if not to:
            raise FormError(_("{field}: who takes them over?").format(field=self.label("to")))
        if to == owner:
            raise FormError(_("{field}: {owner} owns them already").format(field=self.label("to"), owner=owner))
        asked, self.asked = self.asked, (owner, to)
        unknown = others_than(known_owners(self.app.backend.workspace), to, self.app.backend.me) is not None
        if unknown and asked != self.asked:  # a typo would hand them all to nobody
            raise FormError(ngettext("{field}: nobody called {to!r} owns partners yet; Enter again hands {owner}'s "
                                     "{n} partner to {to}", "{field}: nobody called {to!r} owns partners yet; Enter "
                                     "again hands {owner}'s {n} partners to {to}", count).format(
                                         field=self.label("to"), to=to, owner=owner, n=number(count)))
        return Change("hand_over", (owner, to),
                      done=lambda done: ngettext("Handed {n} partner from {owner} to {to}",
                                                 "Handed {n} partners from {owner} to {to}", len(done)).format(
                                                     n=number(len(done)), owner=owner, to=to))
