"""JSON output: orjson's bytes are the json module's, for every value koop prints."""

from __future__ import annotations

import io
import json
import sys
from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from koop_tui.cli.common import write_json

# What koop's JSON documents hold: text (any Unicode a TOML file can carry), whole numbers, rounded ratios,
# booleans, null and dates, in objects with text keys and in lists or tuples.
_scalars = (st.text() | st.integers(-(2**63), 2**63 - 1) | st.booleans() | st.none() | st.dates()
            | st.floats(0, 10**6).map(lambda x: round(x, 2)))
_docs = st.recursive(_scalars, lambda inner: st.lists(inner, max_size=4) | st.lists(inner, max_size=4).map(tuple)
                     | st.dictionaries(st.text(), inner, max_size=4), max_leaves=20)


def _written(doc, monkeypatch, raw: dict | None = None) -> bytes:
    out = io.BytesIO()
    monkeypatch.setattr(sys, "stdout", io.TextIOWrapper(out, encoding="utf-8"))
    write_json(doc, raw)
    return out.getvalue()


def _reference(doc) -> bytes:
    """The json module's bytes, with dates as ISO text."""
    return (json.dumps(doc, ensure_ascii=False, indent=2, default=lambda d: d.isoformat()) + "\n").encode()


@settings(max_examples=300, deadline=None)
@given(doc=_docs)
def test_the_fast_writer_writes_the_json_modules_bytes(doc):
    with pytest.MonkeyPatch.context() as monkeypatch:
        assert _written(doc, monkeypatch) == _reference(doc)


@settings(max_examples=100, deadline=None)
@given(doc=st.dictionaries(st.text(), _scalars, max_size=4), items=st.lists(_docs, max_size=4))
def test_a_value_given_as_text_is_written_in_its_place(doc, items):
    """write_json's raw values (the due list's kept JSON): the bytes of the document holding the value itself,
    whatever text the other values hold."""
    text = _reference(items).rstrip(b"\n").replace(b"\n", b"\n  ")  # one level deep
    parts = [text[:1], text[1:]]
    with pytest.MonkeyPatch.context() as monkeypatch:
        assert _written({**doc, "items": []}, monkeypatch, raw={"items": parts}) == _reference({**doc, "items": items})


def test_control_characters_and_non_ascii_text_are_escaped_as_json_does(monkeypatch):
    doc = {"title": "Grüße \x1b[31m \"quoted\" \\ \t\n\u2028 🎄", "tags": [], "ratio": 1.5, "changed": None}
    written = _written(doc, monkeypatch)
    assert written == _reference(doc)
    assert "Grüße".encode() in written and b"\\u001b" in written


def test_dates_are_iso_text_and_tuples_arrays(monkeypatch):
    assert _written({"due": date(2026, 1, 5), "tags": ("a", "b")}, monkeypatch) == (
        b'{\n  "due": "2026-01-05",\n  "tags": [\n    "a",\n    "b"\n  ]\n}\n')


def test_a_text_only_stdout_gets_the_same_text(monkeypatch):
    out = io.StringIO()
    monkeypatch.setattr(sys, "stdout", out)
    write_json({"a": ["ü", 1]})
    assert out.getvalue() == '{\n  "a": [\n    "ü",\n    1\n  ]\n}\n'


@pytest.mark.parametrize("args", [("due", "--json"), ("list", "--json"), ("check", "--json"), ("triage", "--json"),
                                  ("who", "seo", "--json"), ("search", "muster", "--json"), ("report", "--json")])
def test_every_json_command_prints_the_same_form(koop_inproc, ws, args):
    """UTF-8, two-space indent, a final newline: list, check and triage printed a one-space indent."""
    run = koop_inproc(*args, cwd=ws)
    assert run.returncode in (0, 1), run.stderr
    assert run.stdout == json.dumps(json.loads(run.stdout), ensure_ascii=False, indent=2) + "\n"


def test_docs_due_json_names_the_key_of_every_kind():
    """docs/due-json.md listed `triage` as a kind but not its key, `triage:<partner>`."""
    import re
    from pathlib import Path

    from koop_tui.model import DUE_KINDS

    doc = (Path(__file__).resolve().parents[2] / "docs" / "due-json.md").read_text(encoding="utf-8")
    row = next(line for line in doc.splitlines() if line.startswith("| `key` |"))
    assert sorted(set(DUE_KINDS) | {"problem", "conflict"}) == sorted(set(re.findall(r"`(\w+):<", row)))
