"""Pilot tests of the user flows: each asserts the partner file and what the screen shows afterwards."""

from __future__ import annotations

import tomllib

from koop_tui import i18n
from koop_tui.app.dialogs.base import FormDialog, pick, spoken
from koop_tui.app.dialogs.confirm import ConfirmDialog
from koop_tui.app.screens.partner import PartnerScreen
from koop_tui.app.screens.partners import PartnersScreen
from koop_tui.app.widgets.tables import StatusTable
from tests.app.conftest import settle

SIZE = (120, 40)


def data(root, slug):
    return tomllib.loads((root / "partners" / f"{slug}.toml").read_text(encoding="utf-8"))


def row_keys(table: StatusTable) -> list[str]:
    return [key.value for key in table.rows]


def row_text(table: StatusTable, index: int) -> list[str]:
    return [str(cell) for cell in table.get_row_at(index)]


async def open_partner(pilot, app, slug: str) -> PartnerScreen:
    await pilot.press("2")
    await settle(pilot, app)
    await pilot.press(*slug.split("-")[0])  # `2` puts the cursor in the filter
    assert row_keys(app.screen.query_one(StatusTable))[0] == slug
    await pilot.press("enter")
    await settle(pilot, app)
    assert isinstance(app.screen, PartnerScreen) and app.screen.slug == slug
    return app.screen


async def fill(pilot, app, **values: str) -> None:
    """Type into the open form's fields (replacing their text) without submitting."""
    assert isinstance(app.screen, FormDialog)
    for name, value in values.items():
        app.screen.query_one(f"#field-{name}").value = value
    await pilot.pause()


async def test_log_touch_from_partner_screen_writes_the_file_and_refreshes(root, make):
    app = make()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        screen = await open_partner(pilot, app, "muster-gmbh")
        assert screen.query_one("#contacts", StatusTable).current_key == "jana"
        await pilot.press("l")
        await settle(pilot, app)
        assert app.screen.query_one("#field-contact").value == "Jana Weber"
        await pilot.press(*"ca")
        await pilot.press("tab", "tab", "tab", "tab")
        await pilot.press(*"Talked offers", "enter")
        await settle(pilot, app)
        assert isinstance(app.screen, PartnerScreen)
        timeline = app.screen.query_one("#timeline", StatusTable)
        assert row_text(timeline, 0)[:4] == ["2026-11-23", "↔", "call", "Jana Weber"]
    touches = data(root, "muster-gmbh")["touchpoints"]
    new = [t for t in touches if t.get("note") == "Talked offers"]
    assert len(new) == 1
    assert str(new[0]["date"]) == "2026-11-23" and new[0]["kind"] == "call"
    assert new[0]["contacts"] == ["jana"] and new[0]["by"] == "anna"


async def test_log_form_rejects_unknown_kind_and_keeps_the_form(root, make):
    before = (root / "partners" / "muster-gmbh.toml").read_bytes()
    app = make()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        await open_partner(pilot, app, "muster-gmbh")
        await pilot.press("l")
        await pilot.press(*"zzz", "enter")
        await settle(pilot, app)
        assert isinstance(app.screen, FormDialog)
        assert "Kind: one of meeting, call" in str(app.screen.query_one("#form-error").render())
        await pilot.press("backspace")  # editing the field: the refusal of what was typed before goes
        await settle(pilot, app)
        assert str(app.screen.query_one("#form-error").render()) == ""
        await pilot.press("escape")
        assert isinstance(app.screen, PartnerScreen)
    assert (root / "partners" / "muster-gmbh.toml").read_bytes() == before


async def test_a_form_error_points_at_its_field_until_it_is_edited(root, make):
    app = make()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        await open_partner(pilot, app, "muster-gmbh")
        await pilot.press("l")
        await settle(pilot, app)
        form = app.screen
        date, contact = form.query_one("#field-date"), form.query_one("#field-contact")
        assert "Date: " in await submit(pilot, app, kind="call", date="someday", contact="zzz")
        assert app.focused is date and date.has_class("-invalid")
        error = await submit(pilot, app, date="-2d")
        assert error == ("With: no contact 'zzz' at Muster GmbH: one of Jana Weber, Tom Berg, or empty for the "
                         "whole partner")
        assert app.focused is contact and contact.has_class("-invalid") and not date.has_class("-invalid")
        assert await submit(pilot, app, contact="jan") == ""
    new = [t for t in data(root, "muster-gmbh")["touchpoints"] if str(t["date"]) == "2026-11-21"]
    assert [(t["kind"], t["contacts"]) for t in new] == [("call", ["jana"])]


