"""koop.toml validation: unknown keys, wrong types, unknown stages and kinds, bad campaign dates."""

from __future__ import annotations

from koop_tui.store import load_workspace, parse_settings_bytes


def test_shipped_defaults_are_clean():
    from koop_tui.settings import default_settings_text

    settings, problems = parse_settings_bytes(default_settings_text().encode())
    assert problems == [] and settings.stages["active"].cadence == 30


def test_koop_toml_problems_are_located_and_bad_values_fall_back():
    text = (
        'name = "Demo"\ndefault_cadense = 30\n\n[ratios]\nsoon = "high"\n\n[stages.activ]\ncadence = 10\n\n'
        '[kinds.call]\nweight = 2\n\n[[campaigns]]\nid = "xmas"\ndate = "12-32"\n\n'
        '[[campaigns]]\nid = "easter"\ndate = "04-01"\nstages = ["actve"]\nkinds = ["card"]\n'
    )
    settings, problems = parse_settings_bytes(text.encode())
    assert [str(p) for p in problems] == [
        "koop.toml:2:1: unknown key 'default_cadense' (did you mean 'default_cadence'?)",
        "koop.toml:5:1: [ratios]: soon must be a positive number, got 'high'",
        "koop.toml:7:1: unknown stage 'activ' (did you mean 'active'?)",
        "koop.toml:11:1: kinds.call: weight must be a number in (0, 1], got 2",
        "koop.toml:15:1: campaign 'xmas': date is not a month-day: '12-32' (use \"MM-DD\", e.g. \"12-20\")",
        "koop.toml:20:1: campaign 'easter': unknown stage 'actve' (did you mean 'active'?)",
    ]
    assert settings.name == "Demo" and settings.soon_ratio == 0.8
    assert settings.kinds["call"].weight == 1.0
    assert [c.id for c in settings.campaigns] == ["easter"]


def test_unknown_feed_kinds_are_reported():
    text = 'name = "Demo"\n[feed]\ninclude = ["contact", "birthdays"]\nexclude = ["zzz"]\n'
    _, problems = parse_settings_bytes(text.encode())
    assert [str(p) for p in problems] == [
        "koop.toml:3:1: [feed] include: unknown kind 'birthdays' (did you mean 'birthday'?)",
        ("koop.toml:4:1: [feed] exclude: unknown kind 'zzz' (kinds: contact, followup, handover, vetting, debrief, "
         "agreement, warmup, birthday, anniversary, campaign, fair, triage)"),
    ]


def test_broken_koop_toml_keeps_partners_loading(tmp_path):
    (tmp_path / "partners").mkdir()
    (tmp_path / "koop.toml").write_text("name = \n")
    (tmp_path / "partners" / "a.toml").write_text('name = "A"\nslug = "a"\nstage = "active"\n')
    workspace = load_workspace(tmp_path)
    assert [str(p) for p in workspace.problems] == ["koop.toml:1:8: Invalid value (TOML syntax error)"]
    assert workspace.partners["a"].stage == "active"


def test_a_merge_conflict_recorded_in_koop_toml_is_named_as_one():
    text = ('name = "Team"\ndefault_cadence = 45\n\n[[conflicts]]\nid = "c1a2b3"\nfield = "default_cadence"\n'
            'ours = 45\ntheirs = 30\nbase = 60\n')
    settings, problems = parse_settings_bytes(text.encode())
    assert [str(p) for p in problems] == [
        "koop.toml:4:1: unresolved merge conflict on default_cadence: ours 45, theirs 30 "
        "(set the value you want in koop.toml and delete this [[conflicts]] entry)",
    ]
    assert settings.default_cadence == 45
