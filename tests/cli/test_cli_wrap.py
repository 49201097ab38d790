"""Sentences longer than an 80-column terminal are broken between words on a terminal (the terminal broke them
inside one: "handovers nee|ded"), their further lines indented; piped, each stays one line for grep."""

from __future__ import annotations

import os
import sys

import pytest

from koop_tui import i18n
from koop_tui.text import cells


def terminal(monkeypatch):
    """stdout as an 80-column terminal (set in the test: the capture replaces stdout before it runs)."""
    monkeypatch.setattr(sys.stdout, "isatty", lambda: True)
    monkeypatch.setattr(sys.stdout, "fileno", lambda: 1, raising=False)
    monkeypatch.setattr(os, "get_terminal_size", lambda *a: os.terminal_size((80, 24)))


@pytest.mark.parametrize("language", ["en", "de"])
@pytest.mark.parametrize("args", [("report",), ("who", "translation", "seo"), ("due", "--within", "30")])
def test_prose_fits_an_80_column_terminal(koop_inproc, ws, monkeypatch, language, args):
    terminal(monkeypatch)
    monkeypatch.setenv("KOOP_LANGUAGE", language)
    i18n.use(None)
    try:
        out = koop_inproc(*args, cwd=ws, today="2026-11-23").stdout
    finally:
        monkeypatch.delenv("KOOP_LANGUAGE")
        i18n.use(None)
    lines = out.splitlines()
    if args[0] == "due":
        lines = lines[-1:]  # the table's reasons are cut, its titles are rows; the summary is a sentence
    assert [line for line in lines if cells(line) > 80] == []


def test_a_wrapped_sentence_keeps_its_words_and_indents_its_further_lines(koop_inproc, ws, monkeypatch):
    terminal(monkeypatch)
    out = koop_inproc("report", cwd=ws, today="2026-11-23").stdout.splitlines()
    at = next(i for i, line in enumerate(out) if line.startswith("Due today for anna"))
    assert out[at + 1].startswith("  ") and not out[at].endswith(" ")
    assert " ".join(line.strip() for line in out[at:at + 2]) == (
        "Due today for anna (and unowned; --all for everyone): 8 items (3 overdue, 5 due); handovers needed: 0")


def test_piped_each_sentence_is_one_line(koop_inproc, ws):
    out = koop_inproc("report", cwd=ws, today="2026-11-23").stdout
    assert ("\nDue today for anna (and unowned; --all for everyone): 8 items (3 overdue, 5 due); handovers needed: 0\n"
            in out)


def test_history_search_and_triage_lines_fit_too(koop_inproc, acme, monkeypatch):
    name = "Bauer & Partner Unternehmensberatung für den Mittelstand Süd"
    koop_inproc("add", "partner", name, "--slug", "bauer", cwd=acme)
    koop_inproc("add", "contact", "bauer", "Maximiliane Sophie von Hohenberg-Lichtenstein", cwd=acme)
    koop_inproc("set", "bauer", "stage=imported", "note=Met at the fair in Hamburg, knows everyone in print",
                cwd=acme)
    terminal(monkeypatch)
    for args in (("history",), ("search", "hohenberg"), ("triage",)):
        out = koop_inproc(*args, cwd=acme).stdout
        assert name.split()[0] in out, (args, out)
        assert [line for line in out.splitlines() if cells(line) > 80] == [], args


@pytest.mark.parametrize("language", ["en", "de"])
def test_the_partner_page_keeps_each_note_whole_within_80_columns(koop_inproc, ws, monkeypatch, language):
    """A timeline row with its note ran to 114 columns (German 117); the note is continued, never cut."""
    note = "Recommended them to a client looking for media law and a second opinion on contracts."
    assert koop_inproc("log", "muster/jana", "recommendation", "--note", note, cwd=ws,
                       today="2026-11-23").returncode == 0
    piped = koop_inproc("show", "muster", cwd=ws, today="2026-11-23").stdout
    assert any(line.endswith(note) for line in piped.splitlines())  # one row a line, for grep
    terminal(monkeypatch)
    monkeypatch.setenv("KOOP_LANGUAGE", language)
    i18n.use(None)
    try:
        lines = koop_inproc("show", "muster", cwd=ws, today="2026-11-23").stdout.splitlines()
    finally:
        monkeypatch.delenv("KOOP_LANGUAGE")
        i18n.use(None)
    assert [line for line in lines if cells(line) > 80] == []
    at = next(i for i, line in enumerate(lines) if line.strip().startswith("Recommended"))
    assert "Jana Weber" in lines[at - 1] and lines[at].startswith(" " * 10 + "Recommended")  # under the date
    assert " ".join(line.strip() for line in lines[at:at + 2]) == note