async def test_add_followup_then_mark_it_done(root, make):
    app = make()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        await open_partner(pilot, app, "nord-design")
        await pilot.press("f")
        await fill(pilot, app, text="Ask for references", due="+3d")
        await pilot.press("enter")
        await settle(pilot, app)
        followups = data(root, "nord-design")["followups"]
        assert [(f["text"], str(f["due"]), f.get("contact")) for f in followups] == [
            ("Ask for references", "2026-11-26", "lisa")]
        table = app.screen.query_one("#followups", StatusTable)
        assert row_text(table, 0) == ["2026-11-26", "open", "Lisa Nord", "Ask for references"]
        table.focus()
        await pilot.press("x")
        await settle(pilot, app)
        assert str(data(root, "nord-design")["followups"][0]["done"]) == "2026-11-23"
        assert row_text(app.screen.query_one("#followups", StatusTable), 0)[1] == "2026-11-23"
        await pilot.press("x")  # again: it says why nothing happens
        await settle(pilot, app)
        assert app._notifications and list(app._notifications)[-1].message == (
            "That follow-up is done already (on 2026-11-23)")


async def test_snooze_contact_until_a_date(root, make):
    app = make()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        await open_partner(pilot, app, "lingua-team")
        await pilot.press("s")
        await fill(pilot, app, until="2027-01-10")
        await pilot.press("enter")
        await settle(pilot, app)
        assert isinstance(app.screen, PartnerScreen)
    contact = data(root, "lingua-team")["contacts"][0]
    assert str(contact["snoozed_until"]) == "2027-01-10"


async def test_new_partner_from_the_list_opens_it(root, make):
    app = make()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        await pilot.press("2", "down")  # from the filter into the list
        await settle(pilot, app)
        await pilot.press("n")
        await fill(pilot, app, name="Acme AG", tags="print, key-account", cadence="20")
        await pilot.press("enter")
        await settle(pilot, app)
        assert isinstance(app.screen, PartnerScreen) and app.screen.slug == "acme-ag"
        await pilot.press("escape")
        await settle(pilot, app)
        assert isinstance(app.screen, PartnersScreen)
        assert "acme-ag" in row_keys(app.screen.query_one(StatusTable))
    saved = data(root, "acme-ag")
    assert (saved["name"], saved["tags"], saved["cadence"]) == ("Acme AG", ["print", "key-account"], 20)


async def test_new_contact_on_a_partner(root, make):
    app = make()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        await open_partner(pilot, app, "nord-design")
        await pilot.press("n")
        await fill(pilot, app, name="Max Muster", role="Designer", birthday="02-29")
        await pilot.press("enter")
        await settle(pilot, app)
        assert row_keys(app.screen.query_one("#contacts", StatusTable)) == ["lisa", "max"]
    contacts = data(root, "nord-design")["contacts"]
    assert [(c["id"], c["name"], c.get("role"), c.get("birthday")) for c in contacts] == [
        ("lisa", "Lisa Nord", "Owner", None), ("max", "Max Muster", "Designer", "--02-29")]


async def test_a_mistyped_year_stays_in_the_form_with_what_is_wrong(root, make):
    """A birth year after today, or a touchpoint dated 0206 instead of 2026, is said under the form's fields
    and nothing is saved."""
    app = make()
    before = data(root, "nord-design")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        await open_partner(pilot, app, "nord-design")
        await pilot.press("n")
        said = await submit(pilot, app, name="Max Muster", birthday="2062-02-01")
        assert "Birthday: 2062-02-01 is after today; check the year" in said
        await pilot.press("escape")
        await settle(pilot, app)
        await pilot.press("l")
        said = await submit(pilot, app, kind="call", date="0206-11-20")
        assert "0206-11-20 is more than 100 years from today; check the year" in said
    assert data(root, "nord-design") == before


