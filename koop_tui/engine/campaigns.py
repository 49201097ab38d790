"""Campaigns seen as a whole: the window, done/missing per partner, and one due row per campaign.

`koop due --json` and the calendar keep one item per partner; the app groups them so a campaign such as
Christmas cards is one line ("Christmas cards: 37 partners missing") instead of flooding the list.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Iterable

from koop_tui.engine.common import STATUS_RANK, next_yearly
from koop_tui.model import Campaign, DueItem, Partner
from koop_tui.i18n import _
from koop_tui.words import name_key, plural


@dataclass(frozen=True)
class CampaignRow:
    """A partner inside a campaign: done (with the latest matching touch) or missing."""

    slug: str
    name: str
    stage: str
    done: date | None


@dataclass(frozen=True)
class CampaignGroup(DueItem):
    """One due row standing for every partner still missing in one campaign; `members` are their items."""

    campaign: str = ""
    members: tuple[DueItem, ...] = field(default=(), repr=False, compare=False)


def campaign_window(campaign: Campaign, today: date) -> tuple[date, date]:
    """The window of the next (or current) occurrence: `lead_days` before its date up to the date.

    Same rule as the due list: the occurrence is the next one on or after today (Feb 29 falls on Feb 28).
    """
    occ = next_yearly(campaign.month, campaign.day, today)
    return occ - timedelta(days=campaign.lead_days), occ


def applies(campaign: Campaign, partner: Partner) -> bool:
    """The campaign's stages (empty: every stage but ended) and tags (empty: any) select the partner."""
    if campaign.stages:
        if partner.stage not in campaign.stages:
            return False
    elif partner.stage in ("ended", "imported"):
        return False
    return not campaign.tags or bool(set(campaign.tags) & set(partner.tags))


def campaign_rows(partners: Iterable[Partner], campaign: Campaign, today: date) -> list[CampaignRow]:
    """Every partner the campaign applies to, missing ones first, then by name.

    Done means a touch of one of the campaign's kinds (empty: any kind) dated in the window and not after
    today (the engine ignores future touches).
    """
    start, end = campaign_window(campaign, today)
    last = min(end, today)
    kinds = set(campaign.kinds)
    rows = []
    for p in partners:
        if not applies(campaign, p):
            continue
        done = max((t.date for t in p.touchpoints
                    if start <= t.date <= last and (not kinds or t.kind in kinds)), default=None)
        rows.append(CampaignRow(p.slug, p.name, p.stage, done))
    rows.sort(key=lambda r: (r.done is not None, name_key(r.name), r.slug))
    return rows


def campaign_id(item: DueItem) -> str | None:
    """The campaign of a per-partner campaign item (`campaign:<id>/<slug>`), else None."""
    if item.kind != "campaign" or isinstance(item, CampaignGroup):
        return None
    return item.key.removeprefix("campaign:").rsplit("/", 1)[0]


def group_campaigns(items: list[DueItem], names: dict[str, str] | None = None) -> list[DueItem]:
    """One CampaignGroup per campaign in place of its per-partner items, at the place of its most urgent one.

    `items` are in due-list order, so the first member met is the most urgent; the rest keep their order.
    `names` maps campaign ids to names (default: taken from the members' titles).
    """
    members: dict[str, list[DueItem]] = {}
    for item in items:
        if item.kind == "campaign" and (cid := campaign_id(item)) is not None:
            members.setdefault(cid, []).append(item)
    if not members:
        return list(items)
    out: list[DueItem] = []
    for item in items:
        cid = campaign_id(item) if item.kind == "campaign" else None  # the kind first: most items are not campaigns
        if cid is None:
            out.append(item)
        elif members[cid][0] is item:
            out.append(_group(cid, members[cid], (names or {}).get(cid)))
    return out


def _group(cid: str, members: list[DueItem], name: str | None) -> CampaignGroup:
    first = min(members, key=lambda i: (STATUS_RANK[i.status], i.due))
    name = name or first.title.removesuffix(f": {first.partner_name}")
    count = len(members)
    window, what = first.explanation.split("; ")[:2]  # "Christmas cards by …", "log card or gift when done"
    explanation = plural(count, "{window}; {n} partner missing, {what}; to clear: enter opens the campaign, x marks "
                                "partners done (space: several), or koop log PARTNER KIND for each",
                         "{window}; {n} partners missing, {what}; to clear: enter opens the campaign, x marks "
                         "partners done (space: several), or koop log PARTNER KIND for each", window=window, what=what)
    return CampaignGroup(
        key=f"campaign:{cid}", kind="campaign", partner="", partner_name=_("Campaign"),
        title=plural(count, "{name}: {n} partner missing", "{name}: {n} partners missing", name=name),
        status=first.status, due=first.due, by=first.by,
        explanation=explanation, changed=max((i.changed for i in members if i.changed), default=None),
        campaign=cid, members=tuple(members),
    )
