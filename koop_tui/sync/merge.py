"""Three-way merge of koop files by record id, field by field; both sides' records survive.

Rules (docs/sync.md): a value changed on one side wins; changed on both sides differently keeps ours in place
and adds a `[[conflicts]]` record holding ours, theirs and base; a record deleted on one side and edited on the
other is kept; lists of plain values (tags, skills, contacts of a touchpoint) merge additions and removals.
"""

from __future__ import annotations

import hashlib
import re
import tomllib
from dataclasses import dataclass, field
from typing import Any

from koop_tui.canonical import canonical_partner_dict, canonical_text, dumps
from koop_tui.i18n import _, pgettext
from koop_tui.sync.blocks import BlockParser


class _Missing:
    """A key or record absent on one side (distinct from every TOML value)."""

    def __repr__(self) -> str:
        return "MISSING"


MISSING: Any = _Missing()
# Record lists whose records are identified by another key than `id`.
RECORD_KEYS = {"references": "by"}
# Where a partner file refers to contact ids (a referenced contact is never dropped by a merge).
CONTACT_REFS = (("touchpoints", "contacts"), ("followups", "contact"), ("projects", "contacts"), ("contacts", "successor"))


class MergeInputError(ValueError):
    """One of the three versions cannot be merged by record (not TOML, conflict markers, clashing ids)."""


@dataclass
class MergeOutcome:
    """The merged text and what the merge had to record or decide."""

    text: str
    conflicts: list[dict[str, Any]] = field(default_factory=list)
    kept: list[str] = field(default_factory=list)  # records deleted on one side but edited on the other
    data: dict[str, Any] | None = field(default=None, repr=False)  # the merged data (conflicts included)
    ours: dict[str, Any] | None = field(default=None, repr=False)  # ours, parsed
    unmerged: bool = False  # not mergeable by record: `text` holds git's conflict markers, the path stays unmerged

    @property
    def fields(self) -> list[str]:
        return [c["field"] for c in self.conflicts]


def same(a: Any, b: Any) -> bool:
    """Equality that also compares types (so `1`, `1.0` and `true` differ, as they do in TOML)."""
    if a is b:
        return True
    if type(a) is not type(b):
        return False
    if isinstance(a, dict):
        return a.keys() == b.keys() and all(same(a[k], b[k]) for k in a)
    if isinstance(a, list):
        return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b))
    return a == b


def prune(value: Any) -> Any:
    """Drop empty values ("", [], {}) from tables: the canonical form treats them as absent."""
    if isinstance(value, dict):
        out = {}
        for key, sub in value.items():
            sub = prune(sub)
            if sub is not None and sub != "" and sub != [] and sub != {}:
                out[key] = sub
        return out
    if isinstance(value, list):
        return [prune(v) for v in value]
    return value


def _is_records(value: Any) -> bool:
    return value is MISSING or (isinstance(value, list) and all(isinstance(v, dict) for v in value))


def _is_values(value: Any) -> bool:
    return value is MISSING or (isinstance(value, list) and not any(isinstance(v, (dict, list)) for v in value))


