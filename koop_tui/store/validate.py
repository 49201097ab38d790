"""Meaning checks of a parsed partner file: keys, types, ids and references, as located Issues.

Bad values are dropped (the record keeps its defaults) and records missing what they cannot live without
are skipped, so one bad line never hides the rest of a partner. The file itself is never rewritten here.
"""

from __future__ import annotations

import hashlib
import unicodedata
from typing import Any, Callable

from koop_tui.canonical import PARTNER_FIRST, TABLE_KEYS, partner_from_dict
from koop_tui.i18n import _, translated
from koop_tui.model import Partner, Problem, Reference, Settings, Vetting, Workspace
from koop_tui.schema import Key, file_keys, names, nested
from koop_tui.store.fields import (
    ADDRESS_RE,
    CHECKS,
    Invalid,
    Issue,
    conflict_message,
    contact_keys,
    did_you_mean,
    shown,
)
from koop_tui.text import fold
from koop_tui.words import plural

Check = Callable[[Any], Any]


def _checks(keys: tuple[Key, ...]) -> dict[str, Check]:
    """Each key's check, in file order (the schema's value types, store/fields.py's CHECKS)."""
    return {k.name: CHECKS[k.value] for k in keys}


def _missing(keys: tuple[Key, ...], *how: str) -> tuple[str, ...]:
    return tuple(k.name for k in keys if k.missing in how)


PARTNER_SCHEMA = file_keys(Partner, PARTNER_FIRST)
PARTNER: dict[str, Check] = _checks(PARTNER_SCHEMA)
VETTING: dict[str, Check] = _checks(file_keys(Vetting))
REFERENCE: dict[str, Check] = _checks(file_keys(Reference))
# table -> (noun, key checks, keys a record must have, keys a record cannot be built without)
TABLES: dict[str, tuple[str, dict[str, Check], tuple[str, ...], tuple[str, ...]]] = {
    table: (k.noun, _checks(file_keys(k.of)), _missing(file_keys(k.of), "error", "skip"),
            _missing(file_keys(k.of), "skip"))
    for table, k in TABLE_KEYS.items()
}
TOP_KEYS = tuple(PARTNER) + names(nested(Partner, "table")) + tuple(TABLES)
# The keys of records naming a contact (a contact's own successor is checked apart: not themselves).
CONTACT_REFS = tuple((table, k.name) for table, t in TABLE_KEYS.items() if table != "contacts"
                     for k in file_keys(t.of) if k.value in ("contact_id", "contact_ids"))


def _clean(
    data: Any, checks: dict[str, Check], path: tuple, label: str, issues: list[Issue], extra: tuple = ()
) -> dict[str, Any]:
    """Known keys with valid values; an Issue for every unknown key or bad value."""
    out: dict[str, Any] = {}
    for key, value in data.items():
        if key in extra:
            continue
        where = path + (key,)
        check = checks.get(key)
        if check is None:
            known = tuple(checks) + extra
            text = (_("unknown key '{key}' in {label}").format(key=key, label=label) if label
                    else _("unknown key '{key}'").format(key=key))
            issues.append(Issue(where, text, did_you_mean(key, known)))
            continue
        try:
            out[key] = check(value)
        except Invalid as exc:
            prefix = f"{label}: " if label else ""
            issues.append(Issue(where, prefix + exc.text(key), exc.hint))
    return out


def _stable_id(rec: dict[str, Any]) -> str:
    """An id to suggest for a record written without one; stable so `koop check` output is too."""
    return hashlib.sha256(repr(sorted(rec.items(), key=str)).encode()).hexdigest()[:6]


def _label(noun: str, rec: dict[str, Any], index: int) -> str:
    """A record as a message names it: "touchpoint 'a1b2'", "follow-up #3" (`noun` as marked in the model)."""
    rid = rec.get("id")
    if isinstance(rid, str) and rid:
        return _("{noun} '{id}'").format(noun=translated(noun), id=rid)
    return _("{noun} #{n}").format(noun=translated(noun), n=index + 1)


