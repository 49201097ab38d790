"""Both TOML parsers give the same values and the same located problems."""

from __future__ import annotations

import random
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
    # TOML 1.1, which tomllib (TOML 1.0) rejects
    "inline table over lines": 'name = "A"\nslug = "a"\nvetting = {contribution = "x",\n anchoring = "new"}\n',
    "trailing comma in an inline table": 'name = "A"\nslug = "a"\nvetting = {contribution = "x",}\n',
    "escape e": 'name = "A\\e"\nslug = "a"\n',
    "escape x": 'name = "A\\x41"\nslug = "a"\n',
    "time without seconds": 'name = "A"\nslug = "a"\nat = 07:32\n',
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


def test_toml_rs_is_preferred_and_the_fallback_can_be_forced(monkeypatch):
    pytest.importorskip("toml_rs")
    monkeypatch.delenv("KOOP_TOML_PARSER", raising=False)
    assert tomlparse.parser_name() == "toml-rs"
    monkeypatch.setenv("KOOP_TOML_PARSER", "tomllib")
    assert tomlparse.parser_name() == "tomllib"


@pytest.mark.parametrize("case", list(BROKEN) + list(EQUAL))
def test_problems_are_identical_whichever_parser_runs(case, monkeypatch):
    pytest.importorskip("toml_rs")
    data = BROKEN.get(case) or EQUAL[case]
    fast = _parsed(data, monkeypatch, "toml-rs")
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


@pytest.mark.parametrize("depth", [tomlparse.MAX_DEPTH, 1000, tomlparse.MAX_OPENS, 20_000])
def test_deep_nesting_gets_what_tomllib_gives(depth):
    """toml-rs returns 1,000 nested arrays where tomllib stops, and crashes on 20,000: tomllib decides."""
    text = "x = " + "[" * depth + "]" * depth + "\n"
    try:
        expected = repr(tomllib.loads(text))
    except RecursionError:
        with pytest.raises(RecursionError):
            tomlparse.loads(text)
    else:
        assert repr(tomlparse.loads(text)) == expected


def test_a_partner_with_years_of_history_takes_the_fast_path(tmp_path, monkeypatch):
    """Three opening brackets per touchpoint: 400 touchpoints are far more brackets than nesting levels."""
    pytest.importorskip("toml_rs")
    generate(tmp_path, partners=1, touchpoints=400, seed=3)
    text = next((tmp_path / "partners").iterdir()).read_text()
    assert text.count("[") > tomlparse.MAX_DEPTH
    expected = tomllib.loads(text)
    monkeypatch.setattr(tomlparse.tomllib, "loads", lambda text: pytest.fail("took tomllib"))
    assert tomlparse.loads(text) == expected


def test_a_byte_order_mark_is_an_error_as_in_tomllib():
    with pytest.raises(tomllib.TOMLDecodeError):
        tomlparse.loads('\ufeffname = "A"\n')


def test_edited_files_parse_equally_or_fail_both(tmp_path):
    """Random small edits of real files (quotes, brackets, escapes, CR, offsets, dates): same value or both fail."""
    pytest.importorskip("toml_rs")
    generate(tmp_path, partners=4, touchpoints=12, seed=7)
    texts = [p.read_text() for p in sorted((tmp_path / "partners").iterdir())] + [(tmp_path / "koop.toml").read_text()]
    alphabet = list("\"'[]{}=,.#\n\r\t \\0123456789-:TZz+eExu_") + ['"""', "'''", "\\u00", "inf", "[[", "\ufeff"]
    rnd, valid = random.Random(5), 0
    for _ in range(1500):
        text = rnd.choice(texts)
        for _ in range(rnd.randint(1, 3)):
            at = rnd.randrange(len(text) + 1)
            text = text[:at] + rnd.choice(alphabet) + text[at + rnd.randint(0, 2):]
        try:
            expected = tomllib.loads(text)
        except tomllib.TOMLDecodeError:
            with pytest.raises(tomllib.TOMLDecodeError):
                tomlparse.loads(text)
            continue
        valid += 1
        assert repr(tomlparse.loads(text)) == repr(expected)  # repr: nan != nan, and types count
    assert valid > 300


def test_generated_workspace_parses_equally(tmp_path, monkeypatch):
    pytest.importorskip("toml_rs")
    generate(tmp_path, partners=8, touchpoints=120, seed=11)
    for path in sorted((tmp_path / "partners").iterdir()):
        text = path.read_text()
        assert tomlparse.loads(text) == tomllib.loads(text)
        assert _parsed(text, monkeypatch, "toml-rs") == _parsed(text, monkeypatch, "tomllib")
