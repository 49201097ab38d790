"""Texts the app builds from the model, without a screen."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from koop_tui.app.screens.due import _without_name_by_patterns, without_name
from koop_tui.engine.page import header_lines
from koop_tui.model import Partner

TODAY = date(2026, 11, 23)


@pytest.mark.parametrize("since, age", [
    (date(2026, 11, 20), "new"), (date(2026, 10, 24), "1 mo"), (date(2025, 12, 1), "11 mo"),
    (date(2025, 11, 23), "1 y"), (date(2021, 3, 1), "5 y"),
])
def test_the_partnership_age_reads_in_months_until_a_year(since, age):
    partner = Partner("acme", "Acme", "active", "anna", since=since)
    assert header_lines(partner, None, TODAY)[0] == f"active · owner anna · since {since.isoformat()} ({age})"


PIECES = ["Meet", "Complete vetting", "Review agreement", "Call Anna", " ", "  ", "\t", ":", ": ", " at ", " of ",
          " to ", " with ", " for ", "at", "X", "X AG", "Linz Digital OG", "DMEXCO", "\u00a0", "\n", "referral"]


@given(st.lists(st.sampled_from(PIECES), max_size=8), st.sampled_from(["X", "X AG", "Linz Digital OG", "at X", "to",
                                                                       ": X", " X", "X ", "", "for X:"]))
@settings(max_examples=3000, deadline=None)
def test_the_name_is_cut_from_a_title_as_the_patterns_cut_it(parts, name):
    title = "".join(parts)
    assert without_name(title, name) == _without_name_by_patterns(title, name)


@pytest.mark.parametrize("title, name, short", [
    ("Complete vetting of Linz Digital OG", "Linz Digital OG", "Complete vetting"),
    ("Meet X at DMEXCO", "X", "Meet at DMEXCO"),
    ("Review agreement with X: referral", "X", "Review agreement: referral"),
    ("Call Anna", "X", "Call Anna"),
    ("X", "X", "X"),
])
def test_the_partner_name_leaves_the_title(title, name, short):
    assert without_name(title, name) == short


def form_labels() -> set[str]:
    """Every form field's label as the code marks it (Field("id", _("Label"), ...))."""
    import re
    from pathlib import Path

    import koop_tui.app.dialogs as dialogs

    found = set()
    for path in Path(dialogs.__file__).parent.glob("*.py"):
        found |= set(re.findall(r'Field\(\s*"[^"]+",\s*_\("([^"]+)"\)', path.read_text(encoding="utf-8")))
    return found


@pytest.mark.parametrize("language", ["en", "de"])
def test_every_form_label_fits_its_column_with_a_gap_in_every_language(language):
    """The label column is 14 cells (dialogs/dialog.tcss); a longer label wrapped onto a hidden second line: German
    showed "Referenz" for "Referenz hinzufügen" and "Nächste" for "Nächste Überprüfung"."""
    from rich.cells import cell_len

    from koop_tui import i18n
    from koop_tui.i18n import _

    labels = form_labels()
    assert len(labels) > 30  # the pattern still finds them
    i18n.use(language)
    assert {label: _(label) for label in labels if cell_len(_(label)) > 13} == {}