async def test_a_typed_email_is_checked_a_hand_written_one_kept_as_it_is(root, make):
    """The contact form refuses an email that is no address; an odd email or birthday written into the file by
    hand does not stop an edit of another field, and stays as written."""
    from tests.app.test_app_edit_records import select

    path = root / "partners" / "muster-gmbh.toml"
    text = path.read_text(encoding="utf-8").replace('name = "Jana Weber"\n',
                                                    'name = "Jana Weber"\nemail = "jana at weber"\nbirthday = 2062-05-01\n')
    path.write_text(text, encoding="utf-8")
    app = make()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        await open_partner(pilot, app, "muster-gmbh")
        await pilot.press("n")
        said = await submit(pilot, app, name="Bo Berg", email="bo at berg")
        assert "Email: 'bo at berg' is not an e-mail address (write name@example.com)" in said
        await pilot.press("escape")
        await settle(pilot, app)
        await select(pilot, app.screen, "contacts", "jana")
        await pilot.press("enter")
        await settle(pilot, app)
        assert await submit(pilot, app, role="CEO") == ""
    jana = next(c for c in data(root, "muster-gmbh")["contacts"] if c["id"] == "jana")
    assert (jana["role"], jana["email"], str(jana["birthday"])) == ("CEO", "jana at weber", "2062-05-01")
    assert "bo" not in {c["id"] for c in data(root, "muster-gmbh")["contacts"]}


async def test_a_hand_written_odd_date_left_as_it_is_does_not_block_an_edit(root, make):
    """A touchpoint dated 0206 by hand (typed, a date a century away is refused): editing its note kept failing
    on the date the form showed and the person never touched."""
    from tests.app.test_app_edit_records import select

    import re

    path = root / "partners" / "muster-gmbh.toml"
    text = path.read_text(encoding="utf-8")
    path.write_text(re.sub(r'(id = "t1aa"\ndate = )\S+', r"\g<1>0206-11-20", text), encoding="utf-8")
    app = make()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        await open_partner(pilot, app, "muster-gmbh")
        await select(pilot, app.screen, "timeline", "t1aa")
        await pilot.press("enter")
        await settle(pilot, app)
        assert await submit(pilot, app, note="Talked about Q2.") == ""
    touch = next(t for t in data(root, "muster-gmbh")["touchpoints"] if t["id"] == "t1aa")
    assert (str(touch["date"]), touch["note"]) == ("0206-11-20", "Talked about Q2.")


async def submit(pilot, app, **values: str) -> str:
    """Fill the open form, press Enter, and give what it says under its fields ("" once it closed)."""
    await fill(pilot, app, **values)
    await pilot.press("enter")
    await settle(pilot, app)
    return str(app.screen.query_one("#form-error").render()) if isinstance(app.screen, FormDialog) else ""


async def test_names_without_latin_letters_take_a_typed_file_name_and_id(root, make):
    """koop makes file names and ids from names; for 日本商事 there is nothing to make one of: the form says to
    type one, and takes it."""
    app = make()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        await pilot.press("n")
        assert "File name: the name has no Latin letters" in await submit(pilot, app, name="日本商事")
        assert "File name: use a-z, 0-9 and -" in await submit(pilot, app, slug="Nihon Shoji")
        assert await submit(pilot, app, slug="nihon-shoji") == ""
        assert isinstance(app.screen, PartnerScreen) and app.screen.slug == "nihon-shoji"
        await pilot.press("n")
        assert "Id: the name has no Latin letters" in await submit(pilot, app, name="山田太郎")
        assert await submit(pilot, app, id="taro") == ""
        assert row_keys(app.screen.query_one("#contacts", StatusTable)) == ["taro"]
    saved = data(root, "nihon-shoji")
    assert (saved["name"], saved["contacts"]) == ("日本商事", [{"id": "taro", "name": "山田太郎"}])


