"""vCard 2.1/3.0/4.0 in, vCard 4.0 out.

A small own parser rather than vobject: vobject 0.9.9 rejects quoted-printable soft line breaks (common in
phone exports) and needs ~6.5 s for 10,000 cards; see docs/import.md.
"""

from __future__ import annotations

import quopri
import re
import uuid
from collections.abc import Iterator

from koop_tui.i18n import N_, Said
from koop_tui.importers.records import ImportRecord
from koop_tui.model import Contact, Partner, Workspace
from koop_tui.slugs import split_titles

_NEWLINE = re.compile(r"\r\n|\r|\n")
_BEGIN = re.compile(r"^[ \t]*BEGIN:VCARD[ \t]*$", re.I | re.M)
_QP = re.compile("quoted-printable", re.I)
_PROP = re.compile(
    r"^[ \t]*(?:[\w-]+\.)?(FN|N|ORG|TITLE|ROLE|EMAIL|TEL|BDAY|NOTE|URL|KIND|X-ABSHOWAS|X-KOOP-ID)([;:].*)$",
    re.I | re.M,
)
_ESCAPE = re.compile(r"\\(.)", re.S)
UID_NAMESPACE = uuid.UUID("6f1b0c3e-58a1-4c55-9d7e-2f0a4b8c9d10")


def _logical_lines(text: str) -> Iterator[tuple[int, str]]:
    """Unfold continuation lines (leading space/tab) and quoted-printable soft breaks (trailing `=`)."""
    current: str | None = None
    start = 0
    for number, line in enumerate(_NEWLINE.split(text), 1):
        if current is not None:
            if line[:1] in (" ", "\t"):
                current += line[1:]
                continue
            if current.endswith("=") and "QUOTED-PRINTABLE" in current.partition(":")[0].upper():
                current = current[:-1] + line
                continue
            yield start, current
        current, start = line, number
    if current is not None:
        yield start, current


def _split_head(line: str) -> tuple[list[str], str] | None:
    """The `;`-separated parts before the first colon outside double quotes, and the value after it."""
    colon = line.find(":")
    if colon < 0:
        return None
    if '"' not in line[:colon]:
        return line[:colon].split(";"), line[colon + 1:]
    parts, buf, quoted = [], [], False
    for i, ch in enumerate(line):
        if ch == '"':
            quoted = not quoted
        elif ch == ";" and not quoted:
            parts.append("".join(buf))
            buf = []
            continue
        elif ch == ":" and not quoted:
            parts.append("".join(buf))
            return parts, line[i + 1:]
        buf.append(ch)
    return None


def _params(parts: list[str]) -> dict[str, list[str]]:
    params: dict[str, list[str]] = {}
    for part in parts:
        key, eq, value = part.partition("=")
        if not eq:  # vCard 2.1: TEL;CELL;PREF:...
            key, value = "TYPE", key
        values = [v.strip().strip('"').lower() for v in value.split(",")]
        params.setdefault(key.strip().upper(), []).extend(values)
    return params


def unescape(value: str) -> str:
    if "\\" not in value:
        return value
    return _ESCAPE.sub(lambda m: "\n" if m[1] in "nN" else m[1], value)


def split_components(value: str) -> list[str]:
    """Split a structured value (N, ORG) on unescaped semicolons and unescape each part."""
    if "\\" not in value:
        return value.split(";")
    parts, buf, i = [], [], 0
    while i < len(value):
        ch = value[i]
        if ch == "\\" and i + 1 < len(value):
            buf.append(value[i:i + 2])
            i += 2
            continue
        if ch == ";":
            parts.append("".join(buf))
            buf = []
        else:
            buf.append(ch)
        i += 1
    parts.append("".join(buf))
    return [unescape(p) for p in parts]


