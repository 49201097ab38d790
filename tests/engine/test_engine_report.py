"""Report figures, hand-computed on a small workspace with a fixed today (docs/engine.md, "Report figures")."""

from __future__ import annotations

from datetime import date

from koop_tui.engine import due_items
from koop_tui.engine.report import (
    Month,
    cooling,
    owner_loads,
    partner_history,
    partner_statuses,
    per_month,
    practice_sentence,
    report,
    shift_months,
)

from .helpers import TODAY, contact, d, partner, touch, ws


def team():
    """Today 2026-11-23. Cadences: active 30, prospect 21, dormant 90."""
    return ws(
        # last touch 2026-09-01: 83 d / 30 -> overdue since 2026-10-01; 5 touches before 2026-05-23, 1 after
        partner("acme", owner="anna", contacts=[contact("jana")], touches=[
            touch("2025-12-10", "call", id="aaa1"), touch("2026-01-15", "call", id="aaa2"),
            touch("2026-02-20", "referral", id="aaa3"), touch("2026-03-05", "call", id="aaa4"),
            touch("2026-05-10", "referral", direction="received", id="aaa5"), touch("2026-09-01", "call", id="aaa6")]),
        # a comment (given first, 21 d ago: pending), then a call 13 d ago: ok
        partner("bolt", owner="anna", contacts=[contact("tom")], touches=[
            touch("2026-11-02", "comment", id="bbb1"), touch("2026-11-10", "call", id="bbb2")]),
        # gave 2026-08-01, they gave back 19 d later; overdue since 2026-09-10
        partner("cora", owner="ben", stage="prospect", contacts=[contact("eva")], touches=[
            touch("2026-08-01", "comment", id="ccc1"), touch("2026-08-20", "referral", direction="received", id="ccc2")]),
        # gave 2026-06-01 and nothing back (175 d); overdue since 2026-06-22
        partner("dora", owner="ben", stage="prospect", contacts=[contact("kim")], touches=[
            touch("2026-06-01", "share", id="ddd1")]),
        # 26 d / 30: soon; owned by nobody
        partner("eli", contacts=[contact("max")], touches=[touch("2026-10-28", "call", id="eee1")]),
        # 100 d / 90: due
        partner("fox", owner="ben", stage="dormant", contacts=[contact("uwe")], touches=[
            touch("2026-08-15", "call", id="fff1")]),
        # ended: not tracked, its touch still counts per month
        partner("gus", owner="anna", stage="ended", contacts=[contact("ida")], touches=[
            touch("2026-11-01", "call", id="ggg1")]),
    )


def test_shift_months_keeps_the_day_or_takes_the_last_of_a_shorter_month():
    assert shift_months(d("2026-01-31"), 1) == d("2026-02-28")
    assert shift_months(d("2026-11-23"), -6) == d("2026-05-23")
    assert shift_months(d("2026-03-31"), -13) == d("2025-02-28")
    assert shift_months(d("2024-02-29"), 12) == d("2025-02-28")


def test_touches_per_month_for_the_workspace_gave_received_mutual():
    months = report(team(), TODAY, []).months
    assert [(m.start.isoformat()[:7], m.gave, m.received, m.mutual) for m in months] == [
        ("2025-12", 0, 0, 1), ("2026-01", 0, 0, 1), ("2026-02", 1, 0, 0), ("2026-03", 0, 0, 1),
        ("2026-04", 0, 0, 0), ("2026-05", 0, 1, 0), ("2026-06", 1, 0, 0), ("2026-07", 0, 0, 0),
        ("2026-08", 1, 1, 1), ("2026-09", 0, 0, 1), ("2026-10", 0, 0, 1), ("2026-11", 1, 0, 2),
    ]


def test_per_month_ignores_touches_before_the_window_and_after_today():
    touches = [touch("2026-08-31", "call"), touch("2026-09-01", "comment"), touch("2026-11-23", "call"),
               touch("2026-11-24", "call")]
    assert per_month(touches, TODAY, 3) == (Month(d("2026-09-01"), 1, 0, 0), Month(d("2026-10-01")),
                                            Month(d("2026-11-01"), 0, 0, 1))


def test_partner_status_is_the_most_urgent_of_its_due_items_and_ended_partners_are_left_out():
    w = team()
    statuses = partner_statuses(w, due_items(w, TODAY))
    assert statuses == {"acme": "overdue", "bolt": "ok", "cora": "overdue", "dora": "overdue", "eli": "soon",
                        "fox": "due"}


