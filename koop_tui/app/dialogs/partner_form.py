"""New partner, or edit a partner's fields (the stage changes through its own dialog)."""

from __future__ import annotations

from typing import Any

from koop_tui.app.dialogs.base import Field, FormDialog, FormError, pick
from koop_tui.app.messages import Change
from koop_tui.model import STAGES, Partner


def split_list(text: str) -> list[str]:
    """Comma or semicolon separated words, lowercased; empty ones dropped, repeats kept once (first place)."""
    words = (t.strip().lower() for t in text.replace(";", ",").split(","))
    return list(dict.fromkeys(w for w in words if w))


class PartnerForm(FormDialog):
    """`n` on a list: a new partner (dismisses with its slug); `p` on a partner: edit its fields."""

    def __init__(self, partner: Partner | None) -> None:
        super().__init__()
        self.partner = partner
        self.record = partner

    @property
    def form_title(self) -> str:
        return f"Edit · {self.partner.name}" if self.partner else "New partner"

    def fields(self) -> list[Field]:
        p = self.partner
        settings = self.app.backend.workspace.settings
        out = [Field("name", "Name", p.name if p else "", "Muster GmbH")]
        if p is None:
            out += [Field("slug", "File name", "", "empty: from the name (a-z, 0-9, -)"),
                    Field("stage", "Stage", "prospect", "prospect, vetting, active…", STAGES)]
        out += [
            Field("owner", "Owner", p.owner if p else self.app.backend.me, "who keeps in touch"),
            Field("tags", "Tags", ", ".join(p.tags) if p else "", "agency, seo"),
            Field("skills", "Know-how", ", ".join(p.skills) if p else "", "seo, translation",
                  tuple(settings.skills)),
            Field("cadence", "Cadence", str(p.cadence or "") if p else "", "days; empty: from stage/tags"),
            Field("since", "Since", p.since.isoformat() if p and p.since else "", "start of the partnership"),
            Field("website", "Website", p.website if p else "", "https://…"),
            Field("note", "Note", p.note if p else "", ""),
        ]
        return out

    def parsed(self, values: dict[str, str]) -> dict[str, Any]:
        if not values["name"]:
            raise FormError("Name: a partner needs a name")
        out: dict[str, Any] = {
            "name": values["name"], "owner": values["owner"], "tags": split_list(values["tags"]),
            "skills": split_list(values["skills"]), "cadence": self.int_of(values["cadence"], "Cadence"),
            "since": self.date_of(values["since"], "Since", required=False, past=True),
            "website": values["website"], "note": values["note"],
        }
        if "stage" in values:
            out["stage"] = pick(list(STAGES), values["stage"] or "prospect", "Stage")
        return out

    def change(self, values: dict[str, str]) -> Change:
        fields = self.parsed(values)
        if self.partner is None:
            name = fields.pop("name")
            fields = {k: v for k, v in fields.items() if v not in (None, "", [])}
            fields["slug"] = self.key_of(values["slug"], name, "File name", "nihon-shoji")
            return Change("new_partner", (name,), fields, done=lambda p: f"New partner {p.name}")
        p = self.partner
        changes = self.edits(fields)
        return Change("set_fields", (p.slug, None, changes), {"expected": self.expected(changes)}, slug=p.slug,
                      done=lambda _r: f"Saved {p.name}: " + ", ".join(changes))

    def result_of(self, result: Any) -> Any:
        return getattr(result, "slug", None) if self.partner is None else self.partner.slug