def _decode(value: str, params: dict[str, list[str]]) -> str | None:
    """Undo quoted-printable; None for binary (base64) values such as photos."""
    encoding = params.get("ENCODING", [""])[0]
    if encoding in ("b", "base64"):
        return None
    if encoding != "quoted-printable":
        return value
    charset = params.get("CHARSET", ["utf-8"])[0] or "utf-8"
    try:
        raw = quopri.decodestring(value.encode(charset, errors="replace"))
        return raw.decode(charset, errors="replace")
    except LookupError:
        raw = quopri.decodestring(value.encode("utf-8", errors="replace"))
        return raw.decode("utf-8", errors="replace")


def _rank(params: dict[str, list[str]], favoured: tuple[str, ...]) -> int:
    types = params.get("TYPE", [])
    score = 4 if "pref" in types or "PREF" in params else 0
    return score + sum(1 for t in types if t in favoured)


class _Card:
    """The wanted properties of one vCard while it is being read."""

    def __init__(self, line: int) -> None:
        self.line = line
        self.props: list[tuple[str, dict[str, list[str]], str]] = []

    def record(self) -> ImportRecord:
        rec = ImportRecord(where=Said(N_("line {n}"), n=self.line))
        fn, n_parts, emails, phones, notes, urls = "", [], [], [], [], []
        for name, params, raw in self.props:
            value = _decode(raw, params)
            if value is None:
                continue
            if name == "FN":
                fn = unescape(value).strip()
            elif name == "N":
                n_parts = [p.strip() for p in split_components(value)]
            elif name == "ORG":
                rec.org = split_components(value)[0].strip()
            elif name == "TITLE" or (name == "ROLE" and not rec.role):
                rec.role = unescape(value).strip()
            elif name == "EMAIL" and value.strip():
                emails.append((-_rank(params, ("work",)), len(emails), unescape(value).strip()))
            elif name == "TEL" and value.strip() and "fax" not in params.get("TYPE", []):
                phone = unescape(value).strip().removeprefix("tel:")
                phones.append((-_rank(params, ("cell", "mobile", "work")), len(phones), phone))
            elif name == "BDAY":
                rec.set_birthday(unescape(value), params.get("X-APPLE-OMIT-YEAR", [""])[0])
            elif name == "NOTE" and value.strip():
                notes.append(unescape(value).strip())
            elif name == "URL" and value.strip():
                urls.append((-_rank(params, ()), len(urls), unescape(value).strip()))
            elif name in ("KIND", "X-ABSHOWAS") and value.strip().lower() in ("org", "company"):
                rec.is_org = True
            elif name == "X-KOOP-ID" and "/" in value:
                slug, _, cid = value.strip().partition("/")
                rec.koop_id = (slug, cid)
        self._names(rec, fn, n_parts)
        rec.emails = [e for _, _, e in sorted(emails)]
        rec.phone = min(phones)[2] if phones else ""
        rec.website = min(urls)[2] if urls else ""
        rec.note = "\n".join(notes)
        return rec

    @staticmethod
    def _names(rec: ImportRecord, fn: str, n_parts: list[str]) -> None:
        """FN, else the parts of N; a company card (KIND:org, Apple's ShowAs COMPANY) names no person."""
        family, given, additional = (n_parts + ["", "", ""])[:3]
        name = fn or " ".join(p for p in (given, additional, family) if p)
        if not rec.is_org and rec.org and not any(n_parts) and name.casefold() == rec.org.casefold():
            rec.is_org = True
        if rec.is_org:
            rec.org = rec.org or name
            name = ""
        rec.name = " ".join(name.split())


