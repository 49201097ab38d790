"""Hand-computed reminders and occasions: follow-ups, handover, vetting, projects, agreements, warm-up, dates."""

from __future__ import annotations

from dataclasses import replace

import pytest

from koop_tui.engine import due_items, partner_view, reciprocation_rate
from koop_tui.model import Agreement, Birthday, Campaign, Fair, Project, Reference, Vetting

from .helpers import TODAY, contact, d, followup, partner, settings, touch, ws

FRESH = [touch(TODAY, "call")]  # keeps the contacts themselves quiet


def items(p, today=TODAY, within=0, s=None, kinds=None):
    return due_items(ws(p, settings=s), today, within=within, kinds=kinds)


def keys(found):
    return [(i.key, i.status, i.due.isoformat()) for i in found]


FOLLOWUP_CASES = [
    ("due in 3 d, hidden", "2026-11-26", 0, []),
    ("due in 3 d, within 3", "2026-11-26", 3, [("followup:acme/f1", "soon", "2026-11-26")]),
    ("due today", "2026-11-23", 0, [("followup:acme/f1", "due", "2026-11-23")]),
    ("one day late", "2026-11-22", 0, [("followup:acme/f1", "overdue", "2026-11-22")]),
]


@pytest.mark.parametrize("name,due,within,expected", FOLLOWUP_CASES, ids=[c[0] for c in FOLLOWUP_CASES])
def test_followups(name, due, within, expected):
    p = partner(contacts=[contact("jana")], touches=FRESH, followups=[followup("f1", due)])
    assert keys(items(p, within=within)) == expected


def test_done_followup_disappears_and_ended_partner_keeps_open_ones():
    p = partner(touches=FRESH, followups=[followup("f1", "2026-11-01", done=d("2026-11-02")), followup("f2", "2026-11-20")],
                stage="ended")
    assert [i.key for i in items(p)] == ["followup:acme/f2"]


def test_followup_explains_and_carries_its_own_owner():
    p = partner(contacts=[contact("jana", "Jana Weber")], touches=FRESH, owner="anna",
                followups=[followup("f1", "2026-11-20", "Send offer", contact="jana", owner="ben")])
    (item,) = items(p)
    assert (item.title, item.owner, item.contact_name) == ("Send offer", "ben", "Jana Weber")
    assert item.explanation == ("follow-up 3 d late (due 2026-11-20) with Jana Weber; "
                                "to clear: done (x) or koop done acme/f1")


def test_handover_when_every_contact_left():
    p = partner(name="Acme GmbH", contacts=[contact("jana", "Jana Weber", left=d("2026-10-31")),
                                           contact("tom", "Tom Berg", left=d("2026-11-15"))])
    (item,) = items(p)
    assert (item.key, item.status, item.due) == ("handover:acme", "due", d("2026-11-15"))
    assert item.title == "Find a new contact at Acme GmbH"
    assert "Jana Weber on 2026-10-31, Tom Berg on 2026-11-15" in item.explanation
    assert items(p, today=d("2026-11-29"))[0].status == "overdue"
    assert items(replace(p, stage="ended")) == []
    with_successor = replace(p, contacts=p.contacts + [contact("ute")], touchpoints=FRESH)
    assert items(with_successor) == []


VETTING = Vetting(contribution="SEO audits")


@pytest.mark.parametrize("stage,since,vetting,today,expected", [
    ("prospect", "2026-11-09", Vetting(), "2026-11-23", [("vetting:acme", "due", "2026-11-23")]),
    ("prospect", "2026-11-10", Vetting(), "2026-11-23", []),
    ("vetting", "2026-10-01", VETTING, "2026-11-23", [("vetting:acme", "overdue", "2026-10-15")]),
    ("active", "2026-10-01", Vetting(), "2026-11-23", []),
    ("prospect", "2026-10-01",
     Vetting("x", [Reference("Nord Design")], "established"), "2026-11-23", []),
])
def test_vetting_reminder(stage, since, vetting, today, expected):
    p = partner(stage=stage, since=d(since), vetting=vetting, touches=[touch(today, "call")])
    found = items(p, today=d(today), kinds={"vetting"})
    assert keys(found) == expected
    if found:
        assert found[0].title == "Complete vetting of Acme"
        assert found[0].explanation.startswith(f"missing: {', '.join(vetting.missing())}; {stage} since {since}")


