"""Builders for hand-computed engine cases: short to write, explicit about every field that matters."""

from __future__ import annotations

import itertools
from dataclasses import replace
from datetime import date

from koop_tui.model import Contact, FollowUp, Partner, Touchpoint, Workspace
from koop_tui.settings import default_settings

TODAY = date(2026, 11, 23)
SETTINGS = default_settings()
_ids = itertools.count(1)


def d(text: str) -> date:
    return date.fromisoformat(text)


def settings(**changes):
    return replace(default_settings(), **changes)


def touch(day: str | date, kind: str = "call", *contacts: str, direction: str | None = None,
          id: str | None = None) -> Touchpoint:
    day = d(day) if isinstance(day, str) else day
    direction = direction or SETTINGS.kinds[kind].direction if kind in SETTINGS.kinds else "mutual"
    return Touchpoint(id or f"t{next(_ids):04d}", day, kind, direction, list(contacts))


def contact(cid: str, name: str | None = None, **fields) -> Contact:
    return Contact(cid, name or cid.capitalize(), **fields)


def partner(slug: str = "acme", *, contacts=(), touches=(), followups=(), name: str | None = None,
            stage: str = "active", **fields) -> Partner:
    return Partner(slug, name or slug.capitalize(), stage=stage, contacts=list(contacts),
                   touchpoints=list(touches), followups=list(followups), **fields)


def followup(fid: str, due: str, text: str = "Send offer", **fields) -> FollowUp:
    return FollowUp(fid, d(due), text, **fields)


def ws(*partners: Partner, settings=None) -> Workspace:
    """A workspace; without settings, the shipped ones minus campaigns (Christmas runs on TODAY)."""
    return Workspace(settings or replace(default_settings(), campaigns=[]), {p.slug: p for p in partners})
