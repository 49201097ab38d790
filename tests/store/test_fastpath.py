"""The fast path of validation against the full validator: equal partners for valid files, and for broken ones
the same partner and the very same located problems (the fast path steps aside)."""

from __future__ import annotations

import pytest

import string
import tomllib
from datetime import date, datetime

import tomli_w
from hypothesis import HealthCheck, given, settings, strategies as st

from koop_tui.canonical import dumps_partner
from koop_tui.model import ANCHORING, STAGES, Agreement, Birthday, Contact, FollowUp, Partner, Project, Reference
from koop_tui.model import Touchpoint, Vetting
from koop_tui.settings import default_settings
from koop_tui.store.codec import decode_partner, encode_partner
from koop_tui.store.fastpath import fast_body
from koop_tui.store.fields import AGREEMENT_WHAT
from koop_tui.store.parse import _DEEP_KEY, locate, may_have_deep_key, parse_partner, parse_partner_bytes, read_toml
from koop_tui.store.validate import TABLES, TOP_KEYS, check_partner

SETTINGS = default_settings()
PROPS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
words = st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"), max_size=12)
# empty values are left out; a blank name, or one with a line break (validate.broken_line), is a warning
names = st.text(st.characters(blacklist_categories=("Cs", "Cc")), max_size=12).filter(str.strip)
ids = st.text(string.ascii_lowercase + string.digits, min_size=4, max_size=12)
days = st.dates(date(1990, 1, 1), date(2035, 12, 31))
maybe_day = st.none() | days
addresses = st.from_regex(r"[a-z0-9.+]{1,8}@[a-z0-9]{1,8}\.[a-z]{2,4}", fullmatch=True)
domains = st.from_regex(r"([a-z0-9]{1,8}\.){1,2}[a-z]{2,4}", fullmatch=True)
sources = st.just("") | st.from_regex(r"(mail|cal):<?[a-z0-9@.]{1,12}>?", fullmatch=True)
birthdays = days.map(lambda d: Birthday(d.month, d.day, d.year)) | st.builds(Birthday, st.just(2), st.integers(1, 29))


@st.composite
def partners(draw) -> Partner:
    """A valid partner using every field koop reads (what the canonical writer would write for it)."""
    cids = draw(st.lists(st.from_regex(r"[a-z0-9][a-z0-9-]{0,8}", fullmatch=True), max_size=4, unique=True))
    some = st.lists(st.sampled_from(cids), max_size=2) if cids else st.just([])
    # each contact is another person (one name or email twice is a warning): the id makes them differ
    contacts = [Contact(
        id=cid, name=f"{draw(names)} {cid}", role=draw(words), email=draw(st.just("") | addresses.map(f"{cid}.{{}}".format)),
        emails=[f"{cid}.{a}" for a in draw(st.lists(addresses, max_size=2))], birthday=draw(st.none() | birthdays),
        cadence=draw(st.none() | st.integers(1, 36500)), left=draw(maybe_day),
        successor=draw(st.none() | st.sampled_from([c for c in cids if c != cid] or [None])),
        snoozed_until=draw(maybe_day), skills=draw(st.lists(words, max_size=2)), note=draw(words),
    ) for cid in cids]
    rids = iter(draw(st.lists(ids, min_size=12, max_size=12, unique=True)))
    touches = [Touchpoint(next(rids), draw(days), draw(st.sampled_from(sorted(SETTINGS.kinds))),
                          draw(st.sampled_from(["gave", "received", "mutual"])), draw(some), draw(words), draw(words),
                          draw(sources)) for _ in range(draw(st.integers(0, 4)))]
    followups = [FollowUp(next(rids), draw(days), draw(words), draw(st.none() | st.sampled_from(cids or [None])),
                          draw(maybe_day), draw(words)) for _ in range(draw(st.integers(0, 2)))]
    departed = {c.id for c in contacts if c.left}
    for f in followups:  # an open follow-up with someone who left is worth a warning: not a plainly valid file
        if f.done is None and f.contact in departed:
            f.done = f.due
    projects = [Project(next(rids), draw(names), draw(days), draw(maybe_day), draw(words), draw(some), draw(words))
                for _ in range(draw(st.integers(0, 2)))]
    agreements = [Agreement(next(rids), draw(st.sampled_from(AGREEMENT_WHAT)), draw(words), draw(maybe_day),
                            draw(maybe_day)) for _ in range(draw(st.integers(0, 2)))]
    vetting = Vetting(draw(words), [Reference(draw(names), draw(words)) for _ in range(draw(st.integers(0, 2)))],
                      draw(st.sampled_from(("",) + ANCHORING)), draw(words))
    return Partner(
        slug="acme", name=draw(names), stage=draw(st.sampled_from(STAGES)), owner=draw(st.sampled_from(["", "anna"])),
        tags=draw(st.lists(words, max_size=3)), since=draw(maybe_day), cadence=draw(st.none() | st.integers(1, 400)),
        snoozed_until=draw(maybe_day), skills=draw(st.lists(words, max_size=2)), website=draw(words),
        domains=draw(st.lists(domains, max_size=2)), note=draw(words), vetting=vetting, contacts=contacts, touchpoints=touches, followups=followups, projects=projects,
        agreements=agreements,
    )


