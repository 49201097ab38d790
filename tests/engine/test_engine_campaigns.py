"""Campaigns as a whole: window (also across New Year), done/missing per partner, one due row per campaign."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from koop_tui.engine import due_items
from koop_tui.engine.campaigns import (
    CampaignGroup,
    campaign_rows,
    campaign_window,
    group_campaigns,
)
from koop_tui.model import Campaign
from tests.engine.helpers import d, partner, settings, touch, ws

XMAS = Campaign("xmas", "Christmas cards", 12, 20, 30, ["card", "gift"], ["active", "dormant"])
NEW_YEAR = Campaign("ny", "New year mail", 1, 6, 30, ["mail"])


def test_window_is_the_next_occurrence_and_crosses_new_year():
    assert campaign_window(XMAS, d("2026-11-23")) == (d("2026-11-20"), d("2026-12-20"))
    assert campaign_window(XMAS, d("2026-12-20")) == (d("2026-11-20"), d("2026-12-20"))
    assert campaign_window(XMAS, d("2026-12-21")) == (d("2027-11-20"), d("2027-12-20"))
    assert campaign_window(NEW_YEAR, d("2026-12-10")) == (d("2026-12-07"), d("2027-01-06"))
    assert campaign_window(NEW_YEAR, d("2027-01-02")) == (d("2026-12-07"), d("2027-01-06"))
    leap = Campaign("leap", "Leap", 2, 29, 10)
    assert campaign_window(leap, d("2027-02-01")) == (d("2027-02-18"), d("2027-02-28"))


def test_rows_done_and_missing_across_new_year():
    today = d("2027-01-02")
    partners = [
        partner("acme", touches=[touch("2026-12-08", "mail")]),           # in the window
        partner("beta", touches=[touch("2026-12-06", "mail")]),           # a day before it opened
        partner("cora", touches=[touch("2026-12-20", "call")]),           # wrong kind
        partner("dora", touches=[touch("2027-01-05", "mail")]),           # after today: not yet
        partner("ende", stage="ended", touches=[]),                       # ended: not in a stage-less campaign
    ]
    rows = campaign_rows(partners, NEW_YEAR, today)
    assert [(r.slug, r.done) for r in rows] == [
        ("beta", None), ("cora", None), ("dora", None), ("acme", date(2026, 12, 8))]


def test_rows_follow_stages_and_tags():
    campaign = replace(XMAS, tags=["seo"])
    partners = [
        partner("acme", tags=["seo"], touches=[touch("2026-11-21", "card"), touch("2026-11-22", "gift")]),
        partner("beta", tags=["seo"], stage="prospect"),
        partner("cora", tags=["design"]),
        partner("dora", tags=["seo", "x"], stage="dormant"),
    ]
    rows = campaign_rows(partners, campaign, d("2026-11-23"))
    assert [(r.slug, r.stage, r.done) for r in rows] == [
        ("dora", "dormant", None), ("acme", "active", date(2026, 11, 22))]


def _items(today="2026-11-23"):
    workspace = ws(
        partner("acme", touches=[touch("2026-11-01", "meeting")]),
        partner("beta", touches=[touch("2026-11-21", "card")]),
        partner("cora", stage="dormant"),
        partner("dora"),
        settings=settings(campaigns=[XMAS]),
    )
    return due_items(workspace, d(today))


def test_group_campaigns_makes_one_row_at_the_most_urgent_place():
    items = _items()
    per_partner = [i.key for i in items if i.kind == "campaign"]
    assert per_partner == ["campaign:xmas/acme", "campaign:xmas/cora", "campaign:xmas/dora"]
    grouped = group_campaigns(items, {"xmas": "Christmas cards"})
    first = items.index(next(i for i in items if i.kind == "campaign"))
    group = grouped[first]
    assert isinstance(group, CampaignGroup)
    assert (group.key, group.campaign, group.partner, group.status, group.due) == (
        "campaign:xmas", "xmas", "", "due", d("2026-11-20"))
    assert group.title == "Christmas cards: 3 partners missing"
    assert group.explanation == ("Christmas cards by 2026-12-20 (window from 2026-11-20); "
                                 "3 partners missing, log card or gift when done; to clear: enter opens the "
                                 "campaign, x marks partners done (space: several), or koop log PARTNER KIND for each")
    assert [i.key for i in group.members] == per_partner
    others = [i.key for i in items if i.kind != "campaign"]
    assert [i.key for i in grouped if i is not group] == others


def test_group_name_defaults_to_the_title_and_one_partner_reads_singular():
    items = [i for i in _items() if i.key == "campaign:xmas/dora"]
    (group,) = group_campaigns(items)
    assert group.title == "Christmas cards: 1 partner missing"


def test_nothing_to_group_returns_the_items_unchanged():
    items = _items("2026-12-21")
    assert not any(i.kind == "campaign" for i in items)
    assert group_campaigns(items) == items