def test_vetting_age_counts_from_the_first_touch_without_since():
    p = partner(stage="prospect", touches=[touch("2026-11-01", "comment"), touch(TODAY, "call")])
    assert keys(items(p, kinds={"vetting"})) == [("vetting:acme", "due", "2026-11-15")]


RELAUNCH = Project("p1x2", "Relaunch shop", d("2026-03-01"), d("2026-11-01"))


@pytest.mark.parametrize("today,touches,expected", [
    ("2026-11-14", [], []),  # 13 days after the end: not yet
    ("2026-11-15", [], [("debrief:acme/p1x2", "due", "2026-11-15")]),
    ("2026-11-30", [], [("debrief:acme/p1x2", "overdue", "2026-11-15")]),
    ("2026-11-23", [touch("2026-11-01", "call")], [("debrief:acme/p1x2", "due", "2026-11-15")]),  # on the end day
    ("2026-11-23", [touch("2026-11-02", "mail")], []),  # a touch after the end
])
def test_debrief_after_the_last_project(today, touches, expected):
    p = partner(contacts=[contact("jana")], touches=touches, projects=[RELAUNCH])
    found = items(p, today=d(today), kinds={"debrief"})
    assert keys(found) == expected
    if found:
        assert found[0].title == "Debrief Relaunch shop with Acme"
        ended = (d(today) - RELAUNCH.end).days
        assert found[0].explanation.startswith(f"project Relaunch shop ended {ended} d ago — debrief")


def test_project_phases_in_the_partner_view():
    running = Project("p2", "Catalogue", d("2026-11-01"))
    planned = Project("p3", "Fair booth", d("2027-03-01"), d("2027-03-05"))
    p = partner(contacts=[contact("jana")], touches=[touch("2026-11-10", "call")], projects=[RELAUNCH, running, planned])
    view = partner_view(ws(p), "acme", TODAY)
    assert view.phase.state == "project"
    assert [x.id for x in view.phase.running] == ["p2"]
    assert [x.id for x in view.phase.ended] == ["p1x2"] and [x.id for x in view.phase.planned] == ["p3"]
    assert (view.contacts[0].cadence.days, view.contacts[0].status) == (7, "overdue")  # 13 d / 7
    running.end = d("2026-12-31")
    ended = partner_view(ws(p), "acme", d("2027-01-10"))
    assert ended.phase.state == "between" and ended.contacts[0].cadence.source == "upkeep between projects"
    assert [i.key for i in ended.items if i.kind == "debrief"] == []  # 10 days after the end


@pytest.mark.parametrize("today,expected", [
    ("2026-11-22", []),
    ("2026-11-23", [("agreement:acme/g7k1", "due", "2026-11-23")]),
    ("2026-12-22", [("agreement:acme/g7k1", "due", "2026-11-23")]),
    ("2026-12-23", [("agreement:acme/g7k1", "overdue", "2026-11-23")]),
])
def test_agreement_review_lead_time(today, expected):
    a = Agreement("g7k1", "referral-commission", "10 % on referred projects", d("2025-12-23"), d("2026-12-23"))
    p = partner(touches=[touch(today, "call")], agreements=[a, Agreement("g0", "other", "no review")])
    found = items(p, today=d(today), kinds={"agreement"})
    assert keys(found) == expected
    if found:
        assert found[0].title == "Review agreement with Acme: referral commission"
    view = partner_view(ws(p), "acme", d(today))
    assert [(x.agreement.id, x.remind_from) for x in view.agreements] == [("g7k1", d("2026-11-23")), ("g0", None)]


def test_agreement_lead_days_come_from_settings():
    a = Agreement("g7k1", "exclusivity", review=d("2027-01-02"))
    p = partner(touches=FRESH, agreements=[a])
    assert items(p, kinds={"agreement"}) == []
    s = replace(settings(campaigns=[]), agreement_lead_days=40)
    assert keys(items(p, s=s, kinds={"agreement"})) == [("agreement:acme/g7k1", "due", "2026-11-23")]


