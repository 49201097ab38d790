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
