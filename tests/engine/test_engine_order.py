"""The due list's order and filters, the ledger, the know-how ranking."""

from __future__ import annotations



from koop_tui.engine import due_items, due_items_for_partner, partner_view, who
from koop_tui.engine.due import sort_key

from .helpers import TODAY, contact, d, followup, partner, touch, ws


def test_order_status_then_days_late_then_owing_then_key():
    received = touch("2026-01-02", "share", direction="received")  # makes a partner owing
    partners = [
        partner("a", contacts=[contact("x")], touches=[touch("2026-10-24", "call")]),  # 30 d: due 1.0
        partner("b", contacts=[contact("x")], touches=[touch("2026-10-04", "call")]),  # 50 d: overdue 1.67
        partner("c", contacts=[contact("x")], touches=[touch("2026-10-14", "call")]),  # 40 d: due 1.33
        partner("d", contacts=[contact("x")], touches=[touch("2026-01-01", "comment"), received,
                                                       touch("2026-10-24", "call")]),  # due 1.0, owing
        partner("e", contacts=[contact("x")], touches=[touch("2026-10-24", "call")], followups=[followup("f1", "2026-11-23")]),
        partner("f", contacts=[contact("x")], touches=[touch("2026-10-30", "call")]),  # 24 d: soon 0.8
        partner("g", contacts=[contact("x")], touches=[touch("2026-10-24", "call")],
                followups=[followup("f2", "2026-11-25")]),
    ]
    got = [(i.key, i.status) for i in due_items(ws(*partners), TODAY, within=2)]
    assert got == [
        ("contact:b/x", "overdue"),
        ("followup:e/f1", "due"),  # due today: overdue-level urgency
        ("contact:c/x", "due"),
        ("contact:d/x", "due"),  # owing breaks the tie
        ("contact:a/x", "due"),
        ("contact:e/x", "due"),
        ("contact:g/x", "due"),
        ("followup:g/f2", "soon"),  # in 2 d: before the contact in 6 d
        ("contact:f/x", "soon"),
    ]


def test_within_a_status_days_late_then_windows_by_their_deadline():
    """The order the Due column reads: 2 d late, then the review closing 12-10, then the one closing 12-20
    (ratio order put the review whose window opened first above the late contact)."""
    from koop_tui.model import Agreement

    def reviewed(slug: str, review: str):
        return partner(slug, contacts=[contact("x")], touches=[touch("2026-11-20", "call")],
                       agreements=[Agreement(f"g{slug}", "referral", review=d(review))])

    partners = [
        reviewed("a", "2026-12-20"),
        reviewed("b", "2026-12-10"),
        partner("c", contacts=[contact("x")], touches=[touch("2026-10-22", "call")]),  # 32 d, cadence 30
    ]
    items = due_items(ws(*partners), TODAY)
    assert [(i.key, i.status) for i in items] == [
        ("contact:c/x", "due"),  # 2 d late
        ("agreement:b/gb", "due"),  # by 12-10
        ("agreement:a/ga", "due"),  # by 12-20
    ]


def test_owner_filter_mine_includes_unowned():
    partners = [partner(slug, owner=owner, contacts=[contact("x")]) for slug, owner in
                (("a", "anna"), ("b", "ben"), ("c", ""))]
    assert [i.partner for i in due_items(ws(*partners), TODAY, owner="anna")] == ["a", "c"]
    assert [i.partner for i in due_items(ws(*partners), TODAY)] == ["a", "b", "c"]


def test_tag_stage_and_kind_filters():
    partners = [
        partner("a", tags=["print"], contacts=[contact("x")], followups=[followup("f1", "2026-11-20")]),
        partner("b", tags=["web", "seo"], stage="dormant", contacts=[contact("x")]),
        partner("c", stage="prospect", contacts=[contact("x")]),
    ]
    w = ws(*partners)
    assert {i.partner for i in due_items(w, TODAY, tags=["seo", "print"])} == {"a", "b"}
    assert {i.partner for i in due_items(w, TODAY, stages=["prospect", "dormant"])} == {"b", "c"}
    assert [i.key for i in due_items(w, TODAY, kinds={"followup"})] == ["followup:a/f1"]


def test_incremental_partner_items_match_the_full_list():
    partners = [partner(s, contacts=[contact("x")], touches=[touch("2026-10-01", "call")]) for s in "abc"]
    w = ws(*partners)
    full = [i for i in due_items(w, TODAY) if i.partner == "b"]
    assert due_items_for_partner(w, "b", TODAY) == full
    assert due_items_for_partner(w, "zzz", TODAY) == []


def test_ledger_sums_last_365_days_and_owing():
    p = partner(touches=[
        touch("2025-11-23", "referral"),  # 365 d ago: outside
        touch("2025-11-24", "recommendation"),  # 0.8 gave
        touch("2026-06-01", "share", direction="received"),  # 0.4 received
        touch("2026-07-01", "comment"),  # 0.3 gave
        touch("2026-08-01", "referral", direction="received"),  # 1.0 received
        touch("2026-09-01", "call"),  # mutual: neither
    ])
    ledger = partner_view(ws(p), "acme", TODAY).ledger
    assert (ledger.gave, ledger.received, ledger.gave_count, ledger.received_count) == (1.1, 1.4, 2, 2)
    assert (ledger.last_gave, ledger.last_received, ledger.owing, ledger.balance) == (
        d("2026-07-01"), d("2026-08-01"), True, -0.3)
    p.touchpoints.append(touch("2026-08-01", "comment"))  # same day: not owing any more
    assert partner_view(ws(p), "acme", TODAY).ledger.owing is False


