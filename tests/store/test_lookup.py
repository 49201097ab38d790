"""PARTNER[/CONTACT] as typed: an exact slug or id wins, then an exact name, then a unique prefix; never a guess."""

from __future__ import annotations

import pytest

from koop_tui.errors import KoopError
from koop_tui.model import Contact, Partner, Workspace
from koop_tui.settings import default_settings
from koop_tui.store.lookup import find_target


@pytest.fixture
def workspace() -> Workspace:
    partners = [
        Partner("design", "Design"),
        Partner("nordlicht-design-gmbh", "Nordlicht Design GmbH", contacts=[
            Contact("katrin", "Katrin Vogel"), Contact("katrin-mueller", "Katrin Müller"), Contact("tom", "Tom Berg"),
        ]),
        Partner("muster-ag", "Muster AG"),
        Partner("muster-gmbh", "Muster GmbH"),
    ]
    return Workspace(default_settings(), partners={p.slug: p for p in partners})


@pytest.mark.parametrize(("text", "slug", "contact"), [
    ("design", "design", None),                       # exact slug beats a name that has it as a word
    ("DESIGN", "design", None),
    ("nord", "nordlicht-design-gmbh", None),          # prefix of the slug
    ("Nordlicht Design", "nordlicht-design-gmbh", None),  # prefix of the name
    ("muster gmbh", "muster-gmbh", None),             # exact name
    ("nord/katrin", "nordlicht-design-gmbh", "katrin"),   # exact id beats katrin-mueller
    ("nord/katrin-m", "nordlicht-design-gmbh", "katrin-mueller"),
    ("nord/vogel", "nordlicht-design-gmbh", "katrin"),    # a last name
    ("nord/tom berg", "nordlicht-design-gmbh", "tom"),
])
def test_resolves(workspace, text, slug, contact):
    partner, found = find_target(workspace, text)
    assert (partner.slug, found.id if found else None) == (slug, contact)


@pytest.mark.parametrize(("text", "message"), [
    ("muster", "partner 'muster' is ambiguous: muster-ag (Muster AG), muster-gmbh (Muster GmbH)"),
    ("gmbh", "no partner matches 'gmbh'"),            # a later word of a name is not a prefix of it
    ("ag", "no partner matches 'ag'"),
    ("design gmbh", "no partner matches 'design gmbh'"),
    ("nord/kat", "contact 'kat' is ambiguous: katrin (Katrin Vogel), katrin-mueller (Katrin Müller)"),
])
def test_refuses(workspace, text, message):
    with pytest.raises(KoopError) as caught:
        find_target(workspace, text)
    assert caught.value.message == message
