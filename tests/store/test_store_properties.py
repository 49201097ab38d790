"""Property tests: canonical files read back as the same partner; slugs never leave partners/."""

from __future__ import annotations

import string
from datetime import date
from pathlib import Path

from hypothesis import HealthCheck, given, settings, strategies as st

from koop_tui.canonical import dumps_partner
from koop_tui.model import STAGES, Birthday, Contact, FollowUp, Partner, Touchpoint
from koop_tui.settings import default_settings
from koop_tui.slugs import is_slug, partner_path, slugify
from koop_tui.store import parse_partner_bytes

SETTINGS = default_settings()
words = st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"), max_size=30)
ids = st.text(string.ascii_lowercase + string.digits, min_size=4, max_size=12)
days = st.dates(date(1990, 1, 1), date(2035, 12, 31))
# a blank name, or one with a line break (validate.broken_line): a warning
names = st.text(st.characters(blacklist_categories=("Cs", "Cc")), max_size=30).filter(str.strip)
birthdays = days.map(lambda d: Birthday(d.month, d.day, d.year)) | st.builds(Birthday, st.just(2), st.integers(1, 29))


@st.composite
def partners(draw) -> Partner:
    contact_ids = draw(st.lists(st.from_regex(r"[a-z][a-z0-9-]{0,8}", fullmatch=True), max_size=4, unique=True))
    contacts = [  # another person each: one name twice is a warning
        Contact(id=cid, name=f"{draw(names)} {cid}", phone=draw(words),
                birthday=draw(st.none() | birthdays),
                cadence=draw(st.none() | st.integers(1, 400)), skills=draw(st.lists(words, max_size=2)))
        for cid in contact_ids
    ]
    record_ids = draw(st.lists(ids, max_size=6, unique=True))
    touches = [
        Touchpoint(id=rid, date=draw(days), kind=draw(st.sampled_from(sorted(SETTINGS.kinds))),
                   direction=draw(st.sampled_from(["gave", "received", "mutual"])),
                   contacts=draw(st.lists(st.sampled_from(contact_ids), max_size=2, unique=True)) if contact_ids else [],
                   note=draw(words))
        for rid in record_ids[:4]
    ]
    followups = [FollowUp(id=rid, due=draw(days), text=draw(words), done=draw(st.none() | days)) for rid in record_ids[4:]]
    return Partner(
        slug="p", name=draw(names), stage=draw(st.sampled_from(STAGES)),
        owner=draw(st.sampled_from(["", "anna", "ben"])), tags=draw(st.lists(words, max_size=3)),
        since=draw(st.none() | days), note=draw(words), contacts=contacts, touchpoints=touches, followups=followups,
    )


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(partners())
def test_canonical_dump_reads_back_equal(partner):
    text = dumps_partner(partner, SETTINGS)
    loaded, problems = parse_partner_bytes(text.encode(), "partners/p.toml", SETTINGS)
    assert problems == []
    assert dumps_partner(loaded, SETTINGS) == text
    assert sorted(c.id for c in loaded.contacts) == sorted(c.id for c in partner.contacts)
    assert {t.id: t for t in loaded.touchpoints} == {t.id: t for t in partner.touchpoints}


@settings(max_examples=400, deadline=None)
@given(st.text())
def test_any_text_gives_a_slug_inside_partners_or_value_error(tmp_path_factory, name):
    partners_dir = Path("/tmp/koop-slug-test/partners")
    try:
        slug = slugify(name)
    except ValueError:
        return
    assert is_slug(slug)
    path = partner_path(partners_dir, slug)
    assert path.resolve().parent == partners_dir.resolve()


def test_slugify_examples():
    assert slugify("Müller & Söhne GmbH") == "mueller-soehne-gmbh"
    assert slugify("Straße der Café-Kultur") == "strasse-der-cafe-kultur"
    assert slugify("ACME  GmbH") == slugify("Acme-GmbH") == "acme-gmbh"
    for bad in ("", "..", "/", "../", "CON", "a\x00b", "%%%", "日本"):
        try:
            slugify(bad)
        except ValueError:
            continue
        raise AssertionError(bad)
    assert len(slugify("x" * 300)) == 63
