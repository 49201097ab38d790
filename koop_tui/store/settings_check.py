"""koop.toml -> Settings + problems: unknown keys, wrong types, unknown stages and kinds, bad dates.

A bad value is dropped so the shipped default applies; a broken koop.toml falls back to the defaults.
"""

from __future__ import annotations

from dataclasses import fields as dc_fields
from typing import Any, Callable

from koop_tui.i18n import N_, _
from koop_tui.model import DUE_KINDS, FEED_MODES, STAGES, FeedSettings, Problem, Settings
from koop_tui.settings import default_settings, default_settings_dict, merge_settings_dicts, settings_from_dict
from koop_tui.store import fields as f
from koop_tui.store.fields import Invalid, Issue, conflict_message, did_you_mean, shown
from koop_tui.store.parse import locate, read_toml

Check = Callable[[Any], Any]


def _month_day(value: Any) -> str:
    from koop_tui.settings import _month_day as parse

    try:
        parse(f.text(value))
    except (ValueError, Invalid):
        raise Invalid(_("is not a month-day: {value}").format(value=shown(value)),
                      _('use "MM-DD", e.g. "12-20"')) from None
    return value


def _time(value: Any) -> str:
    """A time of day, "HH:MM" (24 h)."""
    text = f.text(value)
    hours, __, minutes = text.partition(":")
    if not (len(hours) == len(minutes) == 2 and hours.isdigit() and minutes.isdigit()
            and int(hours) < 24 and int(minutes) < 60):
        raise Invalid(_("is not a time of day: {value}").format(value=shown(value)), _('use "HH:MM", e.g. "09:00"'))
    return text


def _weight(value: Any) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not 0 < value <= 1:
        raise Invalid(_("must be a number in (0, 1], got {value}").format(value=shown(value)))
    return float(value)


TOP: dict[str, Check] = {
    "name": f.text, "default_owner": f.text, "default_cadence": f.days, "auto_commit": f.flag, "skills": f.texts,
    "language": f.one_of(N_("language"), ("en", "de")),  # the calendar feed's; each has a catalog (docs/i18n.md)
}
TABLES: dict[str, dict[str, Check]] = {
    "ratios": {"soon": f.ratio, "overdue": f.ratio},
    "rules": {k: f.count for k in ("vetting_after_days", "debrief_after_days", "agreement_lead_days", "reciprocation_days")},
    "feed": {"name": f.text, "horizon_days": f.count, "pin_overdue": f.flag, "refresh_hours": f.count,
             "include": f.texts, "exclude": f.texts, "mode": f.one_of(N_("feed mode"), FEED_MODES), "alarm": _time},
}
STAGE: dict[str, Check] = {"cadence": f.days, "project_cadence": f.days, "upkeep_cadence": f.days}
KIND: dict[str, Check] = {"weight": _weight, "direction": f.direction, "label": f.text}
CAMPAIGN: dict[str, Check] = {"id": f.text, "name": f.text, "date": _month_day, "lead_days": f.count,
                              "kinds": f.texts, "stages": f.texts, "tags": f.texts}
FAIR: dict[str, Check] = {"id": f.text, "name": f.text, "start": f.day, "end": f.day, "place": f.text,
                          "tags": f.texts, "lead_days": f.count}
_BY_TYPE: dict[type, Check] = {str: f.text, int: f.count, bool: f.flag, float: f.ratio, list: f.texts}


def _feed_checks() -> dict[str, Check]:
    """Feed keys known to the model are accepted too, checked by their default's type."""
    checks = dict(TABLES["feed"])
    for field in dc_fields(FeedSettings):
        default = field.default_factory() if callable(field.default_factory) else field.default
        checks.setdefault(field.name, _BY_TYPE.get(type(default), f.anything))
    return checks


def _clean(data: Any, checks: dict[str, Check], path: tuple, label: str, issues: list[Issue]) -> dict[str, Any]:
    if not isinstance(data, dict):
        issues.append(Issue(path, _("{label} must be a table, got {value}").format(label=label, value=shown(data))))
        return {}
    out = {}
    for key, value in data.items():
        if key not in checks:
            text = (_("unknown key '{key}' in {label}").format(key=key, label=label) if label
                    else _("unknown key '{key}'").format(key=key))
            issues.append(Issue(path + (key,), text, did_you_mean(key, tuple(checks))))
            continue
        try:
            out[key] = checks[key](value)
        except Invalid as exc:
            issues.append(Issue(path + (key,), f"{label}: {exc.text(key)}" if label else exc.text(key), exc.hint))
    return out


