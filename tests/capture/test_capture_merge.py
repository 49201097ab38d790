"""Two people capturing the same mail: when their partner files merge, it is one touchpoint."""

from __future__ import annotations

from koop_tui.sync.merge import merge_texts

BASE = 'name = "Muster GmbH"\nslug = "muster"\n\n[[contacts]]\nid = "jana"\nname = "Jana Weber"\n'


def touch(rid: str, source: str, by: str) -> str:
    return (f'\n[[touchpoints]]\nid = "{rid}"\ndate = 2026-11-10\nkind = "mail"\ncontacts = ["jana"]\n'
            f'by = "{by}"\nsource = "{source}"\n')


def test_the_same_source_captured_on_both_sides_merges_into_ours_and_others_stay():
    ours = BASE + touch("aaaa1", "mail:<a1@muster.example>", "anna")
    theirs = BASE + touch("bbbb2", "mail:<a1@muster.example>", "ben") + touch("cccc3", "cal:m1@cal", "ben")
    merged = merge_texts(BASE, ours, theirs)
    assert merged.conflicts == []
    assert merged.text == BASE + touch("aaaa1", "mail:<a1@muster.example>", "anna") + touch(
        "cccc3", "cal:m1@cal", "ben")


def test_touchpoints_without_a_source_are_never_merged_away():
    plain = '\n[[touchpoints]]\nid = "{}"\ndate = 2026-11-10\nkind = "call"\n'
    merged = merge_texts(BASE, BASE + plain.format("aaaa1"), BASE + plain.format("bbbb2"))
    assert merged.text.count("[[touchpoints]]") == 2