class _Merger:
    """One merge: walks the three documents and collects conflicts, kept and dropped records."""

    def __init__(self) -> None:
        self.conflicts: list[dict[str, Any]] = []
        self.kept: list[str] = []

    def value(self, path: tuple[str, ...], b: Any, o: Any, t: Any) -> Any:
        if same(o, t):
            return o
        if same(o, b):
            return t
        if same(t, b):
            return o
        if isinstance(o, dict) and isinstance(t, dict) and (b is MISSING or isinstance(b, dict)):
            return self.table(path, {} if b is MISSING else b, o, t)
        if isinstance(b, dict) and (o is MISSING or t is MISSING) and isinstance(o if t is MISSING else t, dict):
            self.kept.append(".".join(path))  # a table deleted on one side, edited on the other: keep it
            return o if t is MISSING else t
        if _is_records(o) and _is_records(t) and _is_records(b):
            return self.records(path, b, o, t)
        if _is_values(o) and _is_values(t) and _is_values(b) and (isinstance(o, list) or isinstance(t, list)):
            merged = _merge_values(*([] if x is MISSING else x for x in (b, o, t)))
            return merged or MISSING
        self.conflict(path, b, o, t)
        return o

    def table(self, path: tuple[str, ...], b: dict, o: dict, t: dict) -> dict:
        out = {}
        for key in [*o, *(k for k in t if k not in o)]:
            merged = self.value((*path, key), b.get(key, MISSING), o.get(key, MISSING), t.get(key, MISSING))
            if merged is not MISSING:
                out[key] = merged
        return out

    def records(self, path: tuple[str, ...], b: Any, o: Any, t: Any) -> list[dict]:
        idkey = RECORD_KEYS.get(path[-1] if path else "", "id")
        bs, os_, ts = (_by_key(path, idkey, side) for side in (b, o, t))
        # the same mail or meeting captured on both sides (koop capture) is one touchpoint: ours
        captured = {r.get("source") for r in os_.values() if r.get("source")} if path == ("touchpoints",) else ()
        out = []
        for key in [*os_, *(k for k in ts if k not in os_)]:
            bo, oo, to = bs.get(key, MISSING), os_.get(key, MISSING), ts.get(key, MISSING)
            if oo is not MISSING and to is not MISSING:
                out.append(self.value((*path, key), bo, oo, to))
                continue
            here = oo if oo is not MISSING else to
            if bo is MISSING:
                if oo is MISSING and here.get("source") in captured:
                    continue
                out.append(here)  # added on one side
            elif not same(here, bo):
                self.kept.append(".".join((*path, key)))  # deleted there, edited here: never lose the edit
                out.append(here)
        return out

    def conflict(self, path: tuple[str, ...], b: Any, o: Any, t: Any) -> None:
        record = {"field": ".".join(path), "ours": o, "theirs": t, "base": b}
        record = {k: v for k, v in record.items() if v is not MISSING}
        self.conflicts.append(record)


def _by_key(path: tuple[str, ...], idkey: str, side: Any) -> dict[str, dict]:
    out: dict[str, dict] = {}
    for record in [] if side is MISSING else side:
        key = record.get(idkey)
        key = str(key) if isinstance(key, (str, int)) and key != "" else dumps(record)
        if key in out and not same(out[key], record):
            raise MergeInputError(_("{table}: two different records with {key} {value}").format(
                table=".".join(path), key=idkey, value=repr(key)))
        out[key] = record
    return out


def _merge_values(b: list, o: list, t: list) -> list:
    """Keep both sides' additions and both sides' removals; order: ours, then theirs' additions."""
    out: list = []
    for x in o:
        if not (x in b and x not in t) and x not in out:
            out.append(x)
    for x in t:
        if x not in o and x not in b and x not in out:
            out.append(x)
    return out


def merge_docs(base: dict, ours: dict, theirs: dict, partner: bool = True) -> tuple[dict, _Merger]:
    """Merge three parsed documents; new conflict records are appended to `conflicts` of the result."""
    return _merge_pruned(prune(base), prune(ours), prune(theirs), partner)


def _merge_pruned(base: dict, ours: dict, theirs: dict, partner: bool) -> tuple[dict, _Merger]:
    """The merge proper; never changes its inputs (their parts may be shared between versions)."""
    m = _Merger()
    merged = m.value((), base, ours, theirs)
    if not isinstance(merged, dict):
        raise MergeInputError(_("a version is not a TOML table"))
    if partner:
        _restore_referenced_contacts(merged, (theirs, ours, base), m)
    if m.conflicts:
        merged = dict(merged)
        taken = {str(c.get("id")) for c in merged.get("conflicts", [])}
        for record in m.conflicts:
            record["id"] = _conflict_id(record, taken)
        merged["conflicts"] = [*merged.get("conflicts", []), *m.conflicts]
    return merged, m


def _conflict_id(record: dict, taken: set[str]) -> str:
    """A stable id from the conflict itself, so the same merge made twice gives the same file."""
    digest = hashlib.sha256(repr(sorted(record.items())).encode()).hexdigest()
    for size in range(8, len(digest)):
        cid = "c" + digest[:size - 1]
        if cid not in taken:
            taken.add(cid)
            return cid
    raise AssertionError("no free conflict id")