def _named_tables(data: dict, key: str, checks: dict[str, Check], names: tuple | None, issues: list[Issue]) -> dict:
    out = {}
    raw = data.get(key, {})
    if not isinstance(raw, dict):
        issues.append(Issue((key,), _("{label} must be a table, got {value}").format(label=key, value=shown(raw))))
        return out
    for name, table in raw.items():
        if names is not None and name not in names:
            hint = did_you_mean(name, names) or _("stages: {stages}").format(stages=", ".join(names))
            issues.append(Issue((key, name), _("unknown stage '{name}'").format(name=name), hint))
            continue
        out[name] = _clean(table, checks, (key, name), f"{key}.{name}", issues)
    return out


def _list(data: dict, key: str, checks: dict[str, Check], required: tuple, issues: list[Issue]) -> list[dict]:
    raw = data.get(key, [])
    if not isinstance(raw, list):
        issues.append(Issue((key,), _("{table} must be a list of [[{table}]] tables").format(table=key)))
        return []
    out = []
    for i, item in enumerate(raw):
        label = f"{key[:-1]} '{item.get('id')}'" if isinstance(item, dict) and item.get("id") else f"{key[:-1]} #{i + 1}"
        clean = _clean(item, checks, (key, i), label, issues)
        lacking = [k for k in required if k not in clean]
        for k in lacking:
            if isinstance(item, dict) and k not in item:
                issues.append(Issue((key, i), _("{label} has no {key}").format(label=label, key=k)))
        if not lacking:
            out.append((i, clean))
    return out


def _unique_ids(key: str, items: list, issues: list[Issue]) -> list:
    """The items of a [[campaigns]] or [[fairs]] list whose id is the first of its name; each later one is an
    error, and left out."""
    first: dict[str, int] = {}
    out = []
    for i, item in items:
        if item["id"] in first:
            issues.append(Issue((key, i, "id"), _("{table}: id '{id}' is used twice (first by #{first})").format(
                table=f"[[{key}]]", id=item["id"], first=first[item["id"]] + 1), _("give each one its own id")))
            continue
        first[item["id"]] = i
        out.append((i, item))
    return out


def _references(clean: dict, campaigns: list, fairs: list, issues: list[Issue]) -> None:
    """Campaign stages and kinds, and the feed's item kinds, name things that exist; fairs end after they start."""
    feed = clean.get("feed", {})
    for key in ("include", "exclude"):
        for name in feed.get(key, []):
            if name not in DUE_KINDS:  # the feed would silently leave out (or keep) what the user meant
                issues.append(Issue(("feed", key), _("[feed] {key}: unknown kind '{name}'").format(key=key, name=name),
                                    did_you_mean(name, DUE_KINDS) or _("kinds: {kinds}").format(
                                        kinds=", ".join(DUE_KINDS))))
    kinds = tuple(clean["kinds"])
    for i, c in campaigns:
        for key, known, noun in (("stages", STAGES, "stage"), ("kinds", kinds, "kind")):
            for name in c.get(key, []):
                if name not in known:
                    issues.append(Issue(("campaigns", i, key), _("campaign '{id}': unknown {noun} '{name}'").format(
                        id=c["id"], noun=noun, name=name), did_you_mean(name, known)))
    for i, fair in fairs:
        if fair.get("end") and fair["end"] < fair["start"]:
            issues.append(Issue(("fairs", i, "end"), _("fair '{id}' ends before it starts").format(id=fair["id"])))


def _contradictions(data: dict, merged: dict, issues: list[Issue]) -> None:
    """Values that are each fine but contradict each other are errors, and none of them is used: the statuses
    must run soon < 1 (due) <= overdue, else everyone shows overdue or nobody soon."""
    defaults, ratios = default_settings_dict()["ratios"], merged["ratios"]
    soon, overdue = ratios.get("soon", defaults["soon"]), ratios.get("overdue", defaults["overdue"])
    if soon < 1 <= overdue:
        return
    given = data.get("ratios") if isinstance(data.get("ratios"), dict) else {}
    where = next((("ratios", k) for k in ("soon", "overdue") if k in given), ("ratios",))
    issues.append(Issue(where, _("[ratios] contradict each other: soon = {soon}, overdue = {overdue}; soon must be "
                                 "below 1 (a ratio of 1 is due) and overdue at least 1").format(
                                     soon=f"{soon:g}", overdue=f"{overdue:g}"),
                        _("e.g. soon = {soon}, overdue = {overdue}").format(soon=f"{defaults['soon']:g}",
                                                                           overdue=f"{defaults['overdue']:g}")))
    merged["ratios"] = dict(defaults)


