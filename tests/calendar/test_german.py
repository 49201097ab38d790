"""The calendar in the workspace's language: `language = "de"` in koop.toml gives German event titles and
descriptions that pass every check an English export passes; the user's own language plays no part."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import date

import icalendar
import pytest
import recurring_ical_events

from tests.calendar.test_digest import REPO, assert_valid


def export(workspace, mode: str, lang: str) -> bytes:
    env = {**os.environ, "KOOP_TODAY": "2026-11-23", "PYTHONPATH": str(REPO), "LANG": lang}
    ran = subprocess.run([sys.executable, "-m", "koop_tui", "export", "--all", "--mode", mode, "-o", "-"],
                         cwd=workspace, env=env, capture_output=True, timeout=60)
    assert ran.returncode == 0, ran.stderr
    return ran.stdout


def in_german(workspace) -> None:
    text = (workspace / "koop.toml").read_text()
    (workspace / "koop.toml").write_text('language = "de"\n' + text)


@pytest.mark.parametrize("mode", ["items", "digest"])
def test_a_german_export_is_valid_in_both_modes(workspace, mode):
    in_german(workspace)
    data = export(workspace, mode, "C.UTF-8")  # the user's English locale does not matter
    assert_valid(data)
    cal = icalendar.Calendar.from_ical(data)
    assert str(cal["X-WR-CALDESC"]).startswith("Wer in Anna's cooperations fällig ist")
    year = recurring_ical_events.of(cal).between(date(2026, 11, 23), date(2027, 11, 23))
    summaries = [str(e["SUMMARY"]) for e in year]
    descriptions = "\n".join(str(e.get("DESCRIPTION", "")) for e in year)
    if mode == "digest":
        assert summaries and all(s.startswith("koop: ") for s in summaries)
        assert any("fällig" in s or "überfällig" in s for s in summaries)
    else:
        assert any(s.startswith("Geburtstag: ") for s in summaries)
        assert any(s.endswith((" — fällig", " — überfällig")) for s in summaries)
    assert "zum Erledigen: " in descriptions and "to clear:" not in descriptions
    assert "2026-" not in descriptions  # dates as German writes them: 23.11.2026


def test_the_feed_stays_english_for_a_german_user_unless_the_workspace_says_otherwise(workspace):
    data = export(workspace, "items", "de_DE.UTF-8")
    assert_valid(data)
    summaries = [str(e["SUMMARY"]) for e in icalendar.Calendar.from_ical(data).walk("VEVENT")]
    assert any(s.startswith("Birthday: ") for s in summaries)
    assert not any(s.startswith("Geburtstag: ") for s in summaries)


def test_an_unknown_feed_language_is_a_problem_koop_check_names(workspace):
    (workspace / "koop.toml").write_text('language = "fr"\n' + (workspace / "koop.toml").read_text())
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    ran = subprocess.run([sys.executable, "-m", "koop_tui", "check"], cwd=workspace, env=env, capture_output=True,
                         text=True, timeout=60)
    assert ran.returncode == 1
    assert "unknown language 'fr' (known: en, de)" in ran.stdout