def _records(data: dict[str, Any], table: str, issues: list[Issue]) -> list[tuple[int, dict[str, Any]]]:
    noun, checks, required, essential = TABLES[table]
    raw = data.get(table, [])
    if not isinstance(raw, list) or not all(isinstance(r, dict) for r in raw):
        issues.append(Issue((table,), _("{table} must be a list of [[{table}]] tables, got {value}").format(
            table=table, value=shown(raw))))
        return []
    out = []
    for i, rec in enumerate(raw):
        label = _label(noun, rec, i)
        clean = _clean(rec, checks, (table, i), label, issues)
        for key in required:
            if key not in rec:
                hint = _('add id = "{id}"').format(id=_stable_id(rec)) if key == "id" and noun != "contact" else ""
                issues.append(Issue((table, i), _("{label} has no {key}").format(label=label, key=key), hint))
        if all(k in clean for k in essential):
            if noun == "contact":
                clean.setdefault("name", clean["id"])
            for key in required:
                clean.setdefault(key, "")
            out.append((i, clean))
    return out


def _vetting(data: dict[str, Any], issues: list[Issue]) -> dict[str, Any]:
    raw = data.get("vetting", {})
    if not isinstance(raw, dict):
        issues.append(Issue(("vetting",), _("vetting must be a table, got {value}").format(value=shown(raw))))
        return {}
    out = _clean(raw, VETTING, ("vetting",), _("vetting"), issues, extra=names(nested(Vetting, "records")))
    refs = raw.get("references", [])
    if not isinstance(refs, list) or not all(isinstance(r, dict) for r in refs):
        issues.append(Issue(("vetting", "references"), _("vetting references must be [[vetting.references]] tables")))
        return out
    out["references"] = []
    for i, ref in enumerate(refs):
        clean = _clean(ref, REFERENCE, ("vetting", "references", i), _label("reference", {}, i), issues)
        if "by" not in clean:
            issues.append(Issue(("vetting", "references", i),
                                _("reference #{n} has no by (who said it)").format(n=i + 1)))
        else:
            out["references"].append(clean)
    return out


def _check_ids(records: dict[str, list[tuple[int, dict]]], issues: list[Issue]) -> None:
    """Contact ids unique among contacts; every other record id unique within the file."""
    groups = [["contacts"], [t for t in TABLES if t != "contacts"]]
    for tables in groups:
        seen: dict[str, tuple] = {}
        for table in tables:
            for i, rec in records[table]:
                rid = rec["id"]
                if not rid:
                    continue
                if rid in seen:
                    noun = TABLES[table][0]
                    issues.append(Issue((table, i, "id"), _("duplicate {noun} id '{id}'").format(
                        noun=translated(noun), id=rid), also=seen[rid]))
                else:
                    seen[rid] = (table, i, "id")


def _check_refs(records: dict[str, list[tuple[int, dict]]], settings: Settings, issues: list[Issue]) -> None:
    """Contact ids named by records exist; touchpoint kinds are known to the workspace."""
    known = [rec["id"] for __, rec in records["contacts"]]
    listing = ", ".join(sorted(known)) or _("none")

    for i, rec in records["contacts"]:
        who = _label(TABLES["contacts"][0], rec, i)
        if rec.get("successor") == rec["id"]:
            issues.append(Issue(("contacts", i, "successor"), _("{who} cannot be their own successor").format(who=who)))
        elif "successor" in rec and rec["successor"] not in known:
            issues.append(Issue(("contacts", i, "successor"),
                                _("{who} names successor '{id}' who does not exist (known: {known})").format(
                                    who=who, id=rec["successor"], known=listing)))
    for table, key in CONTACT_REFS:
        noun = TABLES[table][0]
        for i, rec in records[table]:
            values = rec.get(key, [])
            for cid in [values] if isinstance(values, str) else values:
                if cid not in known:
                    issues.append(Issue((table, i, key),
                                        _("{who} names contact '{id}' who does not exist (known: {known})").format(
                                            who=_label(noun, rec, i), id=cid, known=listing)))
    for i, rec in records["touchpoints"]:
        if rec["kind"] not in settings.kinds:
            hint = did_you_mean(rec["kind"], tuple(settings.kinds)) or _("kinds are defined in koop.toml")
            issues.append(Issue(("touchpoints", i, "kind"), _("{label}: unknown kind '{kind}'").format(
                label=_label(TABLES["touchpoints"][0], rec, i), kind=rec["kind"]), hint))
    for i, rec in records["conflicts"]:
        issues.append(Issue(
            ("conflicts", i),
            conflict_message(rec),
            _("choose a value in the app, or edit the field and delete this [[conflicts]] entry"),
        ))


