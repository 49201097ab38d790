"""Hand-made due items for the calendar tests, independent of the engine."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from koop_tui.model import Birthday, Contact, DueItem, Partner
from koop_tui.settings import default_settings

TODAY = date(2026, 11, 23)


def _item(key: str = "contact:acme/jana", **changes) -> DueItem:
    base = DueItem(
        key=key, kind="contact", partner="acme", partner_name="Muster GmbH", title="Jana Weber",
        status="overdue", due=date(2026, 11, 2),
        explanation="last: call 41 d ago (Jana Weber); cadence 30 d from stage active; ratio 1.37 → due",
        contact="jana", contact_name="Jana Weber", ratio=1.37, stage="active", tags=("agency", "seo"),
        changed=date(2026, 10, 1),
    )
    return replace(base, **changes)


@pytest.fixture
def item():
    """A factory: an overdue contact item, with any field replaced."""
    return _item


@pytest.fixture
def settings():
    return default_settings()


@pytest.fixture
def partners():
    acme = Partner(
        slug="acme", name="Muster GmbH", stage="active", since=date(2020, 2, 29),
        contacts=[
            Contact(id="jana", name="Jana Weber", birthday=Birthday(2, 29)),
            Contact(id="tom", name="Tom Berg", birthday=Birthday(12, 5, 1980)),
        ],
    )
    return {"acme": acme}


KOOP_TOML = """name = "Anna's cooperations"

[feed]
id = "anna-test"
horizon_days = 60
"""

ACME = """name = "Muster GmbH"
slug = "acme"
stage = "active"
tags = ["agency"]
since = 2020-02-29

[[contacts]]
id = "jana"
name = "Jana Weber"
birthday = "--02-29"

[[touchpoints]]
id = "t001"
date = 2026-10-13
kind = "call"
direction = "mutual"
contacts = ["jana"]
"""

NORD = """name = "Nord Design"
slug = "nord"
stage = "active"

[[contacts]]
id = "tom"
name = "Tom Berg"
birthday = "1980-12-05"

[[touchpoints]]
id = "t002"
date = 2026-11-20
kind = "call"
direction = "mutual"

[[followups]]
id = "f001"
due = 2026-11-30
text = "Send offer"
contact = "tom"
"""


@pytest.fixture
def workspace(tmp_path):
    """A small workspace with an overdue contact, a follow-up, birthdays and the Christmas campaign."""
    root = tmp_path / "ws"
    (root / "partners").mkdir(parents=True)
    (root / "koop.toml").write_text(KOOP_TOML)
    (root / "partners" / "acme.toml").write_text(ACME)
    (root / "partners" / "nord.toml").write_text(NORD)
    return root