def full(parsed: dict) -> tuple:
    return check_partner(parsed, "acme", SETTINGS)


def reference_bytes(data: bytes) -> tuple:
    """What loading gave before the fast path: the full validator on every file."""
    parsed, text, problems = read_toml(data, "partners/acme.toml")
    if parsed is None:
        return None, problems
    partner, issues = full(parsed)
    return partner, locate(issues, text, "partners/acme.toml")


@PROPS
@given(partners())
def test_a_valid_file_takes_the_fast_path_and_gives_the_same_partner(partner):
    parsed = tomllib.loads(dumps_partner(partner, SETTINGS))
    fast = fast_body(parsed, "acme", SETTINGS)
    expected, issues = full(parsed)
    assert fast is not None and fast[1] == issues == []
    assert decode_partner(("m", fast[0])) == expected
    assert decode_partner(encode_partner(expected)) == expected


WILD = st.one_of(
    st.none(), st.booleans(), st.integers(-3, 40000), st.floats(allow_nan=False), words, days, st.datetimes(),
    st.sampled_from(["jana", "call", "gave", "prospect", "active", "leader", "other", "2026-02-30", "2026-01-05",
                     "--02-29", "--13-01", "1990-07-04", "t001", "", "x y", "bo at berg", "bo@berg", " a@b.de ",
                     "a@b.de"]),
    st.lists(st.sampled_from(["jana", "ben", "x", "A", "t001"]), max_size=3),
    # fresh objects each draw: a shared one would be mutated below and could end up containing itself
    st.builds(dict), st.builds(lambda: [{}]), st.builds(lambda: [1, "jana"]), st.builds(lambda: {"by": "Nord"}),
)
TABLE_KEYS = {t: tuple(checks) for t, (_, checks, _, _) in TABLES.items()}


@st.composite
def broken(draw) -> dict:
    """A valid file's dict with one to three values replaced by anything or removed, anywhere."""
    parsed = tomllib.loads(dumps_partner(draw(partners()), SETTINGS))
    for _ in range(draw(st.integers(1, 3))):
        value = draw(WILD)
        where = draw(st.sampled_from(["top", "vetting", "record", "record"]))
        if where == "record":
            table = draw(st.sampled_from(sorted(TABLES)))
            records = parsed.setdefault(table, [])
            if not isinstance(records, list):
                continue
            if not records:
                records.append({})
            target = records[draw(st.integers(0, len(records) - 1))]
            key = draw(st.sampled_from(TABLE_KEYS[table] + ("bogus",)))
        elif where == "vetting":
            target = parsed.setdefault("vetting", {})
            key = draw(st.sampled_from(("contribution", "anchoring", "decision", "references", "bogus")))
        else:
            target, key = parsed, draw(st.sampled_from(TOP_KEYS + ("bogus",)))
        if not isinstance(target, dict):
            continue
        if value is None:
            target.pop(key, None)
        else:
            target[key] = value
    return parsed


