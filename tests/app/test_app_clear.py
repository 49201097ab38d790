"""`x` on the due list clears the selected item whatever its kind: an agreement reviewed, the vetting checklist,
a debrief or a proposal done or not now, a birthday, an anniversary or a fair by logging a touch; `u` brings it
back, `ctrl+r` clears it again."""

from __future__ import annotations

import tomllib
from datetime import date

import pytest

from koop_tui.app.dialogs.base import FormDialog
from koop_tui.app.dialogs.choice import ChoiceDialog
from koop_tui.app.screens.due import DueScreen
from koop_tui.app.widgets.tables import StatusTable
from koop_tui.model import Project, Touchpoint
from koop_tui.store import Store
from tests.app.conftest import settle
from tests.app.test_app_flows import SIZE, fill


def data(root, slug):
    return tomllib.loads((root / "partners" / f"{slug}.toml").read_text(encoding="utf-8"))


def due_keys(app) -> list[str]:
    return [k.value for k in app.screen.query_one(StatusTable).rows]


async def clear(pilot, app, key: str) -> None:
    table = app.screen.query_one(StatusTable)
    table.move_cursor(row=due_keys(app).index(key))
    await pilot.pause()
    await pilot.press("x")
    await settle(pilot, app)


async def undo_and_redo(pilot, app, key, path, before, after) -> None:
    """`u` brings the cleared item back (the file as before), `ctrl+r` clears it again."""
    await pilot.press("u")
    await settle(pilot, app)
    assert (key in due_keys(app), path.read_bytes()) == (True, before)
    await pilot.press("ctrl+r")
    await settle(pilot, app)
    assert (key in due_keys(app), tomllib.loads(path.read_text())) == (False, tomllib.loads(after.decode()))


async def test_x_on_an_agreement_review_sets_the_next_review(root, make):
    app = make()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        assert "agreement:muster-gmbh/g1aa" in due_keys(app)
        await clear(pilot, app, "agreement:muster-gmbh/g1aa")
        assert isinstance(app.screen, FormDialog)
        await fill(pilot, app, review="2027-12-14")
        await pilot.press("enter")
        await settle(pilot, app)
        assert isinstance(app.screen, DueScreen)
        assert "agreement:muster-gmbh/g1aa" not in due_keys(app)
    assert str(data(root, "muster-gmbh")["agreements"][0]["review"]) == "2027-12-14"


async def test_x_on_a_vetting_reminder_opens_the_checklist(root, make):
    Store(root).set_fields("print-ahoi", None, {"since": date(2026, 10, 1)})
    app = make()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        await clear(pilot, app, "vetting:print-ahoi")
        assert isinstance(app.screen, FormDialog)
        await fill(pilot, app, reference="Nord Design: reliable, fast", anchoring="est")
        await pilot.press("enter")
        await settle(pilot, app)
        assert isinstance(app.screen, DueScreen)
        assert "vetting:print-ahoi" not in due_keys(app)
    vetting = data(root, "print-ahoi")["vetting"]
    assert vetting == {"contribution": "Cheap print runs", "anchoring": "established",
                       "references": [{"by": "Nord Design", "said": "reliable, fast"}]}


async def test_x_on_a_debrief_done_logs_a_meeting(root, make):
    Store(root).add_project("lingua-team", Project("", "Glossary", date(2026, 1, 1), date(2026, 10, 1)))
    before = (root / "partners" / "lingua-team.toml").read_bytes()
    app = make()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        key = next(k for k in due_keys(app) if k.startswith("debrief:lingua-team/"))
        await clear(pilot, app, key)
        assert isinstance(app.screen, ChoiceDialog)
        await pilot.press("d")
        await settle(pilot, app)
        assert key not in due_keys(app)
        done = (root / "partners" / "lingua-team.toml").read_bytes()
        await undo_and_redo(pilot, app, key, root / "partners" / "lingua-team.toml", before, done)
    touch = data(root, "lingua-team")["touchpoints"][-1]
    assert (str(touch["date"]), touch["kind"], touch["note"]) == (
        "2026-11-23", "meeting", "Debrief: Debrief Glossary with Lingua Team")


