"""Hand-computed staleness, cadence resolution, snooze and successor cases (today 2026-11-23)."""

from __future__ import annotations

from dataclasses import replace

import pytest

from koop_tui.engine import due_items, next_due, partner_facts, partner_view, resolve_cadence, warnings
from koop_tui.engine.staleness import contact_states
from koop_tui.model import Project

from .helpers import TODAY, contact, d, partner, settings, touch, ws


def state_of(p, cid="jana", today=TODAY, s=None):
    facts = partner_facts(p, s or settings(), today)
    return next(st for st in contact_states(facts) if st.contact is None or st.contact.id == cid)


# (touches, expected stale days, expected status) with stage active: cadence 30, soon 0.8, overdue 1.5
STALENESS_CASES = [
    ("one call 41 d ago", [touch("2026-10-13", "call", "jana")], 41, "due"),
    ("call today resets", [touch("2026-10-01", "call", "jana"), touch(TODAY, "call", "jana")], 0, "ok"),
    ("mail keeps 40 %", [touch("2026-09-24", "call", "jana"), touch("2026-11-13", "mail", "jana")], 50 * 0.4 + 10, "due"),
    ("comment keeps 70 %", [touch("2026-09-24", "call", "jana"), touch("2026-11-13", "comment", "jana")], 50 * 0.7 + 10, "overdue"),
    ("two touches the same day multiply", [
        touch("2026-09-24", "call", "jana"),
        touch("2026-11-13", "comment", "jana", id="b1"), touch("2026-11-13", "mail", "jana", id="a1"),
    ], 50 * 0.7 * 0.4 + 10, "soon"),
    ("first touch starts at 0 whatever its weight", [touch("2026-10-24", "comment", "jana")], 30, "due"),
    ("overdue at 1.5", [touch("2026-10-09", "meeting", "jana")], 45, "overdue"),
    ("soon at 0.8", [touch("2026-10-30", "meeting", "jana")], 24, "soon"),
    ("partner-only touch involves jana", [touch("2026-10-30", "meeting")], 24, "soon"),
    ("touch naming tom only", [touch("2026-11-20", "meeting", "tom"), touch("2026-10-13", "call", "jana")], 41, "due"),
]


@pytest.mark.parametrize("name,touches,stale,status", STALENESS_CASES, ids=[c[0] for c in STALENESS_CASES])
def test_staleness_hand_computed(name, touches, stale, status):
    p = partner(contacts=[contact("jana"), contact("tom")], touches=touches)
    st = state_of(p)
    assert st.stale_days == pytest.approx(stale)
    assert st.ratio == pytest.approx(stale / 30)
    assert st.status == status


def test_same_day_touches_last_is_highest_id():
    p = partner(contacts=[contact("jana")], touches=[touch("2026-11-13", "mail", "jana", id="zz9"),
                                                     touch("2026-11-13", "call", "jana", id="aa1")])
    assert state_of(p).history.last.id == "zz9"


def test_future_touch_is_ignored_with_a_warning():
    p = partner(contacts=[contact("jana")], touches=[touch("2026-10-13", "call", "jana"),
                                                     touch("2027-01-02", "call", "jana", id="fut1")])
    assert state_of(p).stale_days == 41
    (w,) = warnings(ws(p), TODAY)
    assert w.severity == "warning" and w.path == "partners/acme.toml"
    assert "fut1" in w.message and "2027-01-02" in w.message
    assert warnings(ws(p), d("2027-01-02")) == []


def test_partner_only_touch_skips_contacts_who_had_left():
    p = partner(contacts=[contact("jana", left=d("2026-10-01")), contact("tom")],
                touches=[touch("2026-09-01", "call"), touch("2026-11-01", "call")])
    facts = partner_facts(p, settings(), TODAY)
    states = {s.contact.id: s for s in contact_states(facts)}
    assert states["tom"].stale_days == 22
    assert states["jana"].cadence.days is None and states["jana"].history.last.date == d("2026-09-01")