def test_per_owner_statuses_touches_this_month_and_the_oldest_overdue():
    w = team()
    loads = {o.owner: o for o in owner_loads(w, due_items(w, TODAY), TODAY)}
    assert list(loads) == ["", "anna", "ben"]
    assert loads[""].statuses == {"ok": 0, "soon": 1, "due": 0, "overdue": 0}
    assert loads["anna"].statuses == {"ok": 1, "soon": 0, "due": 0, "overdue": 1}
    assert loads["ben"].statuses == {"ok": 0, "soon": 0, "due": 1, "overdue": 2}
    # bolt's comment and call in November; gus is ended, so its call is not anna's load
    assert [loads[o].touches_this_month for o in loads] == [0, 2, 0]
    assert loads[""].oldest_overdue is None
    assert (loads["anna"].oldest_overdue.key, loads["anna"].oldest_overdue.due) == ("contact:acme/jana",
                                                                                   d("2026-10-01"))
    # dora's vetting reminder (14 d after the first touch of 2026-06-01) is older than her contact's (2026-06-22)
    assert (loads["ben"].oldest_overdue.key, loads["ben"].oldest_overdue.due) == ("vetting:dora",
                                                                                 d("2026-06-15"))


def test_give_first_rate_against_the_practice():
    rate = report(team(), TODAY, []).warmup
    assert (rate.gave_to, rate.gave_back, rate.pending) == (("cora", "dora"), ("cora",), ("bolt",))
    assert practice_sentence(rate) == "below the practice of 7 of 10"
    assert report(team(), TODAY, [], days=10).warmup.gave_back == ()  # cora gave back after 19 d


def test_cooling_when_the_last_six_months_have_half_the_touches_or_fewer():
    found = cooling(team(), TODAY)
    assert [(c.slug, c.before, c.recent, c.change) for c in found] == [("acme", 5, 1, -0.8)]


def test_cooling_edges_half_is_cooling_one_touch_before_says_nothing_ended_is_left_out():
    w = ws(
        partner("half", touches=[touch("2026-01-01"), touch("2026-02-01"), touch("2026-10-01")]),  # 2 -> 1
        partner("more", touches=[touch("2026-01-01"), touch("2026-02-01"), touch("2026-03-01"),
                                 touch("2026-06-01"), touch("2026-10-01")]),  # 3 -> 2: not half
        partner("one", touches=[touch("2026-01-01")]),  # 1 -> 0: too little to say
        partner("edge", touches=[touch("2025-11-23"), touch("2025-11-24"), touch("2026-05-23")]),  # 2 -> 0
        partner("gone", stage="ended", touches=[touch("2026-01-01"), touch("2026-02-01")]),
    )
    # 2025-11-23 is outside the twelve months, 2026-05-23 the last day of the six before
    assert [(c.slug, c.before, c.recent) for c in cooling(w, TODAY)] == [("edge", 2, 0), ("half", 2, 1)]


def test_partner_history_months_balance_and_cadence_kept():
    h = partner_history(team(), "acme", TODAY)
    assert len(h.months) == 24 and h.months[0].start == date(2024, 12, 1) and h.cadence == 30
    assert [(m.gave, m.received, m.mutual) for m in h.months[12:]] == [
        (0, 0, 1), (0, 0, 1), (1, 0, 0), (0, 0, 1), (0, 0, 0), (0, 1, 0),
        (0, 0, 0), (0, 0, 0), (0, 0, 0), (0, 0, 1), (0, 0, 0), (0, 0, 0)]
    # the referral given 2026-02-20 (weight 1) leads until theirs of 2026-05-10
    assert h.balance == (0.0,) * 14 + (1.0,) * 3 + (0.0,) * 7
    assert h.in_cadence == (None,) * 12 + (True, True, True, True, False, True, False, False, False, True,
                                          False, False)
    assert partner_history(team(), "nobody", TODAY) is None


def test_the_balance_of_the_current_month_is_the_ledgers():
    from koop_tui.engine import partner_view

    w = team()
    for slug in w.partners:
        assert partner_history(w, slug, TODAY).balance[-1] == partner_view(w, slug, TODAY).ledger.balance


def test_a_partner_whose_file_has_errors_is_in_no_figure():
    from koop_tui.model import Problem

    w = team()
    w.problems.append(Problem("partners/acme.toml", "stage: expected a string", line=3))
    items = due_items(w, TODAY)
    assert "acme" not in partner_statuses(w, items)
    assert {o.owner: o.statuses["overdue"] for o in owner_loads(w, items, TODAY)} == {"": 0, "anna": 0, "ben": 2}
    assert cooling(w, TODAY) == ()
    assert report(w, TODAY, items).months[0].mutual == 0  # acme's call of 2025-12-10
    assert partner_history(w, "acme", TODAY) is None
