"""Which cadence applies to a contact, and where it comes from (named in every explanation)."""

from __future__ import annotations

from dataclasses import dataclass

from koop_tui.engine.facts import Facts
from koop_tui.i18n import _
from koop_tui.model import Contact
from koop_tui.words import plural, stage_word


@dataclass(frozen=True)
class Cadence:
    """Days between touches, or None when the contact is not due at all (ended partner, left)."""

    days: int | None
    source: str  # where it comes from, as shown: "partner", "tag vip"

    def describe(self) -> str:
        return plural(self.days, "cadence {n} d from {source}", "cadence {n} d from {source}", source=self.source)


def resolve(facts: Facts, contact: Contact | None, predecessor: Contact | None = None) -> Cadence:
    """First found wins: contact, predecessor's own, partner, project/upkeep phase, tag, stage, workspace.

    Numbers a person typed on the contact or partner win over the phase of joint projects; the phase wins
    over the generic tag and stage defaults (docs/engine.md).
    """
    partner, settings = facts.partner, facts.settings
    if partner.stage == "ended":
        return Cadence(None, _("partner ended"))
    if contact is not None and not contact.active_on(facts.today):
        return Cadence(None, _("contact left"))
    if contact is not None and contact.cadence:
        return Cadence(contact.cadence, _("contact"))
    if predecessor is not None and predecessor.cadence:
        return Cadence(predecessor.cadence, _("predecessor {name}").format(name=predecessor.name))
    if partner.cadence:
        return Cadence(partner.cadence, _("partner"))
    stage = settings.stages.get(partner.stage)
    ph = facts.phase
    if stage is not None and ph.running and stage.project_cadence:
        return Cadence(stage.project_cadence, _("project {name}").format(name=ph.running[0].name))
    if stage is not None and ph.state == "between" and stage.upkeep_cadence:
        return Cadence(stage.upkeep_cadence, _("upkeep between projects"))
    for tag in partner.tags:
        days = settings.tag_cadences.get(tag)
        if days:
            return Cadence(days, _("tag {tag}").format(tag=tag))
    if stage is not None and stage.cadence:
        return Cadence(stage.cadence, _("stage {stage}").format(stage=stage_word(partner.stage)))
    return Cadence(settings.default_cadence, _("workspace default"))