async def test_x_on_a_proposal_not_now_snoozes_the_partner(root, make):
    store = Store(root)
    store.log_touch("print-ahoi", Touchpoint("", date(2026, 10, 1), "recommendation", "gave", [], "", "anna"))
    store.log_touch("print-ahoi", Touchpoint("", date(2026, 11, 1), "recommendation", "received", [], "", "anna"))
    before = (root / "partners" / "print-ahoi.toml").read_bytes()
    app = make()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        await clear(pilot, app, "warmup:print-ahoi")
        assert isinstance(app.screen, ChoiceDialog)
        await pilot.press("n")
        await settle(pilot, app)
        assert isinstance(app.screen, FormDialog)
        await fill(pilot, app, until="2027-01-10")
        await pilot.press("enter")
        await settle(pilot, app)
        assert "warmup:print-ahoi" not in due_keys(app)
        path = root / "partners" / "print-ahoi.toml"
        await undo_and_redo(pilot, app, "warmup:print-ahoi", path, before, path.read_bytes())
    assert str(data(root, "print-ahoi")["snoozed_until"]) == "2027-01-10"


async def test_an_empty_workspace_says_how_to_begin_and_offers_only_what_works(tmp_path):
    from koop_tui.app.app import make_app
    from koop_tui.settings import default_settings_text
    from tests.app.workspace import TODAY

    root = tmp_path / "empty"
    (root / "partners").mkdir(parents=True)
    (root / "koop.toml").write_text(default_settings_text(), encoding="utf-8")
    app = make_app(root, TODAY, me="anna", store=Store(root), watch_interval=None, keymap={})
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, app)
        assert str(app.screen.query_one("#counts").render()) == (
            "No partners yet: press n for a new one, or run koop import contacts.vcf")
        offered = {a for a in ("log_touch", "add_followup", "snooze", "new") if app.screen.check_action(a, ())}
        assert offered == {"new"}
        await pilot.press("n")
        await settle(pilot, app)
        assert isinstance(app.screen, FormDialog)


async def test_x_on_a_contact_logs_on_a_followup_completes_on_a_campaign_opens_it(root, make):
    from koop_tui.app.screens.campaigns import CampaignsScreen

    app = make()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        await clear(pilot, app, "contact:muster-gmbh/tom")
        assert isinstance(app.screen, FormDialog)
        await fill(pilot, app, kind="call")
        await pilot.press("enter")
        await settle(pilot, app)
        assert isinstance(app.screen, DueScreen) and "contact:muster-gmbh/tom" not in due_keys(app)
        await clear(pilot, app, "followup:muster-gmbh/f1aa")
        assert "followup:muster-gmbh/f1aa" not in due_keys(app)
        await clear(pilot, app, "campaign:xmas")
        assert isinstance(app.screen, CampaignsScreen) and app.screen.campaign.id == "xmas"
    saved = data(root, "muster-gmbh")
    assert (saved["touchpoints"][-1]["kind"], saved["touchpoints"][-1]["contacts"]) == ("call", ["tom"])
    assert str(saved["followups"][0]["done"]) == "2026-11-23"


async def test_x_on_a_handover_adds_the_new_contact(root, make):
    Store(root).set_fields("lingua-team", "eva", {"left": date(2026, 11, 1)})
    app = make()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        await clear(pilot, app, "handover:lingua-team")
        assert isinstance(app.screen, FormDialog)
        await fill(pilot, app, name="Ole Neu")
        await pilot.press("enter")
        await settle(pilot, app)
        assert isinstance(app.screen, DueScreen) and "handover:lingua-team" not in due_keys(app)
    assert [c["name"] for c in data(root, "lingua-team")["contacts"]][-1] == "Ole Neu"


