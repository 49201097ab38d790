"""A line break, tab or escape typed into a name, an id, a tag or a follow-up's text is refused, not stored: in
the file it would break every line-per-item output (`koop due`, `koop list`, the app's rows) for the whole team.
Only a note may span lines."""

from __future__ import annotations

import pytest

from tests.cli.conftest import files

ONE_LINE = "type it on one line; only a note (--note, note=) may span lines"


@pytest.mark.parametrize("args, shown", [
    (("add", "partner", "Line1\nLine2"), r"'Line1\nLine2'"),
    (("add", "partner", "Evil\x1b[31m"), r"'Evil\x1b[31m'"),
    (("add", "partner", "Bolt", "--tag", "seo\tsea"), r"'seo\tsea'"),
    (("add", "contact", "acme", "Tom\tBerg"), r"'Tom\tBerg'"),
    (("add", "contact", "acme", "Tom Berg", "--role", "CEO\r"), r"'CEO\r'"),
    (("add", "followup", "acme/jana", "Send\noffer", "--due", "+1w"), r"'Send\noffer'"),
    (("set", "acme", "name=Acme\nLtd"), r"'name=Acme\nLtd'"),
    (("set", "acme/jana", "email=jana@acme.example\x85"), r"'email=jana@acme.example\x85'"),
    (("log", "acme/jana", "call", "--by", "anna\x07"), r"'anna\x07'"),
    (("import", "contacts.csv", "--owner", "an\nna"), r"'an\nna'"),
])
def test_refused_and_nothing_written(koop_inproc, acme, args, shown):
    before = files(acme)
    run = koop_inproc(*args, cwd=acme)
    assert (run.returncode, run.stdout) == (2, "")
    assert run.stderr == f"koop: {shown} holds a control character (a line break, tab or escape)\n  hint: {ONE_LINE}\n"
    assert files(acme) == before


def test_a_note_may_span_lines(koop_inproc, acme):
    """A note is free text (an escape in it is stored escaped: tests/robustness/test_odd_names.py)."""
    assert koop_inproc("log", "acme/jana", "call", "--note", "Q1:\n\tprices", cwd=acme).returncode == 0
    assert koop_inproc("set", "acme", "note=two\nlines", cwd=acme).returncode == 0
    text = (acme / "partners" / "acme.toml").read_text(encoding="utf-8")
    assert 'note = "Q1:\\n\tprices"' in text and 'note = "two\\nlines"' in text


def test_names_in_any_script_pass(koop_inproc, acme):
    assert koop_inproc("add", "partner", "Müller & Söhne 🦄", cwd=acme).returncode == 0
    assert koop_inproc("add", "contact", "acme", "Łucja Nowak", "--role", "Dyrektor\u00a0ds. sprzedaży",
                       cwd=acme).returncode == 0
