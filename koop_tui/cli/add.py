"""`koop add partner|contact|followup|project|agreement`: create records from the command line."""

from __future__ import annotations

from koop_tui.cli import common
from koop_tui.cli.common import say
from koop_tui.cli.handover import warn_new_owner
from koop_tui.cli.targets import day, days, open_store, open_target, who_name, word_list
from koop_tui.dates import BIRTHDAY_FORMS, DATE_HELP, parse_birthday
from koop_tui import i18n
from koop_tui.errors import UsageError
from koop_tui.i18n import _, translated
from koop_tui.model import STAGES, Agreement, Contact, FollowUp, Project
from koop_tui.store.fields import AGREEMENT_WHAT
from koop_tui.words import stage_word


def configure(parser) -> None:
    sub = parser.add_subparsers(dest="what", metavar="WHAT", required=True)
    partner = sub.add_parser("partner", help=_("a new partner file"), description=_("Add a partner."))
    partner.add_argument("name", metavar="NAME", help=_("the partner's name: an organisation or a person"))
    partner.add_argument("--slug", default="", help=_("file name (default: from the name)"))
    partner.add_argument("--stage", choices=STAGES, default="prospect", metavar="STAGE",
                         help=_("{stages} (default: prospect)").format(stages=", ".join(STAGES)))
    partner.add_argument("--tag", action="append", default=[], metavar="T", help=_("repeatable"))
    partner.add_argument("--owner", metavar="O", help=_("who looks after it (default: default_owner of koop.toml)"))
    partner.add_argument("--cadence", metavar="DAYS",
                         help=_("days between contacts (default: from a tag or the stage, see koop.toml)"))
    partner.add_argument("--since", metavar="DATE", help=_("start of the partnership"))
    partner.add_argument("--website", default="", help=_("its website"))
    partner.add_argument("--skill", action="append", default=[], metavar="S", help=_("know-how tag (repeatable)"))
    partner.add_argument("--note", default="", help=_("free text about the partner"))
    contact = sub.add_parser("contact", help=_("a person at a partner"), description=_("Add a contact to a partner."))
    contact.add_argument("partner", metavar="PARTNER", help=_("slug or name prefix"))
    contact.add_argument("name", metavar="NAME", help=_("the person's name"))
    contact.add_argument("--role", default="", help=_("their role, e.g. Managing director"))
    contact.add_argument("--email", default="", help=_("e-mail address"))
    contact.add_argument("--phone", default="", help=_("phone number"))
    contact.add_argument("--note", default="", help=_("free text about the person"))
    contact.add_argument("--birthday", metavar="D", help=translated(BIRTHDAY_FORMS))
    contact.add_argument("--cadence", metavar="DAYS", help=_("days between contacts (default: the partner's)"))
    contact.add_argument("--id", default="", help=_("contact id (default: from the first name)"))
    contact.add_argument("-y", "--yes", action="store_true",
                         help=_("add even if a contact of that name or e-mail exists (also one who left)"))
    followup = sub.add_parser("followup", help=_("a dated to-do"), description=_("Add a follow-up."))
    followup.add_argument("target", metavar="PARTNER[/CONTACT]", help=_("slug or name prefix, optionally /contact"))
    followup.add_argument("text", metavar="TEXT", help=_("what to do, e.g. \"Send offer\""))
    followup.add_argument("--due", required=True, metavar="DATE", help=DATE_HELP)
    followup.add_argument("--owner", default="", metavar="O",
                          help=_("whose to-do it is (default: the partner's owner)"))
    project = sub.add_parser("project", help=_("a joint project"),
                             description=_("Start a joint project with a partner."))
    project.add_argument("partner", metavar="PARTNER", help=_("slug or name prefix"))
    project.add_argument("name", metavar="NAME", help=_("the project's name"))
    project.add_argument("--start", metavar="D", help=_("default: today"))
    project.add_argument("--contact", action="append", default=[], metavar="C", help=_("their people (repeatable)"))
    project.add_argument("--our-contact", default="", metavar="O", help=_("who of us runs it (default: you)"))
    project.add_argument("--note", default="", help=_("free text about the project"))
    agreement = sub.add_parser("agreement", help=_("an agreement with a review date"),
                               description=_("Add an agreement with a partner."))
    agreement.add_argument("partner", metavar="PARTNER", help=_("slug or name prefix"))
    agreement.add_argument("what", metavar="WHAT", choices=AGREEMENT_WHAT, help=", ".join(AGREEMENT_WHAT))
    agreement.add_argument("--text", default="", help=_("the terms"))
    agreement.add_argument("--signed", metavar="D", help=_("when it was signed"))
    agreement.add_argument("--review", metavar="D", help=_("when to review it"))
    for p in (partner, contact, followup, project, agreement):
        p.set_defaults(_what=p.prog.split()[-1])


def typed_email(text: str | None, label: str) -> str:
    from koop_tui.store.fields import typed_address

    try:
        return typed_address(text or "")
    except ValueError as exc:
        raise UsageError(f"{label}: {exc}") from None


def parse_birthday_arg(text: str | None, args, label: str = "--birthday"):
    if not text:
        return None
    try:
        return parse_birthday(text, common.today(args))
    except ValueError as exc:
        raise UsageError(f"{label}: {exc}") from None


