"""Counted words as people write them, in the user's language: "1 item", "2 items", "1 Datei", "3 Dateien"."""

from __future__ import annotations

from koop_tui import i18n
from koop_tui.i18n import NP_, _, ngettext, number, translated


STATUS_WORDS = {"overdue": NP_("status", "overdue"), "due": NP_("status", "due"), "soon": NP_("status", "soon"),
                "ok": NP_("status", "ok")}
STAGE_WORDS = {"imported": NP_("stage", "imported"), "prospect": NP_("stage", "prospect"),
               "vetting": NP_("stage", "vetting"), "active": NP_("stage", "active"),
               "dormant": NP_("stage", "dormant"), "ended": NP_("stage", "ended")}
DIRECTION_WORDS = {"gave": NP_("direction", "gave"), "received": NP_("direction", "received"),
                   "mutual": NP_("direction", "mutual")}
ANCHORING_WORDS = {"newcomer": NP_("anchoring", "newcomer"), "established": NP_("anchoring", "established"),
                   "leader": NP_("anchoring", "leader")}


def plural(count: int, singular: str, plural: str, **fields: object) -> str:
    """The counted message for `count`: plural(n, "{n} partner", "{n} partners"), the count written as the
    language writes numbers ("1,200"; German "1.200"); `fields` fill the other placeholders. Both forms are
    literals: tools/catalog.py extracts them as one plural message, and the language's own rule picks the form."""
    if fields:
        return ngettext(singular, plural, count).format(n=number(count), **fields)
    said, key = i18n.said(), (singular, plural, count)  # "3 d ago": worded once per count and language
    text = said.get(key)
    if text is None:
        text = said[key] = ngettext(singular, plural, count).format(n=number(count))
    return text


def _said(words: dict[str, str], name: str) -> str:
    """`name` as the language says it, by its marked word in `words`; a name koop does not know as written."""
    marked = words.get(name)
    return name if marked is None else translated(marked)


def status_word(status: str) -> str:
    """A due status as the language says it ("overdue"; German "überfällig"); the files and --json keep the
    English name."""
    return _said(STATUS_WORDS, status)


def stage_word(stage: str) -> str:
    """A stage as the language says it ("vetting"; German "Prüfung"); files keep the English name, and a name
    koop does not know is shown as written."""
    return _said(STAGE_WORDS, stage)


def direction_word(direction: str) -> str:
    """Who gave, as the language says it ("mutual"; German "gegenseitig"); files keep the English name."""
    return _said(DIRECTION_WORDS, direction)


def anchoring_word(anchoring: str) -> str:
    """How anchored in the industry, as the language says it ("established"; German "etabliert"); files keep the
    English name."""
    return _said(ANCHORING_WORDS, anchoring)


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
