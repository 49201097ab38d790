"""New partner, or edit a partner's fields (the stage changes through its own dialog)."""

from __future__ import annotations

from typing import Any

from koop_tui.app.dialogs.base import Field, FormDialog, FormError, completed, pick, spoken
from koop_tui.app.messages import Change
from koop_tui.i18n import _
from koop_tui.identity import known_owners, others_than
from koop_tui.model import STAGES, Partner
from koop_tui.words import stage_word


def split_list(text: str) -> list[str]:
    """Comma or semicolon separated words, lowercased; empty ones dropped, repeats kept once (first place)."""
    words = (t.strip().lower() for t in text.replace(";", ",").split(","))
    return list(dict.fromkeys(w for w in words if w))


class PartnerForm(FormDialog):
    """`n` on a list: a new partner (dismisses with its slug); `p` on a partner: edit its fields."""

    asked = ""  # the owner the form warned about: a second Enter saves it

    def __init__(self, partner: Partner | None) -> None:
        super().__init__()
        self.partner = partner
        self.record = partner

    @property
    def form_title(self) -> str:
        return _("Edit · {name}").format(name=self.partner.name) if self.partner else _("New partner")

    def fields(self) -> list[Field]:
        p = self.partner
        settings = self.app.backend.workspace.settings
        out = [Field("name", _("Name"), p.name if p else "", "Muster GmbH")]
        if p is None:
            out += [Field("slug", _("File name"), "", _("empty: from the name (a-z, 0-9, -)")),
                    Field("stage", _("Stage"), stage_word("prospect"),
                          ", ".join(map(stage_word, ("prospect", "vetting", "active"))) + "…", spoken(STAGES, stage_word))]
        out += [
            Field("owner", _("Owner"), p.owner if p else self.app.backend.me, _("who keeps in touch"),
                  tuple(sorted(known_owners(self.app.backend.workspace) or ()))),
            Field("tags", _("Tags"), ", ".join(p.tags) if p else "", _("agency, seo")),
            Field("skills", _("Know-how"), ", ".join(p.skills) if p else "", _("seo, translation"),
                  tuple(settings.skills)),
            Field("cadence", _("Cadence"), str(p.cadence or "") if p else "", _("days; empty: from stage/tags")),
            Field("since", _("Since"), self.text_of(p.since) if p else "", _("start of the partnership")),
            Field("website", _("Website"), p.website if p else "", "https://…"),
            Field("note", _("Note"), p.note if p else "", ""),
        ]
        return out

    def parsed(self, values: dict[str, str]) -> dict[str, Any]:
        if not values["name"]:
            raise FormError(_("{field}: a partner needs a name").format(field=self.label("name")))
        out: dict[str, Any] = {
            "name": values["name"], "tags": split_list(values["tags"]),
            "owner": completed(values["owner"], known_owners(self.app.backend.workspace) or ()),
            "skills": split_list(values["skills"]), "cadence": self.int_of(values["cadence"], self.label("cadence")),
            "since": self.date_of(values["since"], self.label("since"), required=False, past=True),
            "website": values["website"], "note": values["note"],
        }
        if "stage" in values:
            out["stage"] = pick(STAGES, values["stage"] or "prospect", self.label("stage"), stage_word)
        return out

    def change(self, values: dict[str, str]) -> Change:
        fields = self.parsed(values)
        self._ask_new_owner(fields["owner"])
        if self.partner is None:
            name = fields.pop("name")
            fields = {k: v for k, v in fields.items() if v not in (None, "", [])}
            fields["slug"] = self.key_of(values["slug"], name, self.label("slug"), "nihon-shoji")
            return Change("new_partner", (name,), fields, done=lambda p: _("New partner {name}").format(name=p.name))
        p = self.partner
        changes = self.edits(fields)
        return Change("set_fields", (p.slug, None, changes), {"expected": self.expected(changes)}, slug=p.slug,
                      done=lambda _r: _("Saved {name}: {fields}").format(
                          name=p.name, fields=", ".join(map(self.label_of, changes))))

    def _ask_new_owner(self, owner: str) -> None:
        """An owner nobody is called takes a second Enter: a typo would file the partner under nobody's "mine"
        (as `koop set PARTNER owner=` and `koop add partner --owner` warn)."""
        asked, self.asked = self.asked, owner
        if not owner or (self.partner is not None and owner == self.partner.owner) or asked == owner:
            return
        known = others_than(known_owners(self.app.backend.workspace), owner, self.app.backend.me)
        if known is not None:
            raise FormError(_("{field}: nobody called {owner!r} owns partners yet (owners: {owners}); Enter again "
                              "saves").format(field=self.label("owner"), owner=owner, owners=", ".join(sorted(known))))

    def result_of(self, result: Any) -> Any:
        return getattr(result, "slug", None) if self.partner is None else self.partner.slug