def _restore_referenced_contacts(merged: dict, sides: tuple[dict, ...], m: _Merger) -> None:
    """A contact deleted on one side stays when the merged file still refers to it (no dangling ids)."""
    present = {c.get("id") for c in merged.get("contacts", []) if isinstance(c, dict)}
    for table, key in CONTACT_REFS:
        for record in merged.get(table, []):
            refs = record.get(key, []) if isinstance(record, dict) else []
            for ref in refs if isinstance(refs, list) else [refs]:
                if ref in present:
                    continue
                for side in sides:
                    found = [c for c in side.get("contacts", []) if isinstance(c, dict) and c.get("id") == ref]
                    if found:
                        merged["contacts"] = [*merged.get("contacts", []), found[0]]
                        m.kept.append(f"contacts.{ref}")
                        present.add(ref)
                        break


def parse(text: str, side: str, parser: BlockParser | None = None) -> dict:
    """Parse one version (pruned); conflict markers and syntax errors are MergeInputError naming the side."""
    text = text.removeprefix("\ufeff")
    marker = _MARKER.search(text)
    if marker:
        line = text.count("\n", 0, marker.start()) + 1
        raise MergeInputError(_("{side}: git conflict markers at line {line}").format(side=_side_name(side),
                                                                                    line=line))
    try:
        return (parser or BlockParser(prune)).loads(text)
    except (tomllib.TOMLDecodeError, RecursionError) as exc:
        raise MergeInputError(_("{side}: not valid TOML: {error}").format(
            side=_side_name(side), error=_syntax_error(text, side, exc))) from None


def _syntax_error(text: str, side: str, exc: Exception) -> str:
    """What is wrong with a version of the file, as `koop check` says it in the user's language ("line 3:
    Expected '=' after a key"); the versions koop makes itself (tried and dropped when they do not parse) and
    anything the check does not find say the parser's own words."""
    if side not in ("base", "ours", "theirs"):
        return str(exc)
    from koop_tui.store.parse import read_toml

    problems = read_toml(text.encode("utf-8", "surrogateescape"), side)[2]
    if not problems:
        return str(exc)
    first = problems[0]
    return _("line {line}: {problem}").format(line=first.line, problem=first.message) if first.line \
        else first.message


def _side_name(side: str) -> str:
    """A version of the file as a message names it ("ours"); the versions koop makes itself as given."""
    names = {"base": pgettext("version in a merge", "base"), "ours": pgettext("version in a merge", "ours"),
             "theirs": pgettext("version in a merge", "theirs")}
    return names.get(side, side)


_MARKER = re.compile(r"^(?:<<<<<<<|>>>>>>>)(?: |$)", re.M)


def merge_texts(base: str, ours: str, theirs: str, partner: bool = True) -> MergeOutcome:
    """Merge three versions of a partner file (or koop.toml with `partner=False`) into valid TOML text.

    When the merge equals one side, that side's text is returned unchanged (keeping its comments);
    otherwise the result is written in the canonical form and verified by reading it back (the merge driver
    then prefers git's clean line merge when that means the same: see same_meaning).
    """
    merge = _Merge([base, ours, theirs], partner)
    merge.outcome.text = merge.text()
    return merge.outcome


