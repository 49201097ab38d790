"""Both TOML parsers give the same values and the same located problems."""

from __future__ import annotations

import sys
import tomllib
from pathlib import Path

import pytest

from koop_tui.settings import default_settings
from koop_tui.store import tomlparse
from koop_tui.store.parse import parse_partner_bytes

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "perf"))
from generate import generate  # noqa: E402

BROKEN = {
    "duplicate key": 'name = "A"\nslug = "a"\nname = "B"\n',
    "duplicate table": 'name = "A"\nslug = "a"\n[vetting]\n[vetting]\n',
    "unclosed string": 'name = "A\nslug = "a"\n',
    "bad date": 'name = "A"\nslug = "a"\nsince = 2026-02-30\n',
    "control char": 'name = "A\x01"\nslug = "a"\n',
    "deep nesting": 'name = "A"\nslug = "a"\nx = ' + "[" * 300 + "]" * 300 + "\n",
    "bad value": 'name = "A"\nslug = "a"\nstage = active\n',
    "no value": 'name = "A"\nslug = "a"\ncadence =\n',
}
EQUAL = {
    "crlf multi-line string": 'name = "A"\r\nslug = "a"\r\nnote = """one\r\ntwo"""\r\n',
    "offset date-time": 'name = "A"\nslug = "a"\nmet = 2026-01-02T10:00:00+01:00\n',
    "utc date-time": 'name = "A"\nslug = "a"\nmet = 2026-01-02 10:00:00Z\n',
    "numbers": 'name = "A"\nslug = "a"\nx = [0x10, 1e3, inf, 1_000, -0.0]\n',
}


def _parsed(data: str, monkeypatch, parser: str):
    monkeypatch.setenv("KOOP_TOML_PARSER", parser) if parser == "tomllib" else monkeypatch.delenv(
        "KOOP_TOML_PARSER", raising=False)
    assert tomlparse.parser_name() == parser
    partner, problems = parse_partner_bytes(data.encode(), "partners/a.toml", default_settings())
    return partner, [str(p) for p in problems]


def test_rtoml_is_preferred_and_the_fallback_can_be_forced(monkeypatch):
    pytest.importorskip("rtoml")
    monkeypatch.delenv("KOOP_TOML_PARSER", raising=False)
    assert tomlparse.parser_name() == "rtoml"
    monkeypatch.setenv("KOOP_TOML_PARSER", "tomllib")
    assert tomlparse.parser_name() == "tomllib"


@pytest.mark.parametrize("case", list(BROKEN) + list(EQUAL))
def test_problems_are_identical_whichever_parser_runs(case, monkeypatch):
    pytest.importorskip("rtoml")
    data = BROKEN.get(case) or EQUAL[case]
    fast = _parsed(data, monkeypatch, "rtoml")
    slow = _parsed(data, monkeypatch, "tomllib")
    assert fast == slow
    if case in BROKEN:
        assert fast[1] and all(p.startswith("partners/a.toml:") for p in fast[1])


@pytest.mark.parametrize("case", list(EQUAL))
def test_values_equal_tomllib_and_keep_its_types(case):
    value = tomlparse.loads(EQUAL[case])
    assert value == tomllib.loads(EQUAL[case])
    assert [type(v) for v in value.values()] == [type(v) for v in tomllib.loads(EQUAL[case]).values()]
    met = value.get("met")
    if met is not None:
        assert type(met.tzinfo) is type(tomllib.loads(EQUAL[case])["met"].tzinfo)


def test_generated_workspace_parses_equally(tmp_path, monkeypatch):
    pytest.importorskip("rtoml")
    generate(tmp_path, partners=8, touchpoints=120, seed=11)
    for path in sorted((tmp_path / "partners").iterdir()):
        text = path.read_text()
        assert tomlparse.loads(text) == tomllib.loads(text)
        assert _parsed(text, monkeypatch, "rtoml") == _parsed(text, monkeypatch, "tomllib")
