"""The charts of the report and the partner page speak the user's language: every word of their labels, legends
and headings comes from the catalog, none is English text written into the code."""

from __future__ import annotations

import gettext
import re
from datetime import date

import pytest

from koop_tui import i18n
from koop_tui.charts import history_lines, report_lines
from koop_tui.demo import generate
from koop_tui.engine import due_items
from koop_tui.engine.report import partner_history, report
from koop_tui.index import workspace as load_workspace

TODAY = date(2026, 11, 23)


class Marked(gettext.NullTranslations):
    """A language that puts every message it is asked for between « and »: text outside them was not asked for."""

    def gettext(self, message):
        return f"«{message}»"

    def ngettext(self, singular, plural, n):
        return f"«{singular if n == 1 else plural}»"

    def pgettext(self, context, message):
        return f"«{message}»"


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    root = tmp_path_factory.mktemp("demo") / "ws"
    generate(root, TODAY, 7)
    return load_workspace(root)


@pytest.fixture
def marked(monkeypatch):
    monkeypatch.setattr(i18n, "_chosen", ("xx", Marked(), {}))


def unasked(lines: list[str], data: set[str]) -> list[str]:
    """The words of `lines` outside « » that are not names from the workspace (also cut: "Café Konze…")."""
    text = re.sub(r"«[^»]*»", " ", "\n".join(lines))
    text = re.sub(r"(?:[^\W\d_]+ )*[^\W\d_]+…", " ", text)
    for value in sorted(data, key=len, reverse=True):
        text = text.replace(value, " ")
    return re.findall(r"[^\W\d_]+", text)


def test_every_word_of_the_partner_history_comes_from_the_catalog(demo, marked):
    for slug in ("pixelwerk-berlin", "alpenblick-events"):
        lines = history_lines(partner_history(demo, slug, TODAY))
        assert len(lines) >= 5
        assert unasked(lines, set()) == []


def test_every_word_of_the_report_charts_comes_from_the_catalog(demo, marked):
    rep = report(demo, TODAY, due_items(demo, TODAY))
    names = {p.name for p in demo.partners.values()} | {o.owner for o in rep.owners if o.owner}
    lines = report_lines(rep, 80)
    assert len(lines) > 15
    assert unasked(lines, names) == []


def test_german_partner_history_has_no_english_label(demo):
    i18n.use("de")
    text = "\n".join(history_lines(partner_history(demo, "pixelwerk-berlin", TODAY)))
    assert "gegeben" in text and "Rhythmus" in text and "Bilanz" in text
    assert not re.search(r"\b(gave|received|mutual|cadence|balance|touched|within|not|we|they)\b", text), text


@pytest.mark.parametrize("language", ["en", "de"])
def test_the_oldest_overdue_partner_of_each_owner_is_named_whole_at_80_columns(demo, language):
    from koop_tui.charts import owner_lines

    i18n.use(language)
    rep = report(demo, TODAY, due_items(demo, TODAY))
    lines = owner_lines(rep, 76)  # the report screen at 80 columns
    names = [o.oldest_overdue.partner_name for o in rep.owners if o.oldest_overdue]
    assert names and all(any(name in line for line in lines) for name in names), lines
    assert all(len(line) <= 76 for line in lines)
