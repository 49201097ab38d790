"""Imported contacts do not flood the due list: one row for all of them until sorted, and their cadences count
from the import day (nobody is "overdue since forever" after an import)."""

from __future__ import annotations

from dataclasses import replace

from koop_tui.engine import due_items, partner_view
from koop_tui.engine.due import due_counts
from koop_tui.engine.triage import TRIAGE, group_triage
from koop_tui.importers.plan import Options, build_plan
from koop_tui.importers.records import ImportRecord

from .helpers import TODAY, d, partner, ws

IMPORT_DAY = d("2026-11-01")  # 22 days before TODAY
N = 500


def imported_workspace(n: int = N):
    """What `koop import` makes of n address-book cards: n partners in the stage `imported`, dated the import day."""
    records = [ImportRecord(where=f"line {i}", name=f"Person {i:03d}", emails=[f"p{i}@x{i}.example"])
               for i in range(1, n + 1)]
    plan = build_plan(ws(), records, Options(stage="imported", imported=IMPORT_DAY))
    return ws(*(pp.partner for pp in plan.partners.values()))


def test_an_import_of_n_contacts_is_one_due_row_counted_once():
    workspace = imported_workspace()
    assert len(workspace.partners) == N and {p.stage for p in workspace.partners.values()} == {"imported"}
    items = due_items(workspace, TODAY, within=60)
    assert {i.kind for i in items} == {TRIAGE} and len(items) == N  # one per partner for --json and the calendar
    (row,) = group_triage(items)
    assert (row.key, row.status, row.due) == ("triage", "overdue", IMPORT_DAY)
    assert row.title == f"{N} imported partners to sort: give them a stage or archive them"
    assert row.explanation == (f"{N} imported partners to sort, the oldest since 2026-11-01; nothing else is due "
                               "for them until they have a stage; to clear: enter opens the triage list, or "
                               "koop triage")
    assert due_counts(items) == due_counts([row]) == {"overdue": 1, "due": 0, "soon": 0, "ok": 0}
    assert items[0].explanation == (
        "imported 2026-11-01 with 1 contact, not sorted yet: a stage (or a cadence) starts its cadence from the "
        "import day; not a partner: archive it; to clear: a stage or not a partner (on the triage list: enter on "
        "its due row) or koop triage person-001 --stage S (--archive: not a partner)")
    assert due_items(workspace, d("2026-11-10"))[0].status == "due"  # 9 days after the import: not yet overdue


def test_sorted_partners_count_their_cadence_from_the_import_day():
    workspace = imported_workspace(3)
    first, second, third = sorted(workspace.partners)
    workspace.partners[first] = replace(workspace.partners[first], stage="active")  # cadence 30 d from the stage
    workspace.partners[second] = replace(workspace.partners[second], stage="prospect", cadence=14)
    workspace.partners[third] = replace(workspace.partners[third], stage="ended")  # not a partner
    view = partner_view(workspace, first, TODAY)
    (state,) = view.contacts
    assert (state.status, state.due, round(state.ratio, 4)) == ("ok", d("2026-12-01"), round(22 / 30, 4))
    got = [(i.key, i.status, i.due) for i in due_items(workspace, TODAY)]
    assert got == [(f"contact:{second}/person", "overdue", d("2026-11-15"))]  # 22 d of 14: ratio 1.57
    (item,) = due_items(workspace, TODAY)
    assert item.explanation.startswith("never contacted since the import 22 d ago; cadence 14 d from partner; "
                                       "ratio 1.57 → overdue")
    assert [(i.key, i.status) for i in due_items(workspace, d("2026-12-01"), kinds={"contact"})] == [
        (f"contact:{second}/person", "overdue"), (f"contact:{first}/person", "due")]


def test_without_an_import_day_never_contacted_stays_due_from_since_or_today():
    p = partner("acme", contacts=[], stage="active", since=d("2026-10-01"))
    (item,) = due_items(ws(p), TODAY)
    assert (item.status, item.due, item.ratio) == ("due", d("2026-10-01"), None)
    assert item.explanation.startswith("never contacted; cadence")