async def test_a_long_form_title_wraps_at_80_columns_instead_of_being_cut(root, make):
    from tests.app.pictures import screen_lines

    Store(root).set_fields("print-ahoi", None, {"since": date(2026, 10, 1), "name": "Print Ahoi Druckerei und Verlag"})
    app = make()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, app)
        await clear(pilot, app, "vetting:print-ahoi")
        lines = [line.split("█")[1].strip() for line in screen_lines(app.export_screenshot()) if line.count("█") == 2]
        assert app.screen.query_one("#form-title").size.height == 2
    assert lines[1:3] == ["Vetting · Print Ahoi Druckerei und Verlag (missing: references,", "anchoring)"]


@pytest.mark.parametrize("key", ["birthday:muster-gmbh/jana", "anniversary:muster-gmbh", "fair:seo-days/muster-gmbh"])
async def test_x_on_a_birthday_an_anniversary_or_a_fair_logs_a_touch_that_clears_it(root, make, key):
    from koop_tui.app.dialogs.log_touch import LogTouchDialog
    from koop_tui.model import Birthday

    store = Store(root)
    store.set_fields("muster-gmbh", "jana", {"birthday": Birthday(11, 23)})
    store.set_fields("muster-gmbh", None, {"since": date(2021, 11, 23)})
    with open(root / "koop.toml", "a", encoding="utf-8") as toml:
        toml.write('\n[[fairs]]\nid = "seo-days"\nname = "SEO Days"\nstart = 2026-11-30\nplace = "Berlin"\n'
                   'tags = ["seo"]\nlead_days = 7\n')
    app = make()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        assert key in due_keys(app)
        await clear(pilot, app, key)
        assert isinstance(app.screen, LogTouchDialog)
        await fill(pilot, app, kind="call")
        await pilot.press("enter")
        await settle(pilot, app)
        assert isinstance(app.screen, DueScreen) and key not in due_keys(app)
    assert data(root, "muster-gmbh")["touchpoints"][-1]["date"] == date(2026, 11, 23)


async def test_an_agreement_review_names_its_kind_in_the_users_language(root, make):
    from koop_tui import i18n

    i18n.use("de")
    app = make()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        await clear(pilot, app, "agreement:muster-gmbh/g1aa")
        assert app.screen.form_title == "Überprüft · Vereinbarung Empfehlungsprovision"
        await fill(pilot, app, review="14.12.2027")
        await pilot.press("enter")
        await settle(pilot, app)
        assert [n.message for n in app._notifications][-1] == (
            "Vereinbarung Empfehlungsprovision überprüft: nächste Überprüfung 14.12.2027")
    assert str(data(root, "muster-gmbh")["agreements"][0]["review"]) == "2027-12-14"


async def test_the_vetting_checklist_speaks_the_anchoring_in_the_language_and_saves_the_file_word(root, make):
    """German showed "newcomer, established, leader" in a German form; they are said and taken as German now,
    and the file keeps the English name, as stages do."""
    from koop_tui import i18n
    from koop_tui.app.dialogs.clear import VettingForm
    from koop_tui.app.screens.partner import PartnerScreen
    from textual.widgets import Input

    i18n.use("de")
    app = make()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        app.push_screen(PartnerScreen("print-ahoi"))
        await settle(pilot, app)
        await pilot.press("V")
        await settle(pilot, app)
        assert isinstance(app.screen, VettingForm)
        assert app.screen.query_one("#field-anchoring", Input).placeholder == "Neuling, etabliert, führend"
        await fill(pilot, app, anchoring="etab")
        await pilot.press("enter")
        await settle(pilot, app)
        assert data(root, "print-ahoi")["vetting"]["anchoring"] == "established"
        await pilot.press("V")
        await settle(pilot, app)
        assert app.screen.query_one("#field-anchoring", Input).value == "etabliert"
        await fill(pilot, app, decision="ja")
        await pilot.press("enter")
        await settle(pilot, app)
    vetting = data(root, "print-ahoi")["vetting"]
    assert (vetting["anchoring"], vetting["decision"]) == ("established", "ja")