def _check_names(top: dict[str, Any], records: dict, issues: list[Issue]) -> None:
    """A blank name still loads, but shows as nothing in every list: a warning. So do two contacts with one name
    or one email (a renamed id merged with a teammate's log to the old one): one person is split in two; and an
    email that is no address (no_address)."""
    if not top.get("name", "x").strip():
        issues.append(Issue(("name",), _("the partner's name is empty"), _("write its name"), severity="warning"))
    if broken_line(top.get("name")):
        issues.append(Issue(("name",), _("the partner's name holds a line break or another control character"),
                            _("write it on one line"), severity="warning"))
    seen: dict[tuple[str, str], str] = {}
    for i, rec in records["contacts"]:
        if not rec.get("name", "x").strip():
            issues.append(Issue(("contacts", i, "name"), _("{label}: the name is empty").format(
                label=_label(TABLES["contacts"][0], rec, i)), _("write the person's name"), severity="warning"))
        if broken_line(rec.get("name")):
            issues.append(Issue(("contacts", i, "name"), _(
                "{label}: the name holds a line break or another control character").format(
                label=_label(TABLES["contacts"][0], rec, i)), _("write it on one line"), severity="warning"))
        if no_address(rec.get("email")):
            issues.append(Issue(("contacts", i, "email"), "{label}: email {holds}".format(
                label=_label(TABLES["contacts"][0], rec, i),
                holds=_("holds {value}, which is not an e-mail address").format(value=shown(rec["email"]))),
                _("write name@example.com"), severity="warning"))
        issue = same_person(seen, i, rec)
        if issue is not None:
            issues.append(issue)


def broken_line(name: Any) -> bool:
    """A name that would break the line it is shown on (a line break, a tab, an escape: Unicode's Cc)."""
    return isinstance(name, str) and not name.isprintable() and any(unicodedata.category(c) == "Cc" for c in name)


def no_address(value: Any) -> bool:
    """A contact's `email` written by hand that is no address ("bo at berg"; blanks around it aside): the file is
    read, the validator warns, and no mail is matched to it (capture.match.Directory). Blank is no email at all."""
    return isinstance(value, str) and bool(value.strip()) and not ADDRESS_RE.match(value.strip())


def same_person(seen: dict[tuple[str, str], str], i: int, rec: dict[str, Any]) -> Issue | None:
    """The warning for the i-th contact when one before it has its name or one of its emails; `seen` holds the
    (key, folded value) of those before it, and gets this one's up to the first it shares."""
    for key, value in contact_keys(rec):
        first = seen.setdefault((key, fold(value)), rec["id"])
        if first != rec["id"]:
            return Issue(
                ("contacts", i, key), _("contacts '{first}' and '{other}' have the same {key} '{value}'").format(
                    first=first, other=rec["id"], key=key, value=value),
                _("one person? keep '{first}': write '{first}' for '{other}' in the touchpoints, follow-ups and "
                  "projects, then delete the contact '{other}'").format(first=first, other=rec["id"]),
                severity="warning")
    return None


def _check_departed(records: dict, issues: list[Issue]) -> None:
    """An open follow-up with a contact who left waits for nobody: a warning naming the successor, if any."""
    departed = {rec.get("id"): rec for __, rec in records["contacts"] if rec.get("left")}
    for i, rec in records["followups"]:
        gone = departed.get(rec.get("contact"))
        if gone is None or rec.get("done"):
            continue
        successor = gone.get("successor")
        hint = (_('give it to the successor: contact = "{id}"').format(id=successor) if successor
                else _("give it to another contact, or mark it done"))
        issues.append(Issue(("followups", i, "contact"),
                            _("{label}: open, with {name}, who left on {date}").format(
                                label=_label(TABLES["followups"][0], rec, i), name=gone.get("name") or gone.get("id"),
                                date=gone["left"]), hint, severity="warning"))