@pytest.mark.parametrize("touches,state,item", [
    ([], "give-first", False),
    ([touch("2026-10-01", "comment")], "waiting", False),
    ([touch("2026-10-01", "comment"), touch("2026-11-01", "recommendation", direction="received")], "ready", True),
    ([touch("2026-10-01", "comment"), touch("2026-11-01", "share", direction="received"), touch("2026-11-05", "call")],
     "proposed", False),
    ([touch("2026-09-25", "share", direction="received"), touch("2026-10-01", "comment")], "waiting", False),
])
def test_warmup_states(touches, state, item):
    p = partner(stage="prospect", since=TODAY, touches=touches)
    view = partner_view(ws(p), "acme", TODAY)
    assert view.warmup.state == state
    found = items(p, kinds={"warmup"})
    assert bool(found) is item
    if item:
        assert found[0].title == "Propose a cooperation to Acme" and found[0].due == d("2026-11-01")
        assert "they gave back 22 d ago after your 1 give since 2026-10-01" in found[0].explanation
    hint = "give first: recommend, comment, share, link"
    assert (hint in view.hints) is (state == "give-first")
    assert view.warmup.summary == SUMMARIES[state]


SUMMARIES = {
    "give-first": "nothing given yet — give first: recommend, comment, share, link",
    "waiting": "1 give since 2026-10-01; waiting for them to give back",
    "ready": "1 give since 2026-10-01; they gave back 2026-11-01 — ready to propose a cooperation",
    "proposed": "1 give since 2026-10-01; they gave back 2026-11-01; talked since 2026-11-05",
}


def test_reciprocation_rate():
    gives = [touch("2026-06-01", "comment")]
    partners = [
        partner("a", touches=gives + [touch("2026-07-01", "share", direction="received")]),  # back in 30 d
        partner("b", touches=gives + [touch("2026-08-15", "share", direction="received")]),  # back in 75 d
        partner("c", touches=list(gives)),  # never
        partner("d", touches=[touch("2026-11-01", "comment")]),  # pending: 22 d ago
        partner("e", touches=[touch("2026-05-01", "share", direction="received")] + gives),  # they gave first
        partner("f", touches=[touch("2026-11-01", "comment"), touch("2026-11-10", "share", direction="received")]),
    ]
    rate = reciprocation_rate(ws(*partners), TODAY)
    assert (rate.gave_to, rate.gave_back, rate.pending) == (("a", "b", "c", "f"), ("a", "f"), ("d",))
    assert rate.rate == 0.5
    assert rate.sentence() == ("of 4 prospects we gave to, 2 gave back within 60 days (50%); "
                               "1 more still within the 60 days")
    assert reciprocation_rate(ws(*partners), TODAY, 90).gave_back == ("a", "b", "f")


BIRTHDAY_CASES = [
    ("on the day, with year", Birthday(11, 23, 1980), "2026-11-23", 0, "Birthday: Jana (turns 46)", "due"),
    ("two days ahead hidden", Birthday(11, 25), "2026-11-23", 0, None, None),
    ("two days ahead within 2", Birthday(11, 25), "2026-11-23", 2, "Birthday: Jana", "soon"),
    ("Feb 29 in 2027 on Feb 28", Birthday(2, 29, 1988), "2027-02-28", 0, "Birthday: Jana (turns 39)", "due"),
    ("Feb 29 in 2028 on Feb 29", Birthday(2, 29), "2028-02-29", 0, "Birthday: Jana", "due"),
    ("Feb 29 not on Mar 1 2027", Birthday(2, 29), "2027-03-01", 0, None, None),
    ("a birth year after today's names no age", Birthday(11, 25, 9999), "2026-11-23", 2, "Birthday: Jana", "soon"),
    ("born this year names no age", Birthday(11, 23, 2026), "2026-11-23", 0, "Birthday: Jana", "due"),
]


@pytest.mark.parametrize("name,bday,today,within,title,status", BIRTHDAY_CASES, ids=[c[0] for c in BIRTHDAY_CASES])
def test_birthdays(name, bday, today, within, title, status):
    p = partner(contacts=[contact("jana", birthday=bday)], touches=[touch("2026-01-01", "call")])
    found = items(p, today=d(today), within=within, kinds={"birthday"})
    assert [(i.title, i.status) for i in found] == ([(title, status)] if title else [])
    if found:
        assert found[0].key == "birthday:acme/jana" and found[0].recurring


def test_birthday_done_by_a_touch_on_the_day_and_hidden_when_left():
    p = partner(contacts=[contact("jana", birthday=Birthday(11, 23))], touches=[touch(TODAY, "greeting", "jana")])
    assert items(p, kinds={"birthday"}) == []
    p = partner(contacts=[contact("jana", birthday=Birthday(11, 23), left=d("2026-11-01"))])
    assert items(p, kinds={"birthday"}) == []


