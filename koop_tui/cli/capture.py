"""`koop capture`: touchpoints from the user's own mail and calendars, and the review queue of what was unsure."""

from __future__ import annotations

import sys

from koop_tui.cli.common import printable, say, today
from koop_tui import i18n
from koop_tui.errors import UsageError
from koop_tui.i18n import N_, _, translated
from koop_tui.model import kind_shown
from koop_tui.words import plural

HELP = N_("""\
Sources live in the user's config.toml (never the workspace), e.g.

  [capture]
  # your own addresses
  me = ["anna@example.com"]
  # log sure touchpoints directly (false: review everything)
  auto = true
  # skip mails and events with more people
  max_people = 10
  # keep the subject as the touchpoint's note
  subject = false
  skip = ["newsletter@", "example.org"]

  [[capture.sources]]
  name = "work"
  # maildir | mbox | imap | ics | caldav
  type = "imap"
  host = "imap.example.com"
  user = "anna@example.com"
  # never a password in a file; or the system keyring:
  # keyring = "imap.example.com" (pip install 'koop-tui[keyring]')
  password_cmd = "pass show mail"
  folders = ["INBOX", "Sent"]

  [[capture.sources]]
  type = "caldav"
  url = "https://dav.example.com/anna/calendar/"
  user = "anna"
  password_cmd = "pass show dav"

A mail thread with a contact on one day is one `mail` touchpoint, a past meeting one `meeting`; both record
their `source`, so capturing twice logs nothing twice. Unknown people at a partner's domains and mails with
several partners wait for review: --review lists them, --accept/--reject/--assign decide.
""")


def configure(parser) -> None:
    parser.epilog = translated(HELP)
    one = parser.add_mutually_exclusive_group()
    one.add_argument("--maildir", metavar="DIR", help=_("read this Maildir (or tree of Maildir folders) only"))
    one.add_argument("--mbox", metavar="FILE", help=_("read this mbox file only"))
    one.add_argument("--ics", metavar="FILE|URL", help=_("read this calendar file or URL only"))
    one.add_argument("--review", action="store_true", help=_("list the review queue, numbered; read nothing"))
    one.add_argument("--accept", nargs="+", metavar="N", help=_("log queued proposals N... (or all)"))
    one.add_argument("--reject", nargs="+", metavar="N", help=_("drop queued proposals N... (or all) for good"))
    one.add_argument("--assign", nargs=2, metavar=("N", "PARTNER/CONTACT"),
                     help=_("log proposal N for this contact, who takes its unknown address"))
    parser.add_argument("-n", "--dry-run", action="store_true",
                        help=_("say what would be captured, change nothing"))
    parser.add_argument("-q", "--quiet", action="store_true", help=_("print only the summary"))


def _progress():
    if not sys.stderr.isatty():
        return None

    def show(what: str, done: int, total: int) -> None:
        percent = done * 100 // max(total, 1)
        bar = "#" * (percent * 30 // 100) + "." * (30 - percent * 30 // 100)
        sys.stderr.write(f"\r{printable(what)[:24]:<24} [{bar}] {percent:3d}% {done}/{total}\x1b[K")
        if done >= total:
            sys.stderr.write("\n")
        sys.stderr.flush()

    return show


def _one_off(args):
    from koop_tui.capture.config import Source

    for kind in ("maildir", "mbox", "ics"):
        where = getattr(args, kind)
        if where:
            return Source(name=f"{kind}:{where}", type=kind, where=where)
    return None


def _line(store, slug: str, touch, verb: str) -> str:
    partner = store.workspace.partners.get(slug)
    names = [c.name for cid in touch.contacts if partner and (c := partner.contact(cid))]
    who = f"{', '.join(names)} ({partner.name})" if partner and names else (partner.name if partner else slug)
    return verb + "  " + _("{date}  {kind} with {who}  [{source}]").format(
        date=i18n.day(touch.date), kind=kind_shown(touch.kind, store.settings.kinds), who=who, source=touch.source)


def review_lines(queue) -> list[str]:
    lines = []
    for n, p in enumerate(queue, 1):
        people = ", ".join(f"{name} <{address}>" if name else address for address, name in p.new_people)
        what = _("new contact at {partner}: {people}?").format(partner=p.partner, people=people) if p.new_contact \
            else p.why
        lines.append(f"{n:3d}  " + _("{date}  {kind} with {partner}: {what}").format(
            date=i18n.day(p.day), kind=kind_shown(p.kind), partner=p.partner, what=what)
                     + (f"  \"{p.subject}\"" if p.subject else ""))
    return lines


def _picked(queue, words: list[str]) -> list[str]:
    if words == ["all"]:
        return [p.key for p in queue]
    if not queue:
        raise UsageError(_("the review queue is empty"), _("koop capture reads your sources and fills it"))
    keys = []
    for word in words:
        if not word.isdigit() or not 1 <= int(word) <= len(queue):
            raise UsageError(_("no proposal {word} in the review queue (1-{last})").format(word=repr(word),
                                                                                          last=len(queue)),
                             _("koop capture --review lists them"))
        keys.append(queue[int(word) - 1].key)
    return keys


def run(args) -> int:
    from koop_tui.capture.run import summary
    from koop_tui.capture.session import Session
    from koop_tui.cli.targets import open_store
    from koop_tui.identity import me

    store = open_store(args)
    session = Session(store, today(args), me(store.root, store.settings.owners) or store.settings.default_owner)
    if args.review or args.accept or args.reject or args.assign:
        try:
            return _review(args, session)
        finally:
            _warn(session)
    sources = session.sources(_one_off(args))
    try:
        outcome = session.run(sources, dry_run=args.dry_run, progress=_progress())
    finally:
        _warn(session)
    if not args.quiet:
        for slug, touch in outcome.captured:
            say(_line(store, slug, touch, _("would log") if args.dry_run else _("captured")))
    for error in outcome.errors:
        say(_("koop: capture: {error}").format(error=error), err=True)
    for line in summary(outcome):
        say(line)
    if args.dry_run:
        say(_("dry run: nothing written"))
    return 1 if outcome.errors else 0


def _warn(session) -> None:
    for note in session.notes:
        say(_("koop: warning: {warning}").format(warning=note), err=True)
    session.notes = []


def _review(args, session) -> int:
    store = session.store
    queue = session.queue()
    if args.review:
        for line in review_lines(queue) or [_("the review queue is empty")]:
            say(line)
        return 0
    if args.dry_run:
        raise UsageError(_("--dry-run reads sources; review decisions are not tried out"))
    if args.reject:
        say(plural(session.reject(_picked(queue, args.reject)), "{n} rejected; it will not be proposed again",
                   "{n} rejected; they will not be proposed again"))
    elif args.accept:
        for slug, touch in session.accept(_picked(queue, args.accept)):
            say(_line(store, slug, touch, _("logged")))
    else:
        slug, touch = session.assign(_picked(queue, [args.assign[0]])[0], args.assign[1])
        if touch is not None:
            say(_line(store, slug, touch, _("logged")))
    return 0
