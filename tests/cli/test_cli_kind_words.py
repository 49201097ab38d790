"""A touchpoint's kind as the language says it: `koop show` in German lists a call as "Anruf" (it showed the file's
English name beside a translated direction), and `koop log` and `koop set ID kind=` take that word too."""

from __future__ import annotations

import pytest

from koop_tui import i18n


@pytest.fixture
def german(monkeypatch):
    monkeypatch.setenv("KOOP_LANGUAGE", "de")
    i18n.use(None)
    yield
    monkeypatch.delenv("KOOP_LANGUAGE")
    i18n.use(None)


def test_the_timeline_names_kinds_in_german(german, koop_inproc, ws):
    page = koop_inproc("show", "muster", cwd=ws, today="2026-11-23").stdout
    assert "  t1aa  13.10.2026  gegenseitig  Anruf  Jana Weber  Talked about Q1.\n" in page
    assert " call " not in page


def test_the_timeline_in_english_is_as_before(koop_inproc, ws):
    page = koop_inproc("show", "muster", cwd=ws, today="2026-11-23").stdout
    assert "  t1aa  2026-10-13  mutual  call  Jana Weber  Talked about Q1.\n" in page


@pytest.mark.parametrize(("typed", "kind"), [("Anruf", "call"), ("treff", "meeting"), ("Jour fixe", "jour-fixe"),
                                             ("call", "call"), ("mee", "meeting")])
def test_log_and_set_take_the_word_shown(german, koop_inproc, ws, typed, kind):
    logged = koop_inproc("log", "nord", typed, cwd=ws, today="2026-11-23")
    assert logged.returncode == 0, logged.stderr
    assert f'kind = "{kind}"' in (ws / "partners" / "nord-design.toml").read_text()
    changed = koop_inproc("set", "nord/t3cc", f"kind={typed}", cwd=ws, today="2026-11-23")
    assert changed.returncode == 0, changed.stderr
    assert changed.stdout.startswith(f"kind={kind} gesetzt für ")


def test_an_unknown_kind_in_set_is_a_usage_error_as_in_log(koop_inproc, ws):
    """`koop set ID kind=foo` ended with exit 1 and no list of the kinds; `koop log` with exit 2 and the list."""
    before = (ws / "partners" / "nord-design.toml").read_bytes()
    for args in (("log", "nord", "foo"), ("set", "nord/t3cc", "kind=foo")):
        run = koop_inproc(*args, cwd=ws, today="2026-11-23")
        assert run.returncode == 2
        assert run.stderr.startswith("koop: unknown kind 'foo' (kinds: backlink, call, card, ")
    assert (ws / "partners" / "nord-design.toml").read_bytes() == before


@pytest.mark.parametrize(("pair", "written"), [("stage=ruhend", 'stage = "dormant"'),
                                               ("stage=Prüfung", 'stage = "vetting"'),
                                               ("stage=dormant", 'stage = "dormant"')])
def test_set_takes_a_stage_as_the_page_says_it(german, koop_inproc, ws, pair, written):
    run = koop_inproc("set", "nord", pair, cwd=ws, today="2026-11-23")
    assert run.returncode == 0, run.stderr
    assert written in (ws / "partners" / "nord-design.toml").read_text()


def test_set_takes_a_direction_as_the_page_says_it(german, koop_inproc, ws):
    assert koop_inproc("set", "nord/t3cc", "direction=bekommen", cwd=ws, today="2026-11-23").returncode == 0
    assert 'direction = "received"' in (ws / "partners" / "nord-design.toml").read_text()


@pytest.mark.parametrize(("pair", "error"), [
    ("stage=activ", "koop: unknown stage 'activ' (known: imported, prospect, vetting, active, dormant, ended)\n"),
    ("stage=foo", "koop: unknown stage 'foo' (known: imported, prospect, vetting, active, dormant, ended)\n"),
])
def test_an_unknown_stage_is_a_usage_error_as_in_add_partner(koop_inproc, ws, pair, error):
    """`koop set P stage=foo` ended with exit 1, `koop add partner --stage foo` with exit 2."""
    before = (ws / "partners" / "nord-design.toml").read_bytes()
    run = koop_inproc("set", "nord", pair, cwd=ws, today="2026-11-23")
    assert (run.returncode, run.stderr) == (2, error)
    assert (ws / "partners" / "nord-design.toml").read_bytes() == before