async def test_stage_change_to_active_asks_when_vetting_is_incomplete(root, make):
    app = make()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        await open_partner(pilot, app, "print-ahoi")
        await pilot.press("t", *"act", "enter")
        await settle(pilot, app)
        assert isinstance(app.screen, ConfirmDialog)
        assert "references, anchoring" in str(app.screen.query_one("#detail").render())
        await pilot.press("n")
        await settle(pilot, app)
        assert data(root, "print-ahoi").get("stage", "prospect") == "prospect"
        await pilot.press("enter")
        await settle(pilot, app)
        await pilot.press("y")
        await settle(pilot, app)
        assert isinstance(app.screen, PartnerScreen)
        assert "active" in str(app.screen.query_one("#head").render())
    assert data(root, "print-ahoi")["stage"] == "active"


async def test_contact_left_with_successor(root, make):
    app = make()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        await open_partner(pilot, app, "muster-gmbh")
        await pilot.press("L")
        await fill(pilot, app, left="2026-11-01", successor="tom")
        await pilot.press("enter")
        await settle(pilot, app)
        row = row_text(app.screen.query_one("#contacts", StatusTable), 0)
        assert row[1:] == ["", "Jana Weber", "Managing director", "left 2026-11-01 → Tom Berg"]
        assert list(app._notifications)[-1].message == "Jana Weber left · 1 open follow-up now with Tom Berg"
        assert data(root, "muster-gmbh")["followups"][0]["contact"] == "tom"
        await pilot.press("l")  # on Jana's row: the form offers her successor, not her
        await settle(pilot, app)
        assert app.screen.query_one("#field-contact").value == "Tom Berg"
        await pilot.press("escape", "n")
        await settle(pilot, app)
        error = await submit(pilot, app, name="jana weber")
        assert error == ("Name: Muster GmbH already has Jana Weber (jana, left 2026-11-01); "
                         "Enter again adds another contact anyway")
        assert await submit(pilot, app, id="jana2") == ""  # asked once: a second Enter adds her
    contacts = data(root, "muster-gmbh")["contacts"]
    assert (str(contacts[0]["left"]), contacts[0]["successor"]) == ("2026-11-01", "tom")
    assert [c["id"] for c in contacts] == ["jana", "tom", "jana2"]


async def test_partner_form_drops_empty_and_repeated_tags(root, make):
    app = make()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        await open_partner(pilot, app, "print-ahoi")
        await pilot.press("p")
        await fill(pilot, app, tags="photo, Studio ,photo,,", skills="print; Print;")
        await pilot.press("enter")
        await settle(pilot, app)
        assert isinstance(app.screen, PartnerScreen)
    saved = data(root, "print-ahoi")
    assert (saved["tags"], saved["skills"]) == (["photo", "studio"], ["print"])


async def test_partner_form_asks_again_for_an_owner_nobody_is_called(root, make):
    """A typo would file the partner under nobody's "mine": the form says who the owners are, a second Enter saves."""
    from koop_tui.app.dialogs.partner_form import PartnerForm

    app = make()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        await open_partner(pilot, app, "print-ahoi")
        await pilot.press("p")
        await fill(pilot, app, owner="anan")
        await pilot.press("enter")
        await settle(pilot, app)
        assert isinstance(app.screen, PartnerForm)
        assert str(app.screen.query_one("#form-error").render()) == (
            "Owner: nobody called 'anan' owns partners yet (owners: anna, ben); Enter again saves")
        assert data(root, "print-ahoi").get("owner") != "anan"
        await pilot.press("enter")
        await settle(pilot, app)
        assert isinstance(app.screen, PartnerScreen)
        await pilot.press("p")
        await fill(pilot, app, owner="b")
        await pilot.press("enter")
        await settle(pilot, app)
        assert isinstance(app.screen, PartnerScreen)  # someone known, as the suggestion completed it: one Enter
    assert data(root, "print-ahoi")["owner"] == "ben"