def test_never_contacted_is_due_from_since_or_today():
    p = partner(contacts=[contact("jana")])
    st = state_of(p)
    assert (st.status, st.due, st.ratio) == ("due", TODAY, None)
    st = state_of(replace(p, since=d("2026-01-10")))
    assert st.due == d("2026-01-10")
    (item,) = due_items(ws(p), TODAY)
    assert item.title == "Reach out to Jana" and item.explanation.startswith("never contacted; cadence 30 d")


def test_due_date_is_when_ratio_reaches_one():
    # call 2026-10-13 then mail 2026-11-13: d after the mail = 31 * 0.4 = 12.4; 30 - 12.4 = 17.6 -> 18 days
    p = partner(contacts=[contact("jana")], touches=[touch("2026-10-13", "call", "jana"),
                                                     touch("2026-11-13", "mail", "jana")])
    assert state_of(p).due == d("2026-12-01")
    assert next_due(ws(p), "acme", "jana", TODAY) == d("2026-12-01")
    assert next_due(ws(p), "acme", "nobody", TODAY) is None
    assert next_due(ws(p), "missing", None, TODAY) is None


def _resolve(p, cid="jana", today=TODAY, s=None):
    facts = partner_facts(p, s or settings(), today)
    c = p.contact(cid)
    return resolve_cadence(facts, c)


CADENCE_CASES = [
    ("contact wins", dict(contact_cadence=10, cadence=20, tags=["key-account"]), (10, "contact")),
    ("partner next", dict(cadence=20, tags=["key-account"]), (20, "partner")),
    ("first matching tag in partner order", dict(tags=["print", "key-account", "vip"]), (14, "tag key-account")),
    ("stage default", dict(tags=["print"]), (30, "stage active")),
    ("stage prospect", dict(stage="prospect"), (21, "stage prospect")),
    ("workspace default for a stage without cadence", dict(stage="custom"), (60, "workspace default")),
    ("ended has none", dict(stage="ended", cadence=20), (None, "partner ended")),
    ("running project beats tag", dict(tags=["key-account"], projects=[Project("p1", "Relaunch", d("2026-11-01"))]),
     (7, "project Relaunch")),
    ("explicit partner cadence beats project", dict(cadence=20, projects=[Project("p1", "Relaunch", d("2026-11-01"))]),
     (20, "partner")),
    ("between projects: upkeep", dict(projects=[Project("p1", "Relaunch", d("2026-01-01"), d("2026-10-31"))]),
     (45, "upkeep between projects")),
    ("planned project changes nothing", dict(projects=[Project("p1", "Next", d("2027-01-01"))]), (30, "stage active")),
    ("project ending today still runs", dict(projects=[Project("p1", "Relaunch", d("2026-01-01"), TODAY)]),
     (7, "project Relaunch")),
    ("prospect stage has no project cadence", dict(stage="prospect", projects=[Project("p1", "Pilot", d("2026-11-01"))]),
     (21, "stage prospect")),
]


@pytest.mark.parametrize("name,fields,expected", CADENCE_CASES, ids=[c[0] for c in CADENCE_CASES])
def test_cadence_resolution(name, fields, expected):
    fields = dict(fields)
    jana = contact("jana", cadence=fields.pop("contact_cadence", None))
    c = _resolve(partner(contacts=[jana], **fields))
    assert (c.days, c.source) == expected


def test_contact_who_left_has_no_cadence_from_the_day_they_left():
    p = partner(contacts=[contact("jana", left=d("2026-11-23"))])
    assert _resolve(p).days is None
    assert _resolve(p, today=d("2026-11-22")).days == 30


def test_cadence_change_changes_ratio_not_history():
    touches = [touch("2026-10-13", "call", "jana")]
    assert state_of(partner(contacts=[contact("jana", cadence=60)], touches=touches)).status == "ok"
    assert state_of(partner(contacts=[contact("jana", cadence=30)], touches=touches)).status == "due"
    assert state_of(partner(contacts=[contact("jana", cadence=20)], touches=touches)).status == "overdue"


