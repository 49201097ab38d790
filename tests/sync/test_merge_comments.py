"""A merge keeps what people wrote: comments above and beside records and keys, blank lines, CRLF.

The data is always the record merge's (merge_texts); only the text around it is kept."""

from __future__ import annotations

import copy
import random
import tomllib

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from koop_tui.canonical import canonical_partner_dict, dumps
from koop_tui.sync.merge import merge_file, merge_texts, prune
from koop_tui.sync.restyle import KEPT

BASE = (
    'name = "Muster GmbH"\nslug = "muster-gmbh"\nstage = "active"\n\n'
    '[[contacts]]\nid = "jana"\nname = "Jana Weber"\nphone = "+49 30 0"\n\n'
    '[[contacts]]\nid = "tom"\nname = "Tom Kurz"\n\n'
    '[[touchpoints]]\nid = "t001"\ndate = 2026-01-05\nkind = "call"\nby = "anna"\n'
)


def touch(tid: str, day: str, by: str) -> str:
    return f'\n[[touchpoints]]\nid = "{tid}"\ndate = {day}\nkind = "call"\nby = "{by}"\n'


def merged(base: str, ours: str, theirs: str, path: str = "partners/muster-gmbh.toml") -> str:
    out = merge_file(base.encode(), ours.encode(), theirs.encode(), path, lambda *texts: None)
    data = merge_texts(base, ours, theirs, partner=path != "koop.toml")
    got = prune(tomllib.loads(out.text))  # empty values and tables mean nothing to koop
    want = prune(tomllib.loads(data.text))
    if path != "koop.toml":
        got, want = canonical_partner_dict(got), canonical_partner_dict(want)
    assert got == want  # the data is today's merge result
    return out.text


def test_comments_above_and_beside_records_and_keys_from_both_sides_survive():
    ours = BASE.replace('name = "Muster GmbH"', '# Ansprechpartnerin ist Jana, nicht Tom!\nname = "Muster GmbH"')
    ours += touch("a002", "2026-11-20", "anna")
    theirs = BASE.replace('name = "Jana Weber"', 'name = "Jana Weber"  # seit 2019')
    theirs = theirs.replace('[[contacts]]\nid = "tom"', '# Tom geht Ende des Jahres\n[[contacts]]\nid = "tom"')
    theirs += touch("b003", "2026-11-21", "ben")
    text = merged(BASE, ours, theirs)
    assert text == (
        '# Ansprechpartnerin ist Jana, nicht Tom!\nname = "Muster GmbH"\nslug = "muster-gmbh"\nstage = "active"\n\n'
        '[[contacts]]\nid = "jana"\nname = "Jana Weber"  # seit 2019\nphone = "+49 30 0"\n\n'
        '# Tom geht Ende des Jahres\n[[contacts]]\nid = "tom"\nname = "Tom Kurz"\n\n'
        '[[touchpoints]]\nid = "t001"\ndate = 2026-01-05\nkind = "call"\nby = "anna"\n'
        + touch("a002", "2026-11-20", "anna") + touch("b003", "2026-11-21", "ben")
    )


def test_a_changed_field_is_changed_in_place_keeping_blank_lines_and_layout():
    layout = BASE.replace('stage = "active"\n', 'stage   =   "active"   # hand aligned\n\n\n')
    ours = layout + touch("a002", "2026-11-20", "anna")
    theirs = layout.replace('"active"', '"dormant"')
    assert merged(layout, ours, theirs) == ours.replace('"active"', '"dormant"')


def test_crlf_files_stay_crlf():
    crlf = BASE.replace("\n", "\r\n")
    ours = crlf.replace('stage = "active"', '# seit 2019\r\nstage = "active"') + touch("a002", "2026-11-20", "anna").replace("\n", "\r\n")
    theirs = crlf + touch("b003", "2026-11-21", "ben").replace("\n", "\r\n")
    text = merged(crlf, ours, theirs)
    assert "# seit 2019\r\n" in text and '"b003"' in text
    assert text.count("\n") == text.count("\r\n")


def test_both_sides_commenting_one_key_keep_both_and_an_edited_comment_keeps_both_versions():
    base = BASE.replace('stage = "active"', '# stage: ask Jana\nstage = "active"')
    ours = base.replace("# stage: ask Jana", "# stage: ask Jana first") + touch("a002", "2026-11-20", "anna")
    theirs = base.replace("# stage: ask Jana", "# stage: ask Tom") + touch("b003", "2026-11-21", "ben")
    theirs = theirs.replace('slug = "muster-gmbh"', '# the file name\nslug = "muster-gmbh"')
    text = merged(base, ours, theirs)
    assert "# stage: ask Jana first\n# stage: ask Tom\nstage = " in text
    assert "# the file name\nslug = " in text
    only_theirs = merged(base, base + touch("a002", "2026-11-20", "anna"), theirs)
    assert "# stage: ask Tom\nstage = " in only_theirs and "ask Jana" not in only_theirs  # theirs' edit wins


