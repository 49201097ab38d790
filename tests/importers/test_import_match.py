"""Normalisation used to match import records against the workspace."""

from __future__ import annotations

import pytest

from koop_tui.importers.match import org_key, person_key, same_phone


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Muster GmbH", "muster"),
        ("Muster GmbH & Co. KG", "Muster"),
        ("Druckerei Müller e.K.", "Druckerei Mueller e. K."),
        ("Krüger SEO UG (haftungsbeschränkt)", "Krueger SEO"),
        ("Traductions Laurent S.A.R.L.", "traductions laurent"),
        ("ACME Inc.", "Acme Ltd"),
        ("Nord-Design", "Nord Design"),
    ],
)
def test_same_organisation(a, b):
    assert org_key(a) == org_key(b)


@pytest.mark.parametrize(("a", "b"), [("Nord Design", "Süd Design"), ("李雷 GmbH", "王 GmbH"), ("AG", "KG")])
def test_different_organisations(a, b):
    assert org_key(a) != org_key(b)


def test_person_key_folds_case_accents_and_whitespace():
    assert person_key("  Émilie   LAURENT ") == person_key("emilie laurent")
    assert person_key("Jürgen Müller") == person_key("Juergen Mueller")
    assert person_key("Jana Weber") != person_key("Jan Weber")


def test_phone_numbers_compare_by_digits():
    assert same_phone("+49 30 123-45", "004930 12345")
    assert not same_phone("+49 30 12345", "+49 30 12346")
