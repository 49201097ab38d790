"""A small hand-made workspace for app tests: written with the canonical writer, fixed today."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

from koop_tui.canonical import dumps_partner
from koop_tui.model import Contact, FollowUp, Partner, Project, Agreement, Touchpoint, Vetting
from koop_tui.settings import default_settings, default_settings_text

TODAY = date(2026, 11, 23)


def _days(n: int) -> date:
    return TODAY - timedelta(days=n)


def partners() -> list[Partner]:
    return [
        Partner("muster-gmbh", "Muster GmbH", "active", "anna", ["agency", "seo"], date(2021, 3, 1),
                skills=["seo", "translation"],
                contacts=[Contact("jana", "Jana Weber", "Managing director"), Contact("tom", "Tom Berg", "Developer")],
                touchpoints=[Touchpoint("t1aa", _days(41), "call", "mutual", ["jana"], "Talked about Q1.", "anna"),
                             Touchpoint("t2bb", _days(10), "mail", "mutual", ["tom"], "", "anna")],
                followups=[FollowUp("f1aa", _days(2), "Send offer", "jana", owner="anna")],
                projects=[Project("p1aa", "Relaunch shop", date(2026, 3, 1), None, "anna", ["jana"])],
                agreements=[Agreement("g1aa", "referral-commission", "10 % on referrals",
                                      date(2025, 1, 15), date(2026, 12, 14))]),
        Partner("nord-design", "Nord Design", "active", "ben", ["design"],
                contacts=[Contact("lisa", "Lisa Nord", "Owner")],
                touchpoints=[Touchpoint("t3cc", _days(5), "meeting", "mutual", [], "Lunch", "ben")]),
        Partner("print-ahoi", "Print Ahoi", "prospect", "anna", ["print"],
                contacts=[Contact("kai", "Kai Ahoi", "Sales")],
                vetting=Vetting(contribution="Cheap print runs")),
        Partner("lingua-team", "Lingua Team", "dormant", "anna", ["translation"], skills=["translation"],
                contacts=[Contact("eva", "Eva Lang", "Translator", skills=["translation"])],
                touchpoints=[Touchpoint("t4dd", _days(200), "call", "mutual", ["eva"], "", "anna")]),
    ]


def write_workspace(root: Path) -> Path:
    """koop.toml (shipped defaults, named) and one file per partner."""
    root.mkdir(parents=True, exist_ok=True)
    text = default_settings_text().replace('name = "My cooperations"', 'name = "Test cooperations"')
    text = text.replace('# default_owner = "anna"', 'default_owner = "anna"')
    (root / "koop.toml").write_text(text, encoding="utf-8")
    (root / "partners").mkdir(exist_ok=True)
    settings = default_settings()
    for partner in partners():
        (root / "partners" / f"{partner.slug}.toml").write_text(dumps_partner(partner, settings), encoding="utf-8")
    return root