class _Merge:
    """One merge of three texts, with what its steps share: the block parser, the three parsed versions,
    and the canonical text of each record (the versions share most record dicts). The merged text is made
    when asked for (`text`): the merge driver's way may not need it."""

    def __init__(self, texts: list[str], partner: bool) -> None:
        self.texts, self.partner = texts, partner
        self.parser = BlockParser(prune)
        self.memo: dict = {}
        self.docs = [parse(text, side, self.parser) for text, side in zip(texts, ("base", "ours", "theirs"))]
        merged, m = _merge_pruned(*self.docs, partner=partner)
        self.outcome = MergeOutcome("", m.conflicts, m.kept, merged, self.docs[1])
        self.side_text: str | None = None  # the text of a side whose data the merge equals
        for text, doc in ((texts[1], self.docs[1]), (texts[2], self.docs[2])):
            if not m.conflicts and same(merged, doc):
                self.side_text = text
                return

    def text(self) -> str:
        """A side's text when the merge equals its data; otherwise the merged data in the canonical form,
        verified by reading it back."""
        if self.side_text is not None:
            return self.side_text
        merged, partner = self.outcome.data, self.partner
        final = canonical_partner_dict(merged) if partner else merged
        text = canonical_text(merged, self.memo) if partner else dumps(final)
        if not same(self.parser.loads(text), prune(final)):
            raise AssertionError("merged text does not read back as the merged data")
        self.side_text = text
        return text

    def canonical(self, n: int) -> bool:
        """Whether version `n` (0 base, 1 ours, 2 theirs) is a partner file in the canonical form."""
        text = self.texts[n]
        if not self.partner or not text or "#" in text or "\r" in text:
            return False
        return canonical_text(self.docs[n], self.memo) == text


def merge_file(base: bytes, ours: bytes, theirs: bytes, path: str, line_merge) -> MergeOutcome:
    """The merge of one koop file as the driver and `koop sync` make it, byte for byte the same.

    A result that equals one side's data, the other side's text unchanged, is that side's text. When the
    three versions are all canonical, it is the canonical form (nothing else to keep). Otherwise it is ours'
    text as written with the merged data and theirs' comments (restyle.py); where that cannot be done,
    `line_merge(base, ours, theirs)` (git's clean line merge, None when it conflicts) when it reads as the
    merged data, else the canonical form.
    """
    texts = []
    for side, data in zip(("base", "ours", "theirs"), (base, ours, theirs)):
        try:
            texts.append(data.decode("utf-8"))
        except UnicodeDecodeError as exc:
            raise MergeInputError(_("{side}: not valid UTF-8 (byte {byte})").format(side=_side_name(side),
                                                                                   byte=exc.start)) from None
    partner = not is_settings_path(path)
    merge = _Merge(texts, partner)
    outcome = merge.outcome
    base_text, ours_text, theirs_text = texts
    took_a_side = (merge.side_text == ours_text and theirs_text == base_text) or \
        (merge.side_text == theirs_text and ours_text == base_text)
    if took_a_side or all(merge.canonical(n) for n in range(3)):
        outcome.text = merge.text()
        return outcome
    styled = _restyled(merge)
    if styled is not None:
        outcome.text = styled
        return outcome
    outcome.text = merge.text()
    lines = line_merge(*texts) if not outcome.conflicts else None
    if lines is not None and same_meaning(outcome.text, lines):
        outcome.text = lines
    return outcome


def _restyled(merge: _Merge) -> str | None:
    """Ours' text as written with the merged data and theirs' comments (restyle.py); None when the edits
    cannot express the merge or the text would not read as exactly the merged data."""
    from koop_tui.sync.restyle import Unsupported, apply_data, carry_comments

    base_text, ours_text, theirs_text = merge.texts
    outcome, partner = merge.outcome, merge.partner
    try:
        orphans: list[str] = []
        text = apply_data(ours_text.removeprefix("\ufeff"), outcome.ours, outcome.data, orphans, partner)
        text = carry_comments(text, base_text, ours_text, theirs_text, orphans)
        doc = parse(text, "merge", merge.parser)
    except (Unsupported, MergeInputError, KeyError, TypeError, ValueError):
        return None
    want = outcome.data
    if partner:
        doc, want = canonical_partner_dict(doc), canonical_partner_dict(want)
    if not same(doc, prune(want)):
        return None
    return ("\ufeff" if ours_text.startswith("\ufeff") else "") + text


def same_meaning(merged: str, candidate: str) -> bool:
    """True when `candidate` (e.g. git's clean line merge, which keeps comments) reads as the same data."""
    try:
        return same(parse(candidate, "line merge"), parse(merged, "merge"))
    except MergeInputError:
        return False


def is_settings_path(path: str) -> bool:
    """koop.toml (workspace settings) is merged like a partner file but without contact rules."""
    return path.replace("\\", "/").rsplit("/", 1)[-1] == "koop.toml" and not path.startswith("partners/")
