"""The undo journal: what a change records, and which change undo and redo take next."""

from __future__ import annotations

from datetime import date

from koop_tui.store import journal
from koop_tui.store.journal import Entry, append, diff, read, stacks


def entry(n, kind="change", of=None, group=None):
    return Entry(n, kind, "acme", f"change {n}", [], of, group=group, title=f"bulk {group}" if group else "")


def numbers(units):
    return [sorted(u.numbers) for u in units]


def test_undo_walks_back_redo_forward_and_a_new_change_ends_redo():
    log = [entry(1), entry(2), entry(3), entry(4, "undo", 3), entry(5, "undo", 2), entry(6, "redo", 2)]
    done, undone = stacks(log)
    assert (numbers(done), numbers(undone)) == ([[1], [2]], [[3]])
    done, undone = stacks(log + [entry(7)])
    assert (numbers(done), undone) == ([[1], [2], [7]], [])


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


def test_a_bulk_action_is_undone_and_redone_as_one():
    log = [entry(1), entry(2, group=2), entry(3, group=2), entry(4, group=2), entry(5, group=5)]
    done, _ = stacks(log)
    assert numbers(done) == [[1], [2, 3, 4], [5]]
    assert (done[1].message, done[1].slug, done[1].bulk, done[0].bulk) == ("bulk 2", "acme", True, False)
    undo = [entry(6, "undo", 5, group=6), entry(7, "undo", 4, group=7), entry(8, "undo", 3, group=7),
            entry(9, "undo", 2, group=7)]
    done, undone = stacks(log + undo)
    assert (numbers(done), numbers(undone)) == ([[1]], [[5], [2, 3, 4]])
    done, undone = stacks(log + undo + [entry(10, "redo", 2, group=10), entry(11, "redo", 3, group=10),
                                        entry(12, "redo", 4, group=10)])
    assert (numbers(done), numbers(undone)) == ([[1], [2, 3, 4]], [[5]])


def test_a_bulk_undo_written_in_part_leaves_the_rest_to_undo():
    log = [entry(1, group=1), entry(2, group=1), entry(3, group=1), entry(4, "undo", 3, group=4)]
    done, undone = stacks(log)
    assert (numbers(done), numbers(undone)) == ([[1, 2]], [[3]])


def test_the_journal_keeps_whole_bulk_actions_when_it_is_cut(tmp_path, monkeypatch):
    (tmp_path / ".git").mkdir()
    monkeypatch.setattr(journal, "KEEP", 4)
    for i in range(2):
        append(tmp_path, "change", "acme", f"single {i}", [])
    group = {"id": None, "message": "bulk"}
    for i in range(8):  # longer than KEEP: never cut while it is written
        append(tmp_path, "change", f"p{i}", "one of the bulk", [], group=group)
    assert [e.n for e in read(tmp_path)] == list(range(1, 11)) and group["id"] == 3
    append(tmp_path, "change", "acme", "after", [])  # cut to the last KEEP // 2 changes, the bulk one whole
    assert [e.n for e in read(tmp_path)] == list(range(2, 12))
    done, _ = stacks(read(tmp_path))
    assert numbers(done) == [[2], list(range(3, 11)), [11]]


def test_a_change_journals_the_same_records_with_the_unchanged_ones_left_out(tmp_path, monkeypatch):
    """Store._journal diffs only the records that differ (store._differing); the journal must read exactly as a
    diff of the whole partner before and after."""
    import shutil
    import sys
    from pathlib import Path

    from koop_tui.model import Touchpoint
    from koop_tui.store import Store
    from koop_tui.store import store as store_module

    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "perf"))
    from generate import generate

    generate(tmp_path / "a", partners=3, touchpoints=60, seed=3)
    shutil.copytree(tmp_path / "a", tmp_path / "b")
    monkeypatch.setenv("KOOP_CACHE_DIR", str(tmp_path / "cache"))

    def changes(root: Path) -> list:
        store = Store(root)
        slug = max(store.workspace.partners.values(), key=lambda p: len(p.touchpoints)).slug
        partner = store.partner(slug)
        first, second = partner.touchpoints[0].id, partner.touchpoints[1].id
        store.log_touch(slug, Touchpoint("zz9new", date(2026, 11, 20), "call", "", [], "new", "anna"))
        store.edit_record(slug, "touchpoints", first, {"note": "changed"})
        store.remove(slug, "touchpoints", second)
        store.set_fields(slug, None, {"note": "a partner note"})
        if partner.contacts:
            store.edit_record(slug, "contacts", partner.contacts[0].id, {"role": "Chair"})
        store.undo()
        return [(e.kind, e.slug, e.records) for e in read(root)]

    got = changes(tmp_path / "a")
    monkeypatch.setattr(store_module, "_differing", lambda before, after, tables: (before, after))
    assert got == changes(tmp_path / "b") and len(got) == 6
