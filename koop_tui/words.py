"""Counted words as people write them, in the user's language: "1 item", "2 items", "1 Datei", "3 Dateien"."""

from __future__ import annotations

from koop_tui.i18n import _, ngettext, number, pgettext


def plural(count: int, singular: str, plural: str, **fields: object) -> str:
    """The counted message for `count`: plural(n, "{n} partner", "{n} partners"), the count written as the
    language writes numbers ("1,200"; German "1.200"); `fields` fill the other placeholders. Both forms are
    literals: tools/catalog.py extracts them as one plural message, and the language's own rule picks the form."""
    return ngettext(singular, plural, count).format(n=number(count), **fields)


def status_word(status: str) -> str:
    """A due status as the language says it ("overdue"; German "überfällig"); the files and --json keep the
    English name."""
    words = {"overdue": pgettext("status", "overdue"), "due": pgettext("status", "due"),
             "soon": pgettext("status", "soon"), "ok": pgettext("status", "ok")}
    return words.get(status, status)


def stage_word(stage: str) -> str:
    """A stage as the language says it ("vetting"; German "Prüfung"); files keep the English name, and a name
    koop does not know is shown as written."""
    words = {"imported": pgettext("stage", "imported"), "prospect": pgettext("stage", "prospect"),
             "vetting": pgettext("stage", "vetting"), "active": pgettext("stage", "active"),
             "dormant": pgettext("stage", "dormant"), "ended": pgettext("stage", "ended")}
    return words.get(stage, stage)


def vetting_part(name: str) -> str:
    """A part of the vetting checklist as the language says it ("anchoring"; German "Verankerung"); the file keeps
    the English key."""
    words = {"contribution": _("contribution"), "references": _("references"), "anchoring": _("anchoring")}
    return words.get(name, name)


def vetting_missing(missing: list[str]) -> str:
    """The open parts of a vetting checklist, listed: "contribution, anchoring"."""
    return ", ".join(map(vetting_part, missing))


def field_word(field: str) -> str:
    """Where a search found its words ("touchpoint"; German "Kontaktpunkt"), for `koop search` and the app's
    search; `--json` keeps the English name."""
    words = {"name": _("name"), "skills": _("skills/tags"), "note": _("note"), "website": _("website"),
             "contact": _("contact"), "email": _("email"), "touchpoint": _("touchpoint"), "followup": _("follow-up"),
             "project": _("project"), "agreement": _("agreement")}
    return words.get(field, field)


def name_key(name: str) -> str:
    """Sort key for names as a German or English reader expects: case-insensitive, accented letters with their
    base letters ("Übersetzungsbüro" between "Textwerkstatt" and "Webmanufaktur"), ß as ss."""
    import unicodedata

    decomposed = unicodedata.normalize("NFKD", name.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))
