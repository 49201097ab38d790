"""The undo journal: what a change records, and which change undo and redo take next."""

from __future__ import annotations

from datetime import date

from koop_tui.store.journal import Entry, append, diff, read, stacks


def entry(n, kind="change", of=None):
    return Entry(n, kind, "acme", f"change {n}", [], of)


def test_undo_walks_back_redo_forward_and_a_new_change_ends_redo():
    log = [entry(1), entry(2), entry(3), entry(4, "undo", 3), entry(5, "undo", 2), entry(6, "redo", 2)]
    done, undone = stacks(log)
    assert ([e.n for e in done], [e.n for e in undone]) == ([1, 2], [3])
    done, undone = stacks(log + [entry(7)])
    assert ([e.n for e in done], undone) == ([1, 2, 7], [])


def test_an_undo_out_of_order_starts_afresh():
    done, undone = stacks([entry(1), entry(2), entry(3, "undo", 1)])
    assert (done, undone) == ([], [])


def test_diff_keeps_partner_fields_by_key_and_records_whole_with_their_place():
    before = {"name": "Acme", "cadence": 30, "vetting": {"anchoring": "leader"},
              "touchpoints": [{"id": "t1", "date": date(2026, 1, 1)}, {"id": "t2", "date": date(2026, 2, 1)}]}
    after = {"name": "Acme", "cadence": 21, "vetting": {"anchoring": "leader"},
             "touchpoints": [{"id": "t2", "date": date(2026, 2, 1)}]}
    assert diff(before, after, {"touchpoints": ["t1", "t2"]}) == [
        {"table": None, "id": None, "before": {"cadence": 30}, "after": {"cadence": 21}},
        {"table": "touchpoints", "id": "t1", "before": {"id": "t1", "date": date(2026, 1, 1)}, "after": None,
         "next": ["touchpoints", "t2"]},
    ]


def test_entries_round_trip_with_dates_and_keep_their_numbers(tmp_path):
    (tmp_path / ".git").mkdir()
    record = {"table": "followups", "id": "f1", "before": None, "after": {"id": "f1", "due": date(2026, 12, 1)}}
    append(tmp_path, "change", "acme", "Add follow-up", [record])
    append(tmp_path, "undo", "acme", "Undo: Add follow-up", [record], 1)
    first, second = read(tmp_path)
    assert (first.n, first.records, second.n, second.of) == (1, [record], 2, 1)