def parse_vcards(text: str) -> list[ImportRecord]:
    """Every vCard in the text, in file order; unknown properties and broken lines are ignored.

    Works on the whole text with regular expressions (newlines normalised, folds removed in one pass, wanted
    properties found by one pattern): a line-by-line loop in Python was the bottleneck for 10,000 cards.
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    lines, prev = [], 0
    for m in _BEGIN.finditer(text):
        lines.append((lines[-1] if lines else 1) + text.count("\n", prev, m.start()))
        prev = m.start()
    if _QP.search(text):
        text = "\n".join(line for _, line in _logical_lines(text))
    else:
        text = text.replace("\n ", "").replace("\n\t", "")
    starts = [m.start() for m in _BEGIN.finditer(text)]
    cards = [_Card(line) for line in lines[: len(starts)]]
    index = -1
    for m in _PROP.finditer(text):
        while index + 1 < len(starts) and starts[index + 1] < m.start():
            index += 1
        if index < 0:
            continue
        name, rest = m[1].upper(), m[2]
        if rest[0] == ":":
            cards[index].props.append((name, {}, rest[1:]))
            continue
        head = _split_head(rest[1:])
        if head is not None:
            cards[index].props.append((name, _params(head[0]), head[1]))
    return [card.record() for card in cards]


def escape(value: str) -> str:
    return (
        value.replace("\\", "\\\\").replace("\r\n", "\n").replace("\n", "\\n")
        .replace(",", "\\,").replace(";", "\\;")
    )


def fold(line: str) -> str:
    """Fold a content line at 75 octets without splitting a UTF-8 character; CRLF-terminated."""
    data = line.encode("utf-8")
    if len(data) <= 75:
        return line + "\r\n"
    chunks, current, size, limit = [], [], 0, 75
    for ch in line:
        width = len(ch.encode("utf-8"))
        if size + width > limit:
            chunks.append("".join(current))
            current, size, limit = [], 0, 74
        current.append(ch)
        size += width
    chunks.append("".join(current))
    return "\r\n ".join(chunks) + "\r\n"


def _name_parts(name: str) -> str:
    """N from a display name: leading titles ending in '.' are the prefix, the last word the family name."""
    prefix, words = split_titles(name)
    family = words.pop() if len(words) > 1 else ""
    return ";".join(escape(p) for p in (family, " ".join(words), "", " ".join(prefix), ""))


def _card(uid_key: str, lines: list[tuple[str, str]]) -> str:
    uid = uuid.uuid5(UID_NAMESPACE, uid_key)
    head = [("VERSION", "4.0"), ("PRODID", "-//koop//koop//EN"), ("UID", f"urn:uuid:{uid}")]
    body = "".join(fold(f"{k}:{v}") for k, v in head + lines if v)
    return "BEGIN:VCARD\r\n" + body + "END:VCARD\r\n"


def _contact_card(partner: Partner, contact: Contact) -> str:
    bday = contact.birthday
    bday_text = ""
    if bday is not None:
        bday_text = f"--{bday.month:02d}{bday.day:02d}" if bday.year is None else f"{bday.year:04d}{bday.month:02d}{bday.day:02d}"
    return _card(f"{partner.slug}/{contact.id}", [
        ("FN", escape(contact.name)),
        ("N", _name_parts(contact.name)),
        ("ORG", escape(partner.name)),
        ("TITLE", escape(contact.role)),
        ("EMAIL", escape(contact.email)),
        ("TEL", escape(contact.phone)),
        ("BDAY", bday_text),
        ("NOTE", escape(contact.note)),
        ("URL", escape(partner.website)),
        ("X-KOOP-ID", f"{partner.slug}/{contact.id}"),
    ])


def _org_card(partner: Partner) -> str:
    return _card(partner.slug, [
        ("KIND", "org"),
        ("FN", escape(partner.name)),
        ("ORG", escape(partner.name)),
        ("NOTE", escape(partner.note)),
        ("URL", escape(partner.website)),
        ("X-KOOP-ID", f"{partner.slug}/"),
    ])


def dumps_vcards(workspace: Workspace) -> str:
    """vCard 4.0 of every contact (ORG = partner); partners without contacts as KIND:org cards.

    Sorted by partner slug and contact id, no timestamps: the same workspace gives the same bytes.
    """
    cards = []
    for slug in sorted(workspace.partners):
        partner = workspace.partners[slug]
        if not partner.contacts:
            cards.append(_org_card(partner))
        for contact in sorted(partner.contacts, key=lambda c: c.id):
            cards.append(_contact_card(partner, contact))
    return "".join(cards)