def _named(name: str, given: str, what: str, option: str, example: str, usable) -> None:
    """A name koop cannot make a file name or id of (no Latin letters or digits) needs `option`: say so. One given
    that is no file name or id (`--slug "Bad Slug"`) is a usage error as well (it was refused with exit 1)."""
    from koop_tui.slugs import slugify

    if given and not usable(given):
        raise UsageError(_("{option}: {given} is not usable as {what}").format(option=option, given=repr(given),
                                                                               what=what),
                         _("use a-z, 0-9 and -, at most 63 characters, e.g. {option} {example}").format(
                             option=option, example=example))
    if not given:
        try:
            slugify(name)
        except ValueError:
            raise UsageError(_("cannot make {what} from {name}: it has no Latin letters or digits").format(
                what=what, name=repr(name)),
                _("give one yourself, e.g. {option} {example} (a-z, 0-9 and -)").format(option=option,
                                                                                         example=example)) from None


def add_partner(args) -> str:
    store = open_store(args)  # a new name must differ from every partner's
    from koop_tui.slugs import is_slug

    _named(args.name, args.slug, _("a file name"), "--slug", "nihon-shoji", is_slug)
    warn_new_owner(store, args.owner)
    partner = store.new_partner(
        args.name, slug=args.slug, stage=args.stage, tags=word_list(args.tag),
        owner=args.owner or store.settings.default_owner,
        cadence=days(args.cadence, "--cadence") if args.cadence else None,
        since=day(args, args.since, "--since", past=True) if args.since else None,
        website=args.website, skills=word_list(args.skill), note=args.note,
    )
    return _("Added partner {name} (partners/{slug}.toml, {stage})").format(name=partner.name, slug=partner.slug,
                                                                          stage=stage_word(partner.stage))


def add_contact(args) -> str:
    store, partner, __ = open_target(args, args.partner)
    contact = Contact(
        id=args.id, name=args.name.strip(), role=args.role, email=typed_email(args.email, "--email"), phone=args.phone,
        note=args.note,
        birthday=parse_birthday_arg(args.birthday, args), cadence=days(args.cadence, "--cadence") if args.cadence else None,
    )
    if not contact.name:
        raise UsageError(_("a contact needs a name"))
    from koop_tui.slugs import SLUG_RE

    _named(contact.name, contact.id, _("a contact id"), "--id", "taro", SLUG_RE.match)
    refuse_duplicate(args, partner, contact)
    contact = store.add_contact(partner.slug, contact)
    return _("Added contact {name} ({id}) to {partner}").format(name=contact.name, id=contact.id, partner=partner.name)


def refuse_duplicate(args, partner, contact) -> None:
    """A contact with the name or e-mail of an existing one (also one who left) needs --yes."""
    from koop_tui.store.lookup import describe_contact, same_person

    twin = same_person(partner, contact.name, contact.addresses())
    if twin is not None and not args.yes:
        back = _("to bring them back: koop set {target} left= ; ").format(target=f"{partner.slug}/{twin.id}")
        hint = (back if twin.left else "") + _("to add another contact anyway: --yes")
        raise UsageError(_("{partner} already has {contact}; not added").format(
            partner=partner.name, contact=describe_contact(twin)), hint)


def add_followup(args) -> str:
    if not args.text.strip():
        raise UsageError(_("a follow-up needs a text"))
    store, partner, contact = open_target(args, args.target)
    warn_new_owner(store, args.owner, whole=False)
    followup = FollowUp(id="", due=day(args, args.due, "--due"), text=args.text, owner=args.owner,
                        contact=contact.id if contact else None)
    followup = store.add_followup(partner.slug, followup)
    return _("Added follow-up [{id}] '{text}' for {who}, due {date}").format(
        id=followup.id, text=followup.text, who=who_name(partner, contact), date=i18n.day(followup.due))


def add_project(args) -> str:
    from koop_tui.cli import common
    from koop_tui.store.lookup import find_contact
    from koop_tui.identity import me

    if not args.name.strip():
        raise UsageError(_("a project needs a name"))
    store, partner, __ = open_target(args, args.partner)
    start = day(args, args.start, "--start", past=True) if args.start else common.today(args)
    contacts = list(dict.fromkeys(find_contact(partner, c).id for c in args.contact))
    ours = args.our_contact or me(store.root, store.settings.owners) or store.settings.default_owner
    project = store.add_project(partner.slug, Project("", args.name.strip(), start, None, ours, contacts, args.note))
    return _("Started project [{id}] '{name}' with {partner} on {date}").format(
        id=project.id, name=project.name, partner=partner.name, date=i18n.day(start))


def add_agreement(args) -> str:
    store, partner, __ = open_target(args, args.partner)
    signed = day(args, args.signed, "--signed", past=True) if args.signed else None
    review = day(args, args.review, "--review") if args.review else None
    if signed and review and review <= signed:
        raise UsageError(_("--review must come after --signed"))
    agreement = store.add_agreement(partner.slug, Agreement("", args.what, args.text, signed, review))
    from koop_tui.engine.reminders import agreement_word

    what = agreement_word(agreement.what)
    if review:
        return _("Added agreement [{id}] {what} with {partner}, review {date}").format(
            id=agreement.id, what=what, partner=partner.name, date=i18n.day(review))
    return _("Added agreement [{id}] {what} with {partner}").format(id=agreement.id, what=what, partner=partner.name)


def run(args) -> int:
    add = {"partner": add_partner, "contact": add_contact, "followup": add_followup, "project": add_project,
           "agreement": add_agreement}[args._what]
    say(add(args))
    return 0