@pytest.mark.parametrize("since,today,within,expected", [
    ("2021-11-23", "2026-11-23", 0, ("5 years with Acme", "due")),
    ("2025-11-25", "2026-11-23", 2, ("1 year with Acme", "soon")),
    ("2026-11-23", "2026-11-23", 0, None),
    ("2020-02-29", "2027-02-28", 0, ("7 years with Acme", "due")),
])
def test_anniversaries(since, today, within, expected):
    p = partner(since=d(since), touches=[touch("2026-01-01", "call")])
    found = items(p, today=d(today), within=within, kinds={"anniversary"})
    assert [(i.title, i.status) for i in found] == ([expected] if expected else [])


EPIPHANY = Campaign("epiphany", "New Year greetings", 1, 6, lead_days=30, kinds=["card"], stages=["active"])


@pytest.mark.parametrize("today,touches,expected", [
    ("2026-12-06", [], []),
    ("2026-12-07", [], [("campaign:epiphany/acme", "due", "2026-12-07")]),
    ("2027-01-03", [], [("campaign:epiphany/acme", "due", "2026-12-07")]),
    ("2027-01-03", [touch("2026-12-10", "card")], []),
    ("2027-01-03", [touch("2026-12-10", "mail")], [("campaign:epiphany/acme", "due", "2026-12-07")]),  # not a card
    ("2027-01-06", [touch("2026-12-06", "card")], [("campaign:epiphany/acme", "due", "2026-12-07")]),
    ("2027-01-07", [], []),
])
def test_campaign_window_crosses_new_year(today, touches, expected):
    s = settings(campaigns=[EPIPHANY])
    p = partner(touches=touches + [touch("2026-01-01", "call")])
    assert keys(items(p, today=d(today), s=s, kinds={"campaign"})) == expected


def test_campaign_applies_to_stages_and_tags_and_within():
    s = settings(campaigns=[replace(EPIPHANY, tags=["print"])])
    assert items(partner(tags=["print"]), today=d("2026-12-01"), s=s, kinds={"campaign"}) == []
    (item,) = items(partner(tags=["print"]), today=d("2026-12-01"), s=s, within=6, kinds={"campaign"})
    assert (item.status, item.title) == ("soon", "New Year greetings: Acme")
    assert items(partner(tags=["web"]), today=d("2026-12-10"), s=s, kinds={"campaign"}) == []
    assert items(partner(stage="dormant", tags=["print"]), today=d("2026-12-10"), s=s, kinds={"campaign"}) == []


DMEXCO = Fair("dmexco-2027", "DMEXCO", d("2027-09-15"), d("2027-09-16"), "Cologne", ["marketing"], 21)


@pytest.mark.parametrize("today,tags,touches,expected", [
    ("2027-08-24", ["marketing"], [], []),
    ("2027-08-25", ["marketing"], [], [("fair:dmexco-2027/acme", "due", "2027-08-25")]),
    ("2027-09-16", ["marketing"], [], [("fair:dmexco-2027/acme", "due", "2027-08-25")]),
    ("2027-09-17", ["marketing"], [], []),
    ("2027-09-01", ["print"], [], []),
    ("2027-09-01", ["marketing"], [touch("2027-08-30", "mail")], []),
])
def test_fairs(today, tags, touches, expected):
    s = settings(fairs=[DMEXCO], campaigns=[])
    p = partner(tags=tags, touches=touches)
    found = items(p, today=d(today), s=s, kinds={"fair"})
    assert keys(found) == expected
    if found:
        assert found[0].title == "Meet Acme at DMEXCO"
        assert found[0].explanation.startswith("DMEXCO 2027-09-15 to 2027-09-16 in Cologne")


def test_key_formats_are_stable():
    p = partner(contacts=[contact("jana", birthday=Birthday(11, 23))], touches=[touch("2026-01-01", "call")],
                since=d("2020-11-23"), followups=[followup("b12c", "2026-11-23")])
    assert sorted(i.key for i in items(p)) == [
        "anniversary:acme", "birthday:acme/jana", "contact:acme/jana", "followup:acme/b12c"]


def test_changed_is_the_newest_record_date():
    p = partner(contacts=[contact("jana")], touches=[touch("2026-09-01", "call", "jana")],
                followups=[followup("f1", "2026-11-20")])
    got = {i.kind: i.changed for i in items(p)}
    assert got == {"contact": d("2026-09-01"), "followup": d("2026-11-20")}
