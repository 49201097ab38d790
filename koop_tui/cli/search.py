"""`koop search TEXT`: find partners, contacts and records by their names, emails, notes and skills."""

from __future__ import annotations

from koop_tui.cli import common
from koop_tui.errors import UsageError
from koop_tui.i18n import _
from koop_tui.text import some
from koop_tui.words import field_word, plural


def configure(parser) -> None:
    parser.add_argument("text", nargs="+", metavar="TEXT", help=_("words to find (every word must occur; the last "
                                                                  "may be the start of a word); case and accents do "
                                                                  "not matter, umlauts and ß may be written out "
                                                                  "(mueller, strasse)"))
    parser.add_argument("--json", action="store_true", help=_("print the results as JSON"))
    parser.add_argument("--limit", type=int, default=20, metavar="N", help=_("show at most N results (default 20)"))


def run(args) -> int:
    from koop_tui import index

    if args.limit < 1:
        raise UsageError(_("--limit must be 1 or more"))
    text = " ".join(args.text).strip()
    if not text:
        raise UsageError(_("give something to look for, e.g. koop search weber"))
    hits = index.search(common.workspace_root(args), text, args.limit)
    unread = hits.unread
    if args.json:
        common.write_json([{"partner": h.slug, "partner_name": h.name, "record": h.record or None,
                            "field": h.field, "snippet": h.snippet, "text": h.text,
                            "marks": [list(m) for m in h.marks]} for h in hits])
    elif not hits:
        common.say(common.printable(_("Nothing matches '{text}'.").format(text=text)))
    else:
        for hit in hits:
            where = f"{hit.slug}/{hit.record}" if hit.record else hit.slug
            common.say(common.printable(f"{hit.name} ({where}) {field_word(hit.field)}: {hit.snippet}"), wrap=True)
    if unread:  # "nothing matches" is not known for them
        common.say(plural(len(unread), "koop: warning: {n} partner file could not be read and was not searched "
                                       "({files}); run `koop check`",
                          "koop: warning: {n} partner files could not be read and were not searched ({files}); "
                          "run `koop check`", files=some(unread, 3)), err=True, wrap=True)
    return 0
