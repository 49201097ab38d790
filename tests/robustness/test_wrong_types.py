"""A wrong type in every field of every record and of koop.toml: reported at its line, the rest still loads."""

from __future__ import annotations

import pytest

from koop_tui.settings import default_settings
from koop_tui.store import parse_partner_bytes, parse_settings_bytes
from koop_tui.store import settings_check as sc
from koop_tui.store import validate as v
from koop_tui.store.fields import CHECKS, Invalid

MINIMAL = {
    "contacts": ['id = "jana"', 'name = "Jana"'],
    "touchpoints": ['id = "t001"', "date = 2026-11-01", 'kind = "call"'],
    "followups": ['id = "f001"', "due = 2026-11-30"],
    "projects": ['id = "p001"', 'name = "Relaunch"', "start = 2026-01-01"],
    "agreements": ['id = "g001"', 'what = "other"'],
    "conflicts": ['id = "c001"', 'field = "phone"'],
}
PLAUSIBLE = ["42", '"tomorrow"', "true", '["x", 1]', "2026-11-01", "1.5"]
TABLE_VALUE = "{ wrong = 1 }"


def wrong_values(check) -> list[str]:
    """The inline table (wrong for every typed field) and the first plausible-looking literal the check refuses."""
    import tomllib

    for literal in PLAUSIBLE:
        try:
            check(tomllib.loads(f"v = {literal}")["v"])
        except Invalid:
            return [TABLE_VALUE, literal]
    return [TABLE_VALUE]


def partner_cases():
    for key, check in v.PARTNER.items():
        for bad in wrong_values(check):
            yield f"partner.{key}={bad}", ("", [], key, bad)
    for key, check in v.VETTING.items():
        for bad in wrong_values(check):
            yield f"vetting.{key}={bad}", ("[vetting]", [], key, bad)
    for key, check in v.REFERENCE.items():
        for bad in wrong_values(check):
            yield f"reference.{key}={bad}", ("[[vetting.references]]", ['by = "Nord"'] * (key != "by"), key, bad)
    for table, (_, checks, _, _) in v.TABLES.items():
        for key, check in checks.items():
            if check is CHECKS["anything"]:
                continue
            for bad in wrong_values(check):
                base = [line for line in MINIMAL[table] if not line.startswith(f"{key} =")]
                yield f"{table}.{key}={bad}", (f"[[{table}]]", base, key, bad)


PARTNER_CASES = dict(partner_cases())


@pytest.mark.parametrize("case", PARTNER_CASES)
def test_wrong_type_in_a_partner_field_is_located(case):
    header, base, key, bad = PARTNER_CASES[case]
    lines = [line for line in ('name = "Acme"', 'slug = "acme"') if not (header == "" and line.startswith(key))]
    lines += ["", "[[contacts]]", 'id = "ref"', 'name = "Ref"'] if header != "[[contacts]]" else []
    lines += [header] if header else []
    lines += base + [f"{key} = {bad}"]
    bad_line = len(lines)
    partner, problems = parse_partner_bytes("\n".join(lines).encode() + b"\n", "partners/acme.toml", default_settings())
    located = [p for p in problems if p.line == bad_line and p.severity == "error"]
    assert located, (lines, [str(p) for p in problems])
    assert all(p.path == "partners/acme.toml" for p in problems)
    assert (partner is None) == (header == "" and key in ("name", "slug"))


def settings_cases():
    for key, check in sc.TOP.items():
        for bad in wrong_values(check):
            yield f"{key}={bad}", ("", [], key, bad)
    for table, checks in sc.TABLES.items():
        for key, check in checks.items():
            for bad in wrong_values(check):
                yield f"{table}.{key}={bad}", (f"[{table}]", [], key, bad)
    for key, check in sc.STAGE.items():
        for bad in wrong_values(check):
            yield f"stages.active.{key}={bad}", ("[stages.active]", [], key, bad)
    for key, check in sc.KIND.items():
        for bad in wrong_values(check):
            yield f"kinds.call.{key}={bad}", ("[kinds.call]", [], key, bad)
    campaign = ['id = "xmas"', 'name = "Cards"', 'date = "12-01"']
    fair = ['id = "dmexco"', 'name = "DMEXCO"', "start = 2026-09-16"]
    for table, checks, base in (("campaigns", sc.CAMPAIGN, campaign), ("fairs", sc.FAIR, fair)):
        for key, check in checks.items():
            for bad in wrong_values(check):
                rest = [line for line in base if not line.startswith(f"{key} =")]
                yield f"{table}.{key}={bad}", (f"[[{table}]]", rest, key, bad)


SETTINGS_CASES = dict(settings_cases())


@pytest.mark.parametrize("case", SETTINGS_CASES)
def test_wrong_type_in_koop_toml_is_located_and_the_default_applies(case):
    header, base, key, bad = SETTINGS_CASES[case]
    lines = ['name = "Team"'] if key != "name" or header else []
    lines += ([header] if header else []) + base + [f"{key} = {bad}"]
    settings, problems = parse_settings_bytes("\n".join(lines).encode() + b"\n", "koop.toml")
    located = [p for p in problems if p.line == len(lines) and p.path == "koop.toml"]
    assert located, (lines, [str(p) for p in problems])
    assert settings.kinds["call"].weight == default_settings().kinds["call"].weight or key == "weight"


def test_every_field_is_covered():
    assert len(PARTNER_CASES) >= 2 * 40 and len(SETTINGS_CASES) >= 2 * 30