@PROPS
@given(broken())
def test_the_fast_path_only_takes_what_the_full_validator_accepts_unchanged(parsed):
    fast = fast_body(parsed, "acme", SETTINGS)
    expected, issues = full(parsed)
    if fast is not None:
        assert fast[1] == issues and all(i.severity == "warning" for i in issues)
        assert decode_partner(("m", fast[0])) == expected


@st.composite
def hand_emails(draw) -> dict:
    """A valid file's dict whose contacts have emails as people write them by hand: addresses, blanks around
    them, or anything."""
    parsed = tomllib.loads(dumps_partner(draw(partners()), SETTINGS))
    for contact in parsed.get("contacts", []):
        contact["email"] = draw(words | addresses | addresses.map(" {} ".format) | st.sampled_from(
            ["bo at berg", "bo@berg", "Bo <bo@berg.example>", "@", "a@b@c.de", " "]))
    return parsed


@PROPS
@given(hand_emails())
def test_emails_written_by_hand_give_the_same_partner_and_warnings_fast_or_full(parsed):
    fast = fast_body(parsed, "acme", SETTINGS)
    expected, issues = full(parsed)
    if fast is not None:
        assert fast[1] == issues
        assert decode_partner(("m", fast[0])) == expected


@PROPS
@given(broken())
def test_a_broken_file_gives_the_same_partner_and_problems_as_the_full_validator(parsed):
    try:
        data = tomli_w.dumps(parsed).encode()
    except (TypeError, ValueError):
        return
    assert parse_partner_bytes(data, "partners/acme.toml", SETTINGS) == reference_bytes(data)


def test_plainly_valid_files_skip_the_full_validator_and_others_do_not():
    valid = b'name = "Acme"\nslug = "acme"\n\n[[touchpoints]]\nid = "t001"\ndate = 2026-11-01\nkind = "call"\n'
    encoded, partner, problems = parse_partner(valid, "partners/acme.toml", SETTINGS)
    assert encoded is not None and partner is None and problems == []
    touch = decode_partner(encoded).touchpoints[0]
    assert (touch.date, touch.direction) == (date(2026, 11, 1), SETTINGS.kinds["call"].direction)
    as_text = valid.replace(b"2026-11-01", b'"2026-11-01"')  # valid too, but not in its plainest form
    encoded, partner, problems = parse_partner(as_text, "partners/acme.toml", SETTINGS)
    assert encoded is None and partner.touchpoints[0].date == date(2026, 11, 1) and problems == []
    wrong = valid.replace(b'"call"', b'"cal"')
    encoded, partner, problems = parse_partner(wrong, "partners/acme.toml", SETTINGS)
    assert encoded is None and [(p.line, p.col) for p in problems] == [(7, 1)]
    assert problems[0].message == "touchpoint 't001': unknown kind 'cal'"


def test_datetimes_and_conflicts_are_left_to_the_full_validator():
    parsed = {"name": "Acme", "slug": "acme", "since": datetime(2026, 1, 1, 9, 30)}
    assert fast_body(parsed, "acme", SETTINGS) is None
    parsed = {"name": "Acme", "slug": "acme", "conflicts": [{"id": "c001", "field": "note"}]}
    assert fast_body(parsed, "acme", SETTINGS) is None
    assert fast_body({"name": "Acme", "slug": "acme", "conflicts": []}, "acme", SETTINGS) is not None


