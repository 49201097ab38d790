"""CSV contact exports: Google (both layouts), Outlook (English and German) and koop's plain layout.

The layout is recognised from the header row; the delimiter (`,` `;` or tab) from the header line.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass

from koop_tui.errors import KoopError
from koop_tui.i18n import N_, Said, _
from koop_tui.importers.records import ImportRecord

PLAIN_COLUMNS = ("partner", "name", "role", "email", "phone", "birthday", "tags", "note", "website")
_NO_DATE = frozenset(("0/0/00", "0/0/0000", "0.0.00", "0.0.0000", "00.00.0000"))
_NUMBERED = re.compile(r"^(E-mail|Phone|Website) (\d+) - Value$")


@dataclass(frozen=True)
class Layout:
    """Which columns hold what; the first non-empty column of each tuple wins."""

    name: str
    full_name: tuple[str, ...] = ()
    name_parts: tuple[str, ...] = ()
    org: tuple[str, ...] = ()
    role: tuple[str, ...] = ()
    emails: tuple[str, ...] = ()
    phones: tuple[str, ...] = ()
    birthday: tuple[str, ...] = ()
    note: tuple[str, ...] = ()
    website: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()


GOOGLE = Layout(
    N_("Google CSV"), full_name=("Name",), name_parts=("Given Name", "Additional Name", "Family Name"),
    org=("Organization 1 - Name",), role=("Organization 1 - Title",), birthday=("Birthday",), note=("Notes",),
)
GOOGLE_NEW = Layout(
    N_("Google CSV"), name_parts=("First Name", "Middle Name", "Last Name"), org=("Organization Name",),
    role=("Organization Title",), birthday=("Birthday",), note=("Notes",),
)
OUTLOOK = Layout(
    N_("Outlook CSV"), name_parts=("First Name", "Middle Name", "Last Name"), org=("Company",), role=("Job Title",),
    emails=("E-mail Address", "E-mail 2 Address", "E-mail 3 Address"),
    phones=("Business Phone", "Mobile Phone", "Primary Phone", "Company Main Telephone", "Business Phone 2",
            "Home Phone", "Other Phone"),
    birthday=("Birthday",), note=("Notes",), website=("Web Page",),
)
OUTLOOK_DE = Layout(
    N_("Outlook CSV (deutsch)"), name_parts=("Vorname", "Weitere Vornamen", "Nachname"), org=("Firma",),
    role=("Position",), emails=("E-Mail-Adresse", "E-Mail 2: Adresse", "E-Mail 3: Adresse"),
    phones=("Telefon geschäftlich", "Mobiltelefon", "Haupttelefon", "Telefon Firma", "Telefon (privat)"),
    birthday=("Geburtstag",), note=("Notizen",), website=("Webseite",),
)
PLAIN = Layout(
    N_("plain CSV"), full_name=("name",), org=("partner",), role=("role",), emails=("email",), phones=("phone",),
    birthday=("birthday",), note=("note",), website=("website",), tags=("tags",),
)


def detect_layout(header: list[str]) -> Layout:
    """Recognise the export by its column names; raise KoopError naming the layouts understood."""
    names = set(header)
    lower = {h.lower() for h in header}
    if {"partner", "name"} <= lower:
        return PLAIN
    if "Given Name" in names or "Organization 1 - Name" in names:
        return _with_numbered(GOOGLE, header)
    if "Organization Name" in names and "First Name" in names:
        return _with_numbered(GOOGLE_NEW, header)
    if "First Name" in names and ("Company" in names or "E-mail Address" in names):
        return OUTLOOK
    if "Vorname" in names and "Nachname" in names:
        return OUTLOOK_DE
    raise KoopError(
        _("unrecognised CSV header: {columns}").format(
            columns=", ".join(header[:6]) + ("…" if len(header) > 6 else "")),
        _("expected a Google or Outlook contacts export, or the plain layout "
          "partner,name,role,email,phone,birthday,tags,note (see docs/import.md)"),
    )


def _with_numbered(layout: Layout, header: list[str]) -> Layout:
    """Google numbers its repeated columns (E-mail 1 - Value, Phone 2 - Value, ...): take them in order."""
    found: dict[str, list[tuple[int, str]]] = {"E-mail": [], "Phone": [], "Website": []}
    for column in header:
        if m := _NUMBERED.match(column):
            found[m[1]].append((int(m[2]), column))
    ordered = {key: tuple(c for _, c in sorted(cols)) for key, cols in found.items()}
    return Layout(**{**layout.__dict__, "emails": ordered["E-mail"], "phones": ordered["Phone"],
                     "website": ordered["Website"]})


def sniff_delimiter(first_line: str) -> str:
    """The most frequent of `,` `;` tab outside quotes in the header line (Excel in Europe writes `;`)."""
    counts = {",": 0, ";": 0, "\t": 0}
    quoted = False
    for ch in first_line:
        if ch == '"':
            quoted = not quoted
        elif not quoted and ch in counts:
            counts[ch] += 1
    return max(counts, key=lambda d: (counts[d], d == ","))


def parse_csv(text: str) -> tuple[Layout, list[ImportRecord]]:
    """The layout found and one record per data row (rows numbered as in a spreadsheet, header = 1)."""
    first_line = text.split("\n", 1)[0]
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=sniff_delimiter(first_line))
    header = [h.strip() for h in next(reader, [])]
    if not any(header):
        raise KoopError(_("the CSV file is empty"), _("expected a header row and one contact per row"))
    layout = detect_layout(header)
    if layout is PLAIN:
        header = [h.lower() for h in header]
    index = {h: i for i, h in reversed(list(enumerate(header)))}
    records = []
    for number, row in enumerate(reader, 2):
        if not any(cell.strip() for cell in row):
            continue
        records.append(_record(layout, index, row, number))
    return layout, records


def _record(layout: Layout, index: dict[str, int], row: list[str], number: int) -> ImportRecord:
    def cells(columns: tuple[str, ...]) -> list[str]:
        out = []
        for column in columns:
            i = index.get(column)
            if i is not None and i < len(row) and row[i].strip():
                out.append(row[i].strip())
        return out

    def first(columns: tuple[str, ...]) -> str:
        found = cells(columns)
        return found[0] if found else ""

    rec = ImportRecord(where=Said(N_("row {n}"), n=number))
    name = first(layout.full_name) or " ".join(cells(layout.name_parts))
    rec.name = " ".join(name.split())
    rec.org = first(layout.org)
    rec.role = first(layout.role)
    rec.emails = [e.strip() for cell in cells(layout.emails) for e in cell.split(":::") if e.strip()]
    rec.phone = first(tuple(c for c in layout.phones if not _is_fax(row, index, c)))
    rec.note = first(layout.note).replace("\r\n", "\n")
    rec.website = first(layout.website).split(":::")[0].strip()
    rec.tags = [t.lower() for t in re.split(r"[,;|\s]+", first(layout.tags)) if t]
    birthday = first(layout.birthday)
    if birthday not in _NO_DATE:
        rec.set_birthday(birthday)
    return rec


def _is_fax(row: list[str], index: dict[str, int], column: str) -> bool:
    """Google labels each numbered phone: `Phone 1 - Type` (older) or `Phone 1 - Label` (newer)."""
    for suffix in (" - Type", " - Label"):
        i = index.get(column.replace(" - Value", suffix))
        if i is not None and i < len(row) and "fax" in row[i].lower():
            return True
    return False