def test_who_ranks_by_match_stage_balance_freshness():
    partners = [
        partner("alpha", name="Alpha", skills=["SEO"], stage="dormant", touches=[touch("2026-11-01", "call")]),
        partner("beta", name="Beta", skills=["seo", "Translation"], stage="prospect"),
        partner("gamma", name="Gamma", contacts=[contact("jana", "Jana Weber", skills=["seo"])], stage="active",
                touches=[touch("2026-10-01", "call")]),
        partner("delta", name="Delta", skills=["seo"], stage="active", touches=[touch("2026-11-20", "call")]),
        partner("eps", name="Eps", skills=["seo"], stage="active", touches=[touch("2026-10-01", "referral")]),
        partner("zeta", name="Zeta", skills=["seo"], stage="ended"),
        partner("eta", name="Eta", skills=["print"], stage="active"),
    ]
    got = who(ws(*partners), ["seo", " translation "], TODAY)
    assert [r.partner for r in got] == ["beta", "eps", "delta", "gamma", "alpha"]
    assert got[0].matched == ("seo", "translation") and "skills: seo, Translation;" in got[0].explanation
    assert got[1].explanation == "1/2 skills: seo; stage active; balance +1 (you gave more); last touch 53 d ago"
    assert got[3].explanation == ("1/2 skills: seo; Jana Weber: seo; stage active; balance even; "
                                  "last touch 53 d ago")
    assert got[0].explanation.endswith("stage prospect; balance even; never in touch")
    assert who(ws(*partners), ["cooking"], TODAY) == []
    assert [r.partner for r in who(ws(*partners), ["SEO,translation"], TODAY)] == [r.partner for r in got]


def test_who_finds_narrower_skills_named_after_the_one_asked_for():
    partners = [
        partner("alpha", name="Alpha", skills=["translation-de-en"], stage="active"),
        partner("beta", name="Beta", contacts=[contact("eva", "Eva Lang", skills=["Translation legal"])]),
        partner("gamma", name="Gamma", skills=["translations", "seoul"], stage="active"),
    ]
    got = who(ws(*partners), ["translation", "seo"], TODAY)
    assert [(r.partner, r.matched) for r in got] == [("alpha", ("translation",)), ("beta", ("translation",))]
    assert [(r.skills, r.ask) for r in got] == [(("translation-de-en",), ""), (("Translation legal",), "Eva Lang")]
    assert got[1].contacts == (("eva", "Eva Lang", ("translation",)),)


def test_sort_key_is_total_for_distinct_keys():
    items = due_items(ws(*[partner(s, contacts=[contact("x"), contact("y")]) for s in "ba"]), TODAY)
    assert [i.key for i in items] == ["contact:a/x", "contact:a/y", "contact:b/x", "contact:b/y"]
    assert len({sort_key(i, TODAY) for i in items}) == len(items)


def test_due_words_say_what_is_true():
    """The Due column of the CLI and the app: late, ahead, or by a window's deadline (not "N d ago")."""
    from dataclasses import replace

    from koop_tui.engine.common import due_words

    item = due_items(ws(partner("a", contacts=[contact("x")], followups=[followup("f1", "2026-11-14")])), TODAY)[0]
    today = TODAY
    cases = [(item, "9 d late"), (replace(item, due=today), "today"), (replace(item, due=d("2026-12-14")), "in 21 d"),
             (replace(item, kind="campaign", due=d("2026-11-20"), by=d("2026-12-20")), "by 12-20"),
             (replace(item, kind="agreement", due=d("2026-10-01"), by=d("2026-11-20")), "3 d late"),
             (replace(item, kind="warmup", due=d("2026-11-14")), "ready 9 d")]
    assert [due_words(i, today) for i, _ in cases] == [words for _, words in cases]


def test_who_ranks_exact_skills_above_narrower_ones_and_quotes_them():
    """`koop who seo`: a copywriter with seo-texts ranks below an SEO agency; its explanation says seo-texts."""
    partners = [
        partner("copy", name="Copy", skills=["seo-texts"], stage="active", touches=[touch("2026-11-20", "call")],
                contacts=[contact("ina", "Ina Wort")]),
        partner("agency", name="Agency", stage="active", contacts=[contact("ben", "Ben Rank", skills=["SEO"])]),
    ]
    got = who(ws(*partners), ["seo"], TODAY)
    assert [(r.partner, r.ask) for r in got] == [("agency", "Ben Rank"), ("copy", "Ina Wort")]
    assert got[0].explanation.startswith("1/1 skills: SEO; Ben Rank: SEO; ")
    assert got[1].explanation.startswith("1/1 skills: seo-texts; stage active")
