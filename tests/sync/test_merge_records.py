"""The three-way merge by record id, called directly (no git)."""

from __future__ import annotations

import re
import tomllib
from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from koop_tui.canonical import canonical_partner_dict, dumps
from koop_tui.sync.blocks import BlockParser, quick_loads, split_blocks
from koop_tui.sync.merge import MergeInputError, merge_texts, prune

BASE = {
    "name": "Acme", "slug": "acme", "stage": "active", "tags": ["agency", "seo"],
    "contacts": [{"id": "jana", "name": "Jana Weber", "phone": "+49 30 0"},
                 {"id": "tom", "name": "Tom Berg"}],
    "touchpoints": [{"id": "t0a1", "date": date(2026, 10, 1), "kind": "call", "contacts": ["jana"]}],
    "followups": [{"id": "f0a1", "due": date(2026, 12, 1), "text": "Send offer"}],
}


def text(**changes) -> str:
    data = {**BASE, **changes}
    return dumps(canonical_partner_dict({k: v for k, v in data.items() if v is not None}))


def touch(tid: str, day: int, by: str = "anna", **more) -> dict:
    return {"id": tid, "date": date(2026, 11, day), "kind": "call", "by": by, **more}


def merged(base: str, ours: str, theirs: str):
    out = merge_texts(base, ours, theirs)
    return out, tomllib.loads(out.text)


def test_touchpoints_from_both_sides_are_all_kept_in_canonical_order():
    ours = text(touchpoints=[*BASE["touchpoints"], touch("aa11", 5)])
    theirs = text(touchpoints=[*BASE["touchpoints"], touch("bb22", 3, by="tom")])
    out, data = merged(text(), ours, theirs)
    assert [t["id"] for t in data["touchpoints"]] == ["t0a1", "bb22", "aa11"]
    assert out.conflicts == [] and "conflicts" not in data
    assert out.text == dumps(canonical_partner_dict(data))


def test_different_fields_changed_on_each_side_both_win():
    ours = text(stage="dormant")
    theirs = text(contacts=[{**BASE["contacts"][0], "phone": "+49 30 9"}, BASE["contacts"][1]])
    _, data = merged(text(), ours, theirs)
    assert data["stage"] == "dormant"
    assert data["contacts"][0]["phone"] == "+49 30 9"


def test_same_field_changed_differently_keeps_ours_and_records_one_conflict():
    ours = text(contacts=[{**BASE["contacts"][0], "phone": "+49 30 1"}, BASE["contacts"][1]])
    theirs = text(contacts=[{**BASE["contacts"][0], "phone": "+49 30 2"}, BASE["contacts"][1]])
    out, data = merged(text(), ours, theirs)
    assert data["contacts"][0]["phone"] == "+49 30 1"
    [conflict] = data["conflicts"]
    assert {k: v for k, v in conflict.items() if k != "id"} == {
        "field": "contacts.jana.phone", "ours": "+49 30 1", "theirs": "+49 30 2", "base": "+49 30 0"}
    assert re.fullmatch(r"[a-z0-9]{4,12}", conflict["id"])
    assert out.fields == ["contacts.jana.phone"]


def test_conflict_ids_are_stable_so_the_same_merge_gives_the_same_bytes():
    ours, theirs = text(stage="dormant"), text(stage="ended")
    assert merge_texts(text(), ours, theirs).text == merge_texts(text(), ours, theirs).text


def test_same_change_on_both_sides_is_no_conflict():
    out, data = merged(text(), text(stage="ended"), text(stage="ended"))
    assert data["stage"] == "ended" and out.conflicts == []


def test_record_deleted_on_one_side_and_edited_on_the_other_is_kept():
    edited = [{**BASE["followups"][0], "done": date(2026, 11, 20)}]
    out, data = merged(text(), text(followups=[]), text(followups=edited))
    assert data["followups"] == edited
    assert out.kept == ["followups.f0a1"]


def test_record_deleted_on_one_side_and_untouched_on_the_other_goes():
    _, data = merged(text(), text(followups=[]), text(stage="dormant"))
    assert "followups" not in data and data["stage"] == "dormant"


def test_value_lists_merge_additions_and_removals():
    _, data = merged(text(), text(tags=["agency", "seo", "print"]), text(tags=["seo", "web"]))
    assert data["tags"] == ["seo", "print", "web"]