def test_successor_inherits_history_and_cadence_until_own_touch():
    jana = contact("jana", "Jana Weber", cadence=14, left=d("2026-11-01"), successor="tom")
    tom = contact("tom", "Tom Berg")
    p = partner(contacts=[jana, tom], touches=[touch("2026-10-20", "call", "jana")])
    st = state_of(p, "tom")
    assert (st.stale_days, st.cadence.days, st.cadence.source) == (34, 14, "predecessor Jana Weber")
    assert st.predecessor is jana and st.status == "overdue"
    (item,) = due_items(ws(p), TODAY)
    assert item.key == "contact:acme/tom"
    assert "history of predecessor Jana Weber" in item.explanation
    own = replace(p, touchpoints=p.touchpoints + [touch("2026-11-20", "call", "tom")])
    st = state_of(own, "tom")
    assert (st.stale_days, st.cadence.days, st.predecessor) == (3, 14, None)


def test_successor_chain_reaches_back_to_the_last_history():
    a = contact("anna", cadence=10, left=d("2026-06-01"), successor="ben")
    b = contact("ben", left=d("2026-09-01"), successor="cleo")
    p = partner(contacts=[a, b, contact("cleo")], touches=[touch("2026-05-20", "call", "anna")])
    st = state_of(p, "cleo")
    assert st.predecessor.id == "anna" and st.stale_days == 187
    assert st.cadence.source == "stage active"  # ben, the direct predecessor, had no own cadence


@pytest.mark.parametrize("until,shown", [("2026-11-24", False), ("2026-11-23", True), ("2026-11-01", True)])
def test_snooze_hides_until_the_day_it_expires(until, shown):
    touches = [touch("2026-10-01", "call", "jana")]
    c = partner(contacts=[contact("jana", snoozed_until=d(until))], touches=touches)
    p = partner(contacts=[contact("jana")], touches=touches, snoozed_until=d(until))
    assert bool(due_items(ws(c), TODAY)) is shown
    assert bool(due_items(ws(p), TODAY)) is shown


def test_partner_without_contacts_is_tracked_as_a_whole():
    p = partner(name="Solo Studio", touches=[touch("2026-09-01", "meeting")])
    (item,) = due_items(ws(p), TODAY)
    assert (item.key, item.contact, item.title, item.status) == ("contact:acme", None, "Get in touch with Solo Studio", "overdue")


def test_explanation_names_last_touch_weights_cadence_ratio_and_owing():
    p = partner(contacts=[contact("jana", "Jana Weber", phone="+49")], touches=[
        touch("2026-09-24", "call", "jana"), touch("2026-11-13", "mail", "jana"),
        touch("2026-11-20", "referral", direction="received", id="zz1"),
    ])
    view = partner_view(ws(p), "acme", TODAY)
    assert view.contacts[0].explanation == (
        "last: referral 3 d ago (whole partner); cadence 30 d from stage active; ratio 0.10 → ok; "
        "they gave last — you owe them"
    )
    p.touchpoints.pop()
    (item,) = due_items(ws(p), TODAY, within=30)
    assert item.title == "Call Jana Weber"
    assert item.explanation == (
        "last: mail 10 d ago (Jana Weber); weights mail 0.6 after call 60 d ago → 30 d stale; "
        "cadence 30 d from stage active; ratio 1.00 → due; to clear: log a touch (x) or koop log acme/jana KIND"
    )


def test_unknown_kind_counts_fully_and_weights_are_clamped():
    from koop_tui.model import Kind, Touchpoint

    unknown = Touchpoint("x1", d("2026-11-13"), "smoke-signal", "mutual", ["jana"])
    p = partner(contacts=[contact("jana")], touches=[touch("2026-10-01", "call", "jana"), unknown])
    assert state_of(p).stale_days == 10
    s = settings()
    s.kinds = {**s.kinds, "mail": Kind("mail", 1.7)}
    p = partner(contacts=[contact("jana")], touches=[touch("2026-10-01", "call", "jana"), touch("2026-11-13", "mail", "jana")])
    assert state_of(p, s=s).stale_days == 10
