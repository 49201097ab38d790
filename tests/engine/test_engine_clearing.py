"""Every kind of due item says how it is cleared, in the app and with the CLI, at the end of its explanation."""

from __future__ import annotations

from dataclasses import replace

from koop_tui.engine import due_items
from koop_tui.engine.campaigns import group_campaigns
from koop_tui.engine.conflicts import conflict_items
from koop_tui.engine.problems import PROBLEM, ROW_KINDS, file_items
from koop_tui.engine.triage import group_triage
from koop_tui.model import DEPARTURE, DUE_KINDS, Agreement, Birthday, Campaign, Conflict, Fair, Problem, Project

from .helpers import TODAY, contact, d, followup, partner, settings, touch, ws

SETTINGS = settings(
    campaigns=[Campaign("xmas", "Christmas cards", 12, 20, 30, ["card", "gift"])],
    fairs=[Fair("dmexco", "DMEXCO", d("2026-12-01"), None, "Cologne", ["marketing"], 21)],
)
JANA = contact("jana", "Jana Weber", phone="+49 30 1", birthday=Birthday(11, 23))

# One partner per kind, each with just what makes that kind due on TODAY (2026-11-23).
PARTNERS = [
    partner("stale", contacts=[JANA], touches=[touch("2026-09-01", "call")]),
    partner("fup", touches=[touch(TODAY)], followups=[followup("f3c2", "2026-11-20")]),
    partner("gone", contacts=[contact("tom", left=d("2026-11-01"))]),
    partner("vet", stage="prospect", since=d("2026-10-01"), touches=[touch(TODAY)]),
    partner("deb", touches=[touch("2026-10-01")], projects=[Project("p1", "Shop", d("2026-03-01"), d("2026-10-01"))]),
    partner("agr", touches=[touch(TODAY)], agreements=[Agreement("g7k1", "exclusivity", review=d("2026-12-01"))]),
    partner("warm", stage="prospect", touches=[touch("2026-11-20", "comment"),
                                               touch("2026-11-21", "recommendation", direction="received")]),
    partner("anni", since=d("2020-11-23"), touches=[touch("2026-11-01")]),
    partner("fair", tags=["marketing"], touches=[touch("2026-11-01")]),
    partner("imp", stage="imported", imported=d("2026-11-20"), contacts=[contact("eva")]),
]

# The way out each kind names: the app's key and the command, with this item's own partner and record.
WAYS = {
    "contact": "to clear: log a touch (x) or koop log stale/jana KIND",
    "birthday": "to clear: log a touch on the day (x) or koop log stale/jana KIND",
    "followup": "to clear: done (x) or koop done fup/f3c2",
    "handover": "to clear: add the new contact (x) or koop add contact gone NAME",
    "vetting": "to clear: fill in the checklist (x or V) or koop set vet vetting.contribution=… "
               "vetting.anchoring=… (references: V)",
    "debrief": "to clear: done or not now (x), or koop log deb meeting, or koop snooze deb --until D",
    "agreement": "to clear: reviewed (x) or koop reviewed agr/g7k1 --next +1y",
    "warmup": "to clear: proposed or not now (x), or koop log warm meeting, or koop snooze warm --until D",
    "anniversary": "to clear: log a touch on the day (x) or koop log anni KIND",
    "campaign": "to clear: x on the Campaigns screen or koop log {partner} card",  # every partner is in it
    "fair": "to clear: log meeting them (x) or koop log fair meeting",
    "triage": "to clear: a stage or not a partner (on the triage list: enter on its due row) or koop triage imp "
              "--stage S (--archive: not a partner)",
}


def test_every_kind_of_due_item_ends_with_how_it_is_cleared():
    items = due_items(ws(*PARTNERS, settings=SETTINGS), TODAY)
    seen = {}
    for item in items:
        seen.setdefault(item.kind, item)
    assert set(seen) == set(DUE_KINDS), "the workspace above must make every kind due"
    for kind, item in seen.items():
        want = WAYS[kind].format(partner=item.partner)
        assert item.explanation.endswith("; " + want), (kind, item.explanation)


def test_campaign_row_and_file_rows_say_how_they_are_cleared():
    items = due_items(ws(*PARTNERS, settings=SETTINGS), TODAY, kinds={"campaign"})
    (row,) = group_campaigns(items)
    assert row.explanation == ("Christmas cards by 2026-12-20 (window from 2026-11-20); 9 partners missing, log "
                               "card or gift when done; to clear: enter opens the campaign, x marks partners done (space: several), "
                               "or koop log PARTNER KIND for each")
    broken = file_items("partners/acme.toml", [Problem("partners/acme.toml", "unknown stage 'activ'", 3)], None,
                        TODAY)
    assert broken[0].kind == PROBLEM
    assert broken[0].explanation == ("unknown stage 'activ'; nothing is computed from this partner until the file "
                                     "is fixed; to clear: fix the file (e) until koop check is clean")
    conflicted = replace(PARTNERS[0], conflicts=[Conflict("c9d0", "stage", "active", "dormant")])
    (row,) = conflict_items(conflicted, TODAY)
    assert row.explanation == ("merged with different values on both sides: stage: ours active, theirs dormant; "
                               "to clear: enter opens the partner, r resolves; or set the value in the file (e) "
                               "and delete its [[conflicts]] entry")
    assert {PROBLEM, row.kind} == set(ROW_KINDS)
    (row,) = group_triage(due_items(ws(*PARTNERS, settings=SETTINGS), TODAY, kinds={"triage"}))
    assert row.explanation.endswith("; to clear: enter opens the triage list, or koop triage")


def test_a_may_have_left_check_says_its_two_ways_out_once():
    check = followup("c1", "2026-11-20", DEPARTURE.format(name="Tom", partner="Acme"), contact="tom")
    p = partner("acme", contacts=[contact("tom")], touches=[touch(TODAY)], followups=[check])
    (item,) = due_items(ws(p), TODAY)
    assert item.explanation == ("confirm: koop set acme/tom left=DATE successor=ID (in the app: x); "
                                "still there: koop done acme/c1")
