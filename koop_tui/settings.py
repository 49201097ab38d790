"""Workspace settings: the shipped defaults (config/koop.toml) with the workspace's koop.toml over them."""

from __future__ import annotations

import tomllib
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Any

from koop_tui.model import Campaign, Fair, FeedSettings, Kind, Settings, Stage

MERGED_TABLES = ("ratios", "rules", "stages", "tags", "kinds", "feed")


def config_dir() -> Path:
    """The shipped `config/` directory: inside the installed package, or beside it in a source checkout."""
    here = Path(__file__).resolve().parent
    for candidate in (here / "_config", here.parent / "config"):
        if (candidate / "koop.toml").is_file():
            return candidate
    raise FileNotFoundError("koop's shipped config/koop.toml is missing; reinstall koop")


def default_settings_text() -> str:
    return (config_dir() / "koop.toml").read_text(encoding="utf-8")


@lru_cache(maxsize=1)
def default_settings_dict() -> dict[str, Any]:
    return tomllib.loads(default_settings_text())


def merge_settings_dicts(defaults: dict[str, Any], workspace: dict[str, Any]) -> dict[str, Any]:
    """Tables merge key by key (stages and kinds one level deeper); everything else replaces."""
    out = dict(defaults)
    for key, value in workspace.items():
        base = defaults.get(key)
        if key in MERGED_TABLES and isinstance(base, dict) and isinstance(value, dict):
            merged = dict(base)
            for sub, subvalue in value.items():
                if isinstance(merged.get(sub), dict) and isinstance(subvalue, dict):
                    merged[sub] = merged[sub] | subvalue
                else:
                    merged[sub] = subvalue
            out[key] = merged
        else:
            out[key] = value
    return out


def _month_day(text: str) -> tuple[int, int]:
    month, day = (int(x) for x in str(text).lstrip("-").split("-"))
    date(2000, month, day)
    return month, day


def settings_from_dict(data: dict[str, Any]) -> Settings:
    """Build Settings from a merged (valid) settings dict."""
    ratios = data.get("ratios", {})
    rules = data.get("rules", {})
    stages = {
        name: Stage(name, s.get("cadence"), s.get("project_cadence"), s.get("upkeep_cadence"))
        for name, s in data.get("stages", {}).items()
    }
    kinds = {
        name: Kind(name, float(k.get("weight", 1.0)), k.get("direction", "mutual"), k.get("label", ""))
        for name, k in data.get("kinds", {}).items()
    }
    campaigns = []
    for c in data.get("campaigns", []):
        month, day = _month_day(c["date"])
        campaigns.append(
            Campaign(
                id=c["id"], name=c.get("name", c["id"]), month=month, day=day,
                lead_days=c.get("lead_days", 30), kinds=list(c.get("kinds", [])),
                stages=list(c.get("stages", [])), tags=list(c.get("tags", [])),
            )
        )
    fairs = [
        Fair(
            id=f["id"], name=f.get("name", f["id"]), start=f["start"], end=f.get("end"),
            place=f.get("place", ""), tags=list(f.get("tags", [])), lead_days=f.get("lead_days", 21),
        )
        for f in data.get("fairs", [])
    ]
    feed = data.get("feed", {})
    return Settings(
        name=data.get("name", "koop"),
        language=data.get("language", ""),
        default_owner=data.get("default_owner", ""),
        default_cadence=data.get("default_cadence", 60),
        stages=stages,
        tag_cadences=dict(data.get("tags", {})),
        kinds=kinds,
        soon_ratio=ratios.get("soon", 0.8),
        overdue_ratio=ratios.get("overdue", 1.5),
        vetting_after_days=rules.get("vetting_after_days", 14),
        debrief_after_days=rules.get("debrief_after_days", 14),
        agreement_lead_days=rules.get("agreement_lead_days", 30),
        reciprocation_days=rules.get("reciprocation_days", 60),
        campaigns=campaigns,
        fairs=fairs,
        feed=FeedSettings(
            name=feed.get("name", "") or data.get("name", "koop"),
            horizon_days=feed.get("horizon_days", 60),
            pin_overdue=feed.get("pin_overdue", True),
            refresh_hours=feed.get("refresh_hours", 6),
            include=list(feed.get("include", [])),
            exclude=list(feed.get("exclude", [])),
            id=str(feed.get("id", "")),
            mode=feed.get("mode", "items"),
            alarm=feed.get("alarm", ""),
        ),
        skills=list(data.get("skills", [])),
        auto_commit=data.get("auto_commit", True),
        owners={name: list(addresses) for name, addresses in data.get("owners", {}).items()},
    )


def default_settings() -> Settings:
    return settings_from_dict(default_settings_dict())