def test_a_comment_on_a_record_the_other_side_deleted_is_kept_at_the_end():
    ours = BASE.replace('[[contacts]]\nid = "tom"\nname = "Tom Kurz"\n\n', "") + touch("a002", "2026-11-20", "anna")
    theirs = BASE.replace('name = "Tom Kurz"', 'name = "Tom Kurz"  # mag keine Anrufe')
    theirs = theirs.replace('[[contacts]]\nid = "tom"', '# Tom: nur per Mail\n[[contacts]]\nid = "tom"')
    text = merged(BASE, ours, theirs)
    assert 'id = "tom"' not in text
    assert text.endswith(f"\n\n{KEPT}\n# Tom: nur per Mail\n# mag keine Anrufe\n")


LAYOUTS = {  # the same file written four ways: what separates records is kept, and so are the line endings
    "one blank line": lambda text: text,
    "no blank lines": lambda text: text.replace("\n\n", "\n"),
    "two blank lines": lambda text: text.replace("\n\n", "\n\n\n"),
    "CRLF": lambda text: text.replace("\n", "\r\n"),
}


@pytest.mark.parametrize("layout", LAYOUTS)
def test_records_the_other_side_added_go_where_the_canonical_order_puts_them(layout):
    write = LAYOUTS[layout]
    head = BASE.replace('[[contacts]]\nid = "tom"', '# Tom: nur per Mail\n[[contacts]]\nid = "tom"')
    ours = head + "\n# Jana rief zurueck\n" + touch("a002", "2026-11-20", "anna")[1:] + \
        '\n[[projects]]\nid = "p1"\nname = "Website"\nstart = 2026-02-01\n\n# Ende der Notizen\n'
    base = BASE + '\n[[projects]]\nid = "p1"\nname = "Website"\nstart = 2026-02-01\n'
    # theirs: a touchpoint dated between ours' two, a contact sorting before tom, the file's first follow-up
    max_ = '[[contacts]]\nid = "max"\nname = "Max Maier"\n\n'
    theirs = base.replace('[[contacts]]\nid = "tom"', max_ + '[[contacts]]\nid = "tom"')
    theirs = theirs.replace('\n[[projects]]', touch("b003", "2026-03-01", "ben") +
                            '\n[[followups]]\nid = "f1"\ndue = 2026-12-01\nwhat = "Angebot"\n\n[[projects]]')
    text = merged(write(base), write(ours), write(theirs))
    assert text == write(
        'name = "Muster GmbH"\nslug = "muster-gmbh"\nstage = "active"\n\n'
        '[[contacts]]\nid = "jana"\nname = "Jana Weber"\nphone = "+49 30 0"\n\n'
        '[[contacts]]\nid = "max"\nname = "Max Maier"\n\n'
        '# Tom: nur per Mail\n[[contacts]]\nid = "tom"\nname = "Tom Kurz"\n\n'
        '[[touchpoints]]\nid = "t001"\ndate = 2026-01-05\nkind = "call"\nby = "anna"\n'
        + touch("b003", "2026-03-01", "ben") + "\n# Jana rief zurueck" + touch("a002", "2026-11-20", "anna") +
        '\n[[followups]]\nid = "f1"\ndue = 2026-12-01\nwhat = "Angebot"\n'
        '\n[[projects]]\nid = "p1"\nname = "Website"\nstart = 2026-02-01\n\n# Ende der Notizen\n'
    )


def test_a_new_record_written_with_odd_key_order_is_written_in_the_canonical_key_order():
    ours = BASE.replace('stage = "active"', 'stage = "active"  # seit 2019')
    theirs = BASE + '\n[[touchpoints]]\nby = "ben"\nkind = "mail"\ndate = 2026-03-01\nid = "b003"\n'
    text = merged(BASE, ours, theirs)
    assert text == ours + touch("b003", "2026-03-01", "ben").replace('"call"', '"mail"')


def test_koop_toml_keeps_a_comment_of_one_side_and_the_key_of_the_other():
    from koop_tui.settings import default_settings_text

    base = default_settings_text()
    ours = base.replace('name = "', '# Unser Team seit 2024\nname = "', 1)
    theirs = base.replace("default_cadence = 60", "default_cadence = 21")
    assert theirs != base
    text = merged(base, ours, theirs, "koop.toml")
    assert "# Unser Team seit 2024\n" in text and tomllib.loads(text)["default_cadence"] == 21
    assert text.count("#") == ours.count("#")
    swapped = merged(base, theirs, ours, "koop.toml")
    assert "# Unser Team seit 2024\n" in swapped and swapped.count("#") == ours.count("#")


# ---- random comments and record edits on both sides ------------------------------------------------------

DOC = {
    "name": "Acme", "slug": "acme", "stage": "active", "note": "base",
    "contacts": [{"id": "jana", "name": "Jana", "phone": "0"}, {"id": "tom", "name": "Tom", "role": "CTO"}],
    "touchpoints": [{"id": "t0000", "date": "2026-01-01", "kind": "call"}],
}
EDITS = st.lists(st.sampled_from(["touch", "stage", "note", "phone", "contact", "drop-tom"]), max_size=5)