def check_partner(data: dict[str, Any], stem: str, settings: Settings) -> tuple[Partner | None, list[Issue]]:
    """Validate a parsed partner file named `<stem>.toml`; the partner is None when it cannot be used."""
    issues: list[Issue] = []
    top = _clean(data, PARTNER, (), "", issues, extra=TOP_KEYS[len(PARTNER):])
    for key in _missing(PARTNER_SCHEMA, "error", "skip"):
        if key not in data:
            hint = _('add slug = "{slug}"').format(slug=stem) if key == "slug" else ""
            issues.append(Issue((), _("missing {key}").format(key=key), hint))
    if "slug" in top and top["slug"] != stem:
        issues.append(Issue(
            ("slug",), _("slug '{slug}' does not match the file name '{file}'").format(slug=top["slug"],
                                                                                        file=f"{stem}.toml"),
            _("rename the file or change the slug"),
        ))
        top.pop("slug")
    vetting = _vetting(data, issues)
    records = {table: _records(data, table, issues) for table in TABLES}
    _check_names(top, records, issues)
    _check_departed(records, issues)
    _check_ids(records, issues)
    _check_refs(records, settings, issues)
    if any(key not in top for key in _missing(PARTNER_SCHEMA, "skip")):
        return None, issues
    built = {**top, "vetting": vetting} | {t: [rec for __, rec in recs] for t, recs in records.items()}
    try:
        return partner_from_dict(built, settings), issues
    except (TypeError, ValueError) as exc:
        issues.append(Issue((), _("cannot read this partner: {error}").format(error=exc)))
        return None, issues


def same_names(workspace: Workspace) -> list[Problem]:
    """Warnings for partners whose names are one name once normalised (NFC, case): "Müller GmbH" typed
    precomposed and decomposed got two files, and every lookup by name finds one of them."""
    first: dict[str, Partner] = {}
    out = []
    for slug in sorted(workspace.partners):
        partner = workspace.partners[slug]
        other = first.setdefault(fold(partner.name), partner)
        if other is not partner:
            if other.name == partner.name:
                text = _("partner name '{name}' is the same as that of {path}")
            else:
                text = _("partner name '{name}' is the same after Unicode normalisation as that of {path}")
            out.append(Problem(f"partners/{slug}.toml", text.format(name=partner.name,
                                                                   path=f"partners/{other.slug}.toml"),
                               hint=_("one partner? merge the two files by hand and delete one; else rename one"),
                               severity="warning"))
    return out


def one_partner(a: set[str], b: set[str]) -> bool:
    """Whether two partner files with these record ids (touchpoints, follow-ups, projects, agreements) hold one
    partner: they share two ids, or all of the smaller file's. An id is 6 random characters: among 200,000
    records a few pairs share one by chance, two almost never."""
    shared = a & b
    return len(shared) >= 2 or bool(shared) and len(shared) == min(len(a), len(b))


def record_ids(partner: Partner) -> set[str]:
    """The ids of a partner's records but its contacts (whose ids are names, the same in many files)."""
    return {r.id for table in TABLE_KEYS if table != "contacts" for r in getattr(partner, table)}


def shared_records(workspace: Workspace) -> list[Problem]:
    """Warnings for partner files that hold one partner (one_partner): renamed on one clone while edited on
    another in a way the sync could not follow, or copied by hand."""
    owner: dict[str, str] = {}
    pairs: set[tuple[str, str]] = set()
    for slug in sorted(workspace.partners):
        for rid in record_ids(workspace.partners[slug]):
            other = owner.setdefault(rid, slug)
            if other != slug:
                pairs.add((other, slug))
    out = []
    for first, second in sorted(pairs):
        ids = record_ids(workspace.partners[first]), record_ids(workspace.partners[second])
        if one_partner(*ids):
            out.append(Problem(f"partners/{second}.toml", plural(
                len(ids[0] & ids[1]), "{n} record also in {path}: one partner in two files?",
                "{n} records also in {path}: one partner in two files?", path=f"partners/{first}.toml"),
                               hint=_("merge the two files by hand and delete one"), severity="warning"))
    return out