def check_settings(data: dict[str, Any]) -> tuple[dict[str, Any], list[Issue]]:
    """The workspace dict cleaned and merged over the shipped defaults, and the issues found."""
    issues: list[Issue] = []
    sections = tuple(TABLES) + ("stages", "tags", "kinds", "campaigns", "fairs", "conflicts", "owners")
    clean = _clean({k: v for k, v in data.items() if k not in sections}, TOP, (), "", issues)  # the location names the file
    for key, checks in TABLES.items():
        if key in data:
            clean[key] = _clean(data[key], _feed_checks() if key == "feed" else checks, (key,), f"[{key}]", issues)
    clean["stages"] = _named_tables(data, "stages", STAGE, STAGES, issues)
    clean["kinds"] = _named_tables(data, "kinds", KIND, None, issues)
    if "tags" in data:
        clean["tags"] = _clean(data["tags"], {k: f.days for k in data["tags"]} if isinstance(data["tags"], dict) else {},
                               ("tags",), "[tags]", issues)
    if "owners" in data:
        clean["owners"] = _owners(data["owners"], issues)
    merged = merge_settings_dicts(default_settings_dict(), clean)
    campaigns = _list(data, "campaigns", CAMPAIGN, ("id", "date"), issues) if "campaigns" in data else None
    fairs = _list(data, "fairs", FAIR, ("id", "start"), issues) if "fairs" in data else None
    if campaigns is not None:
        merged["campaigns"] = [c for _, c in campaigns]
    if fairs is not None:
        merged["fairs"] = [x for _, x in fairs]
    for key, found in (("campaigns", campaigns), ("fairs", fairs)):
        if found:  # an id names the due items and calendar events: a second one would be a second with the same name
            merged[key] = [x for _, x in _unique_ids(key, found, issues)]
    _references(merged, campaigns or [], fairs or [], issues)
    _contradictions(data, merged, issues)
    _conflicts(data.get("conflicts"), issues)
    return merged, issues


def _owners(data: Any, issues: list[Issue]) -> dict[str, list[str]]:
    """[owners]: owner name -> the e-mail addresses git may know them by; one address names one owner."""
    owners = _clean(data, {k: f.addresses for k in data} if isinstance(data, dict) else {}, ("owners",), "[owners]",
                    issues)
    seen: dict[str, str] = {}
    for owner, addresses in owners.items():
        for address in addresses:
            first = seen.setdefault(address.casefold(), owner)
            if first != owner:
                text = _("[owners]: {address} is listed for {first} and {owner}")
                issues.append(Issue(("owners", owner), text.format(address=address, first=first, owner=owner),
                    _("an address names one owner; remove it from one of them")))
    return owners


def _conflicts(records: Any, issues: list[Issue]) -> None:
    """Merge conflicts the merge driver recorded in koop.toml: each one is an error until resolved by hand."""
    if records is None:
        return
    if not isinstance(records, list) or not all(isinstance(r, dict) for r in records):
        issues.append(Issue(("conflicts",), _("conflicts must be [[conflicts]] tables")))
        return
    for i, rec in enumerate(records):
        issues.append(Issue(
            ("conflicts", i),
            conflict_message(rec),
            _("set the value you want in koop.toml and delete this [[conflicts]] entry"),
        ))


def parse_settings_bytes(data: bytes, rel_path: str = "koop.toml") -> tuple[Settings, list[Problem]]:
    """koop.toml's bytes -> Settings over the shipped defaults, and the problems found."""
    parsed, text, problems = read_toml(data, rel_path)
    if parsed is None:
        return default_settings(), problems
    merged, issues = check_settings(parsed)
    problems = locate(issues, text, rel_path)
    try:
        return settings_from_dict(merged), problems
    except (KeyError, TypeError, ValueError) as exc:
        return default_settings(), problems + [Problem(rel_path, _("cannot use these settings: {error}").format(
            error=exc), 1, 1)]