def _edit(doc: dict, edits: list[str], side: str) -> dict:
    from datetime import date

    doc = copy.deepcopy(doc)
    doc["touchpoints"] = [dict(t, date=date.fromisoformat(str(t["date"]))) for t in doc["touchpoints"]]
    for n, edit in enumerate(edits):
        if edit == "touch":
            doc["touchpoints"].append({"id": f"{side}{n}", "date": date(2026, 3, n + 1), "kind": "mail"})
        elif edit in ("stage", "note"):
            doc[edit] = f"{edit}-{side}{n}" if edit == "note" else ("dormant" if side == "a" else "ended")
        elif edit == "phone":
            doc["contacts"][0]["phone"] = f"{side}{n}"
        elif edit == "contact":
            doc["contacts"].append({"id": f"c{side}{n}", "name": f"C {side}{n}"})
        else:
            doc["contacts"] = [c for c in doc["contacts"] if c["id"] != "tom"]
    return doc


def _with_comments(text: str, where: list[int], side: str) -> tuple[str, dict[str, tuple]]:
    """Comment lines put above random data lines of a canonical text; returns the text and comment -> its
    anchor: ("top", key), (table, record id) for a record's header, (table, record id, key)."""
    lines = text.split("\n")
    data = [i for i, line in enumerate(lines) if line and not line.startswith("#")]
    anchor_of, table, rid = {}, None, None
    for i, line in enumerate(lines):
        if line.startswith("[["):
            table, rid = line.strip("[]"), lines[i + 1].split('"')[1]  # canonical: `id` comes first
            anchor_of[i] = (table, rid)
        elif line:
            key = line.split(" = ")[0]
            anchor_of[i] = ("top", key) if table is None else (table, rid, key)
    placed: dict[int, list[str]] = {}
    anchors = {}
    for n, pick in enumerate(where):
        at = data[pick % len(data)]
        comment = f"# {side} comment {n}"
        placed.setdefault(at, []).append(comment)
        anchors[comment] = anchor_of[at]
    out = []
    for i, line in enumerate(lines):
        out += placed.get(i, []) + [line]
    return "\n".join(out), anchors


def _survives(anchor: tuple, data: dict) -> bool:
    """Whether the merged data still has the record or key a comment stood above."""
    if anchor[0] == "top":
        return anchor[1] in data
    record = next((r for r in data.get(anchor[0], []) if r.get("id") == anchor[1]), None)
    return record is not None and (len(anchor) == 2 or anchor[2] in record)


@settings(max_examples=60, deadline=None)
@given(EDITS, EDITS, st.lists(st.integers(0, 40), max_size=4), st.lists(st.integers(0, 40), max_size=4),
       st.randoms(use_true_random=False))
def test_random_comments_and_edits_keep_the_data_and_every_comment(edits_a, edits_b, where_a, where_b, rnd):
    base = dumps(canonical_partner_dict(_edit(DOC, [], "x")))
    ours, anchors_a = _with_comments(dumps(canonical_partner_dict(_edit(DOC, edits_a, "a"))), where_a, "a")
    theirs, anchors_b = _with_comments(dumps(canonical_partner_dict(_edit(DOC, edits_b, "b"))), where_b, "b")
    text = merged(base, ours, theirs)  # asserts that the data is the plain record merge's
    data = tomllib.loads(text)
    lines = text.split("\n")
    kept_from = lines.index(KEPT) if KEPT in lines else len(lines)
    anchors = {**anchors_a, **anchors_b}
    surviving = {c for c, anchor in anchors.items() if _survives(anchor, data)}
    preserved = {line for line in lines[:kept_from] if line.startswith("# ")}
    assert preserved == surviving  # the comments preserved in place are exactly those whose anchors survive
    assert set(lines[kept_from + 1:]) - {""} == set(anchors) - surviving  # the others are kept at the end
    for comment in anchors:
        assert lines.count(comment) == 1, comment  # every comment line is there once
    for comment in surviving:
        at = lines.index(comment)
        below = next(line for line in lines[at + 1:] if not line.startswith("#"))
        anchor = anchors[comment]
        if len(anchor) == 2 and anchor[0] != "top":
            assert below == f"[[{anchor[0]}]]", (comment, anchor, below)
        else:
            assert below.split(" = ")[0] == anchor[-1], (comment, anchor, below)
    # and new records of both sides stand in the canonical writer's order
    for table in ("contacts", "touchpoints"):
        assert [r["id"] for r in data[table]] == [r["id"] for r in canonical_partner_dict(data)[table]]


def test_koop_toml_tables_are_edited_in_place_keeping_every_comment():
    from koop_tui.settings import default_settings_text

    base = default_settings_text()
    ours = base.replace("soon = 0.8 ", "soon = 0.7 ").replace('name = "', '# Team Nord\nname = "', 1)
    theirs = base.replace("vetting_after_days = 14", "vetting_after_days = 10")
    assert ours != base and theirs != base
    text = merged(base, ours, theirs, "koop.toml")
    assert text == ours.replace("vetting_after_days = 14", "vetting_after_days = 10")
    assert merged(base, theirs, ours, "koop.toml") == text