@pytest.mark.parametrize("text", [
    b'name = " "\nslug = "acme"\n',
    b'name = "Acme"\nslug = "acme"\n\n[[contacts]]\nid = "jana"\nname = ""\n',
])
def test_a_blank_name_loads_with_a_warning_from_the_full_validator(text):
    encoded, partner, problems = parse_partner(text, "partners/acme.toml", SETTINGS)
    assert encoded is None and partner is not None and partner.slug == "acme"
    assert [(p.severity, p.line) for p in problems] == [("warning", 1 if text.startswith(b'name = " "') else 6)]
    assert "name is empty" in problems[0].message


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(["a", "B9", "_-", " ", "\t", ".", " . ", "\n", "\r\n", "é", "#", '"', "=", "[", "a."]),
                max_size=300), st.integers(0, 80), st.sampled_from(["", " ", "\t", "x", "."]))
def test_the_deep_key_prefilter_never_hides_a_deep_key(parts, depth, lead):
    text = "".join(parts) + "\n" + lead + " . ".join(["k"] * depth) + " = 1\n" + "".join(reversed(parts))
    if _DEEP_KEY.search(text):
        assert may_have_deep_key(text.encode())
    assert may_have_deep_key(text.encode()) or depth <= 64


def test_an_open_follow_up_with_a_contact_who_left_is_left_to_the_validator():
    text = ('name = "Acme"\nslug = "acme"\n\n[[contacts]]\nid = "jana"\nname = "Jana"\nleft = 2026-11-01\n\n'
            '[[followups]]\nid = "f1aa"\ndue = 2026-12-01\ntext = "Call"\ncontact = "jana"\n')
    parsed = tomllib.loads(text)
    assert fast_body(parsed, "acme", SETTINGS) is None
    _, issues = full(parsed)
    assert [(i.severity, i.message) for i in issues] == [
        ("warning", "follow-up 'f1aa': open, with Jana, who left on 2026-11-01")]
    assert fast_body(tomllib.loads(text + "done = 2026-11-02\n"), "acme", SETTINGS) is not None


@pytest.mark.parametrize("contacts", [
    [("jana", "Jana", "j@x.de", []), ("tom", "Tom", "J@X.de", [])],
    [("jana", "Jana", "", ["a@x.de"]), ("tom", "jana", "", []), ("ben", "Ben", "a@x.de", [])],
    [("jana", "Jana", "a@x.de", []), ("tom", "Tom", "a@x.de", ["b@x.de"]), ("ben", "Ben", "b@x.de", [])],
])
def test_two_contacts_who_may_be_one_person_are_read_fast_with_the_validators_warnings(contacts):
    text = 'name = "Acme"\nslug = "acme"\n' + "".join(
        f'\n[[contacts]]\nid = "{cid}"\nname = "{name}"\n' + (f'email = "{email}"\n' if email else "")
        + (f"emails = {emails!r}\n".replace("'", '"') if emails else "") for cid, name, email, emails in contacts)
    encoded, partner, problems = parse_partner(text.encode(), "partners/acme.toml", SETTINGS)
    assert encoded is not None and partner is None
    assert problems and all(p.severity == "warning" for p in problems)
    assert (decode_partner(encoded), problems) == reference_bytes(text.encode())


@pytest.mark.parametrize(("email", "warned"), [
    ("bo at berg", True), ("bo@berg", True), ("Bo <bo@berg.example>", True), ("bo@berg.example", False),
    (" bo@berg.example ", False), ("", False), ("  ", False),
])
def test_an_email_that_is_no_address_is_left_to_the_validator_which_warns_on_its_line(email, warned):
    """Written by hand, `email = "bo at berg"` was read as it is and nothing said so; now the fast path steps
    aside for it as for a name with a line break, and the validator warns (mail is not matched to it)."""
    text = f'name = "Acme"\nslug = "acme"\n\n[[contacts]]\nid = "bo"\nname = "Bo"\nemail = "{email}"\n'.encode()
    encoded, partner, problems = parse_partner(text, "partners/acme.toml", SETTINGS)
    assert (encoded is None) == warned
    assert (decode_partner(encoded) if encoded else partner, problems) == reference_bytes(text)
    assert [(p.severity, p.line, p.message) for p in problems] == [
        ("warning", 7, f"contact 'bo': email holds {email!r}, which is not an e-mail address")] * warned