async def test_forms_read_dates_as_people_type_them(root, make):
    """The one parser: a weekday is the next one for a follow-up and the last one for a touchpoint."""
    app = make()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        await open_partner(pilot, app, "nord-design")
        await pilot.press("f")
        assert await submit(pilot, app, text="Call back", due="fri") == ""
        await pilot.press("l")
        await settle(pilot, app)
        assert await submit(pilot, app, kind="call", date="fri") == ""
        await pilot.press("f")
        error = await submit(pilot, app, text="Cards", due="someday")
        assert error.startswith("Due: not a date: 'someday' (use 2026-12-31, 31.12.2026, 31.12., ")
    saved = data(root, "nord-design")
    assert [str(f["due"]) for f in saved["followups"]] == ["2026-11-27"]
    assert [str(t["date"]) for t in saved["touchpoints"] if t["kind"] == "call"][-1:] == ["2026-11-20"]


async def test_a_snooze_to_a_day_gone_by_is_refused_and_nothing_is_written(root, make):
    before = (root / "partners" / "lingua-team.toml").read_bytes()
    app = make()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        await open_partner(pilot, app, "lingua-team")
        await pilot.press("s")
        await settle(pilot, app)
        assert await submit(pilot, app, until="-1d") == "Until: 2026-11-22 is not after today; pick a later day"
    assert (root / "partners" / "lingua-team.toml").read_bytes() == before


async def test_forms_take_kinds_directions_and_stages_as_the_language_shows_them(root, make):
    """A German list says "Anruf", "gegeben", "ruhend": the forms take those words (and their beginnings, as the
    suggestion completes them), store the files' names, and list the words when nothing matches."""
    i18n.use("de")
    app = make()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        await open_partner(pilot, app, "muster-gmbh")
        await pilot.press("l")
        await settle(pilot, app)
        assert "Treffen…" in app.screen.query_one("#field-kind").placeholder
        error = await submit(pilot, app, kind="zzz")
        assert error.startswith("Art: eins von Treffen, Anruf, Jour fixe, Mail"), error
        await fill(pilot, app, kind="Anr")
        assert app.screen.query_one("#field-direction").placeholder == "gegenseitig (aus Anruf)"
        await submit(pilot, app, kind="Anr", direction="gegeb", note="Angebote besprochen")
        assert isinstance(app.screen, PartnerScreen)
        await pilot.press("t")
        await settle(pilot, app)
        assert app.screen.query_one("#field-stage").placeholder.startswith("importiert→Interessent→Prüfung")
        await submit(pilot, app, stage="ruh")
        assert isinstance(app.screen, PartnerScreen)
    written = data(root, "muster-gmbh")
    new = [t for t in written["touchpoints"] if t.get("note") == "Angebote besprochen"]
    assert [(t["kind"], t["direction"]) for t in new] == [("call", "gave")]
    assert written["stage"] == "dormant"


def test_pick_tries_the_words_before_the_names_as_the_suggestions_list_them():
    words = {"meeting": "Treffen", "mail": "Mail", "call": "Anruf"}.get
    options = ("meeting", "call", "mail")
    assert spoken(options, words) == ("Treffen", "Anruf", "Mail", "meeting", "call", "mail")
    assert pick(options, "m", "Art", words) == "mail"  # "Mail" is the first suggestion starting with m
    assert pick(options, "MEET", "Art", words) == "meeting"
    assert pick(options, "anruf", "Art", words) == pick(options, "call", "Art", words) == "call"
    assert pick(options, "c", "Art") == "call"  # no words: the names, as before


async def test_a_new_partner_with_a_taken_name_says_how_to_add_a_second_one(root, make):
    before = sorted(p.name for p in (root / "partners").iterdir())
    app = make()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        await pilot.press("n")
        await settle(pilot, app)
        await fill(pilot, app, name="muster gmbh")
        await pilot.press("enter")
        await settle(pilot, app)
        assert isinstance(app.screen, FormDialog)
        assert str(app.screen.query_one("#form-error").render()) == (
            "partner 'muster gmbh' exists already (partners/muster-gmbh.toml)\n"
            "  hint: a second one needs a name of its own, e.g. with its city: muster gmbh (Hamburg)")
    assert sorted(p.name for p in (root / "partners").iterdir()) == before