def test_deleted_contact_stays_while_a_new_touchpoint_refers_to_it():
    ours = text(contacts=[BASE["contacts"][0]])
    theirs = text(touchpoints=[*BASE["touchpoints"], touch("bb22", 3, contacts=["tom"])])
    out, data = merged(text(), ours, theirs)
    assert [c["id"] for c in data["contacts"]] == ["jana", "tom"]
    assert "contacts.tom" in out.kept


def test_existing_conflict_records_of_both_sides_survive():
    c1 = {"id": "c111", "field": "stage", "ours": "a", "theirs": "b"}
    c2 = {"id": "c222", "field": "note", "ours": "x", "theirs": "y"}
    _, data = merged(text(), text(conflicts=[c1]), text(conflicts=[c2]))
    assert [c["id"] for c in data["conflicts"]] == ["c222", "c111"]  # sorted by field, then id


def test_added_on_both_sides_without_base():
    ours = text(touchpoints=[touch("aa11", 5)])
    theirs = text(touchpoints=[touch("bb22", 6)])
    out, data = merged("", ours, theirs)
    assert [t["id"] for t in data["touchpoints"]] == ["aa11", "bb22"]
    assert out.conflicts == []


def test_a_merge_equal_to_ours_returns_ours_byte_for_byte():
    ours = "# our notes stay\n" + text(stage="ended")
    assert merge_texts(text(), ours, text()).text == ours


def test_scalar_deleted_on_one_side_and_changed_on_the_other_is_a_conflict_keeping_theirs_visible():
    out, data = merged(text(), text(stage=None), text(stage="ended"))
    assert "stage" not in data
    assert [(c["field"], c.get("ours"), c["theirs"]) for c in data["conflicts"]] == [("stage", None, "ended")]


@pytest.mark.parametrize("bad, words", [
    ("name = \n", "not valid TOML"),
    ("<<<<<<< ours\nname = 'x'\n=======\nname = 'y'\n>>>>>>> theirs\n", "conflict markers at line 1"),
])
def test_unmergeable_input_names_the_side(bad, words):
    with pytest.raises(MergeInputError, match=words) as info:
        merge_texts(text(), bad, text())
    assert str(info.value).startswith("ours:")


def test_two_different_records_with_one_id_refuse_to_merge():
    twice = text(touchpoints=[touch("aa11", 5), touch("aa11", 6)])
    with pytest.raises(MergeInputError, match="aa11"):
        merge_texts(text(), twice, text(touchpoints=[touch("bb22", 7)]))


SETTINGS = """name = "Team"
default_cadence = 60

[stages.active]
cadence = 30

[[campaigns]]
id = "xmas"
name = "Christmas cards"
date = "12-20"
"""


def test_koop_toml_merges_tables_by_key_and_campaigns_by_id():
    ours = SETTINGS.replace("cadence = 30", "cadence = 21") + '\n[[campaigns]]\nid = "easter"\ndate = "04-05"\n'
    theirs = SETTINGS.replace("default_cadence = 60", "default_cadence = 45") + \
        '\n[[campaigns]]\nid = "summer"\ndate = "07-01"\n'
    out = merge_texts(SETTINGS, ours, theirs, partner=False)
    data = tomllib.loads(out.text)
    assert data["default_cadence"] == 45 and data["stages"]["active"]["cadence"] == 21
    assert [c["id"] for c in data["campaigns"]] == ["xmas", "easter", "summer"]
    assert out.conflicts == []


def test_koop_toml_conflict_is_recorded_in_koop_toml():
    out = merge_texts(SETTINGS, SETTINGS.replace('"Team"', '"A"'), SETTINGS.replace('"Team"', '"B"'), partner=False)
    data = tomllib.loads(out.text)
    assert data["name"] == "A"
    assert [(c["field"], c["theirs"]) for c in data["conflicts"]] == [("name", "B")]


values = st.one_of(
    st.text(max_size=12), st.integers(-10**20, 10**20), st.booleans(), st.dates(),
    st.floats(allow_nan=False, allow_infinity=False), st.lists(st.text(max_size=5), max_size=3),
)
keys = st.from_regex(r"[a-z][a-z_-]{0,8}", fullmatch=True)


@settings(max_examples=60, deadline=None)
@given(st.dictionaries(keys, values, max_size=5), st.lists(st.dictionaries(keys, values, max_size=5), max_size=3))
def test_block_parsing_reads_exactly_what_tomllib_reads(top, records):
    text = dumps({**top, "touchpoints": records} if records else top)
    assert BlockParser(prune).loads(text) == prune(tomllib.loads(text))
    for block in split_blocks(text):
        assert quick_loads(block, prune) == prune(tomllib.loads(block))
