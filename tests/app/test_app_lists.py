"""Pilot tests of the lists: filter, campaigns, outside changes, the editor, problems and key rebinding."""

from __future__ import annotations

import pytest

import signal
import stat
import sys
import tomllib

from koop_tui import i18n
from koop_tui.app.dialogs.log_touch import LogTouchDialog
from koop_tui.app.screens.campaigns import CampaignsScreen
from koop_tui.app.screens.due import DueScreen
from koop_tui.app.screens.help import HelpScreen
from koop_tui.app.screens.partner import PartnerScreen
from koop_tui.app.screens.partners import PartnersScreen
from koop_tui.app.screens.problems import ProblemsScreen
from koop_tui.app.widgets.tables import StatusTable
from koop_tui.engine import due_items
from tests.app.conftest import settle
from tests.app.workspace import TODAY
from tests.app.test_app_flows import SIZE, data, row_keys, row_text


async def test_filter_as_you_type_by_words_and_fields(make):
    app = make()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        await pilot.press("2")
        await settle(pilot, app)
        table = app.screen.query_one(StatusTable)
        assert sorted(row_keys(table)) == ["lingua-team", "muster-gmbh", "nord-design", "print-ahoi"]
        await pilot.press(*"transl")
        assert sorted(row_keys(table)) == ["lingua-team", "muster-gmbh"]
        await pilot.press(*" stage:dormant")
        assert row_keys(table) == ["lingua-team"]
        assert str(app.screen.query_one("#summary").render()).startswith("1 of 4 partners")
        await pilot.press("escape")
        assert len(row_keys(table)) == 4 and table.has_focus
        await pilot.press("2", *"lisa")  # `2` again: the cursor in the filter (in the list `l` logs)
        assert row_keys(table) == ["nord-design"]
        await pilot.press("escape", "2", *"owner:ben tag:design")
        assert row_keys(table) == ["nord-design"]


@pytest.mark.parametrize("language", ["en", "de"])
async def test_the_filter_takes_fields_and_values_as_the_list_shows_them(root, make, language):
    """A German list shows "Phase: ruhend": `phase:ruhend` filters by it, as `stage:dormant` does in any language;
    a stage or status no partner can have is said, with the ones there are, not just "0 of 4"."""
    i18n.use(language)
    app = make()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        await pilot.press("2")
        await settle(pilot, app)
        table, box = app.screen.query_one(StatusTable), app.screen.query_one("#filter")
        summary = app.screen.query_one("#summary")
        queries = {"en": ("stage:dormant", "owner:ben tag:design", "status:overdue", "stage:sleeping"),
                   "de": ("phase:ruhend", "zuständig:ben tag:design", "status:überfällig", "phase:schlafend")}
        for query, expected in zip(queries[language], (["lingua-team"], ["nord-design"], None, [])):
            box.value = query
            await settle(pilot, app)
            if expected is not None:
                assert row_keys(table) == expected, query
        box.value = "stage:DORMANT"  # the files' names work in every language, in any case
        await settle(pilot, app)
        assert row_keys(table) == ["lingua-team"]
        box.value = queries[language][3]
        await settle(pilot, app)
        said = str(summary.render())
        if language == "en":
            assert said == ('0 of 4 partners · no stage "sleeping" (there are: imported, '
                            'prospect, vetting, active, dormant, ended)')
        else:
            assert said == ('0 von 4 Partnern · phase "schlafend" gibt es nicht (es '
                            'gibt: importiert, Interessent, Prüfung, aktiv, ruhend, beendet)')


async def test_campaign_mark_done_logs_the_first_kind(root, make):
    app = make()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        await pilot.press("3", "m")  # everyone's partners
        await settle(pilot, app)
        assert isinstance(app.screen, CampaignsScreen)
        head = str(app.screen.query_one("#campaign").render())
        assert head.startswith("Christmas cards: 0 of 3 done, 3 missing · all owners · window 2026-11-20 – 2026-12-20")
        table = app.screen.query_one(StatusTable)
        assert row_keys(table) == ["lingua-team", "muster-gmbh", "nord-design"]
        await pilot.press("down", "x")
        await settle(pilot, app)
        assert table.get_row_at(row_keys(table).index("muster-gmbh"))[0].plain == "✓ done"
        assert row_keys(table) == ["lingua-team", "nord-design", "muster-gmbh"]
        assert table.cursor_row == 1  # the same line: the next partner still missing, like the due list
        assert str(app.screen.query_one("#campaign").render()).startswith("Christmas cards: 1 of 3 done")
    cards = [t for t in data(root, "muster-gmbh")["touchpoints"] if t["kind"] == "card"]
    assert [(str(t["date"]), t.get("note"), t.get("direction", "gave")) for t in cards] == [
        ("2026-11-23", "Christmas cards", "gave")]


async def test_campaign_bulk_marks_several_partners_done(root, make):
    app = make()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        await pilot.press("3")
        await settle(pilot, app)
        table = app.screen.query_one(StatusTable)
        await pilot.press("space", "space")  # each marks its row and moves down
        await settle(pilot, app)
        assert [str(table.get_row_at(i)[1]) for i in range(2)] == ["▶ Lingua Team", "▶ Muster GmbH"]
        await pilot.press("x")
        await settle(pilot, app)
        assert any(n.message == "Christmas cards: 2 partners done" for n in app._notifications)
    for slug, count in (("lingua-team", 1), ("muster-gmbh", 1), ("nord-design", 0)):
        assert len([t for t in data(root, slug).get("touchpoints", []) if t["kind"] == "card"]) == count, slug


async def test_outside_change_refreshes_and_keeps_the_cursor(root, make):
    app = make()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        await pilot.press("2")
        await settle(pilot, app)
        table = app.screen.query_one(StatusTable)
        table.move_cursor(row=row_keys(table).index("print-ahoi"))
        path = root / "partners" / "lingua-team.toml"
        path.write_text(path.read_text().replace('name = "Lingua Team"', 'name = "Lingua Team Berlin"'))
        app._refresh_from_disk()
        await settle(pilot, app)
        assert table.current_key == "print-ahoi"
        names = [str(table.get_row(key)[1]) for key in table.rows]
        assert "Lingua Team Berlin" in names


def _fake_editor(tmp_path, body: str) -> str:
    script = tmp_path / "fake-editor"
    script.write_text(f"#!{sys.executable}\nimport sys\npath = sys.argv[1]\n{body}\n")
    script.chmod(script.stat().st_mode | stat.S_IEXEC)
    return str(script)


async def test_editor_change_is_reread_and_a_broken_file_is_reported(root, make, tmp_path, monkeypatch):
    body = "text = open(path).read().replace('Nord Design', 'Nord Design Studio')\nopen(path, 'w').write(text)"
    monkeypatch.setenv("EDITOR", _fake_editor(tmp_path, body))
    app = make()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        await pilot.press("2", "down")  # from the filter into the list
        await settle(pilot, app)
        table = app.screen.query_one(StatusTable)
        table.move_cursor(row=row_keys(table).index("nord-design"))
        await pilot.press("e")
        await settle(pilot, app)
        assert str(table.get_row("nord-design")[1]) == "Nord Design Studio"
        monkeypatch.setenv("EDITOR", _fake_editor(tmp_path, "open(path, 'a').write('broken = [\\n')"))
        await pilot.press("e")
        await settle(pilot, app)
        assert app.backend.workspace.broken == ["partners/nord-design.toml"]
        await pilot.press("exclamation_mark")
        assert isinstance(app.screen, ProblemsScreen)
        assert [p.path for p in app.screen.problems] == ["partners/nord-design.toml"]
        assert str(app.screen.query_one("#problems-list").get_option_at_index(0).prompt).startswith(
            "partners/nord-design.toml:")
        await pilot.press("escape")
        assert isinstance(app.screen, PartnersScreen)
    assert tomllib.loads((root / "partners" / "muster-gmbh.toml").read_text())["name"] == "Muster GmbH"


async def test_ctrl_c_in_the_editor_goes_to_the_editor_not_to_koop(make, tmp_path, monkeypatch):
    """The terminal sends Ctrl+C's SIGINT to koop and the editor: koop carries on, the editor can use it."""
    seen = tmp_path / "editor-sigint"
    body = (f"import os, signal, time\nos.kill(os.getppid(), signal.SIGINT)\ntime.sleep(0.1)\n"
            f"open({str(seen)!r}, 'w').write(str(signal.getsignal(signal.SIGINT) == signal.SIG_IGN))")
    monkeypatch.setenv("EDITOR", _fake_editor(tmp_path, body))
    interrupted: list[int] = []

    def record(signum, _frame) -> None:
        interrupted.append(signum)

    before = signal.signal(signal.SIGINT, record)
    try:
        app = make()
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot, app)
            await pilot.press("2", "down")  # from the filter into the list
            await settle(pilot, app)
            await pilot.press("e")
            await settle(pilot, app)
            assert isinstance(app.screen, PartnersScreen)
            assert interrupted == [] and seen.read_text() == "False"  # in the editor: not ignored
            assert signal.getsignal(signal.SIGINT) is record  # koop's own handling is back
    finally:
        signal.signal(signal.SIGINT, before)


async def test_failing_editor_is_a_notification(make, monkeypatch):
    monkeypatch.setenv("EDITOR", "/nonexistent/editor")
    app = make()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        await pilot.press("2", "down")  # from the filter into the list
        await settle(pilot, app)
        await pilot.press("e")
        await settle(pilot, app)
        assert any("could not start" in n.message for n in app._notifications)


async def test_user_config_rebinds_a_key(root, make, tmp_path, monkeypatch):
    config = tmp_path / "home-config"
    monkeypatch.setenv("KOOP_CONFIG_DIR", str(config))
    config.mkdir()
    (config / "config.toml").write_text('[keys]\nlog-touch = "L"\nnot-an-action = "z"\n')
    app = make(keymap=None)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        await pilot.press("2")
        await settle(pilot, app)
        await pilot.press("l")  # no longer bound: it goes to the filter
        assert isinstance(app.screen, PartnersScreen) and app.screen.query_one("#filter").value == "l"
        await pilot.press("escape", "L")
        assert isinstance(app.screen, LogTouchDialog)
        await pilot.press("escape", "question_mark")
        assert isinstance(app.screen, HelpScreen)
        assert app._keymap_warnings == [f"{config / 'config.toml'}: unknown action 'not-an-action' in [keys]"]


async def test_partners_keyboard_flow_filter_enter_down_and_typing(make):
    from koop_tui.app.screens.partner import PartnerScreen

    app = make()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        await pilot.press("2")
        await settle(pilot, app)
        screen = app.screen
        table, box = screen.query_one(StatusTable), screen.query_one("#filter")
        assert box.has_focus  # `2` puts the cursor in the filter
        await pilot.press(*"zzz", "enter")
        assert app.screen is screen and any("No partner matches" in n.message for n in app._notifications)
        await pilot.press("escape", *"a")  # out of the filter, and typing in the list goes on in it
        first = row_keys(table)[0]
        await pilot.press("down")
        assert table.has_focus and table.current_key == first
        await pilot.press("down")
        second = table.current_key
        assert second == row_keys(table)[1]
        await pilot.press(*"hoi")  # unbound letters continue the filter
        assert box.has_focus and box.value == "ahoi"
        assert row_keys(table) == ["print-ahoi"]
        await pilot.press("down", "l")  # bound keys keep their action in the list
        assert isinstance(app.screen, LogTouchDialog) and app.screen.slug == "print-ahoi"
        await pilot.press("escape")
        await pilot.press("enter")
        await settle(pilot, app)
        assert isinstance(app.screen, PartnerScreen) and app.screen.slug == "print-ahoi"


async def test_number_keys_show_the_lists_from_a_partner_opened_on_them(make):
    app = make()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        for keys, shown in ((("1",), DueScreen), (("3", "1"), DueScreen), (("2",), PartnersScreen),
                            (("2", "escape", "1"), DueScreen)):  # `2`: in the filter, 1 types
            await pilot.press("1")
            await settle(pilot, app)
            app.screen.open_partner("muster-gmbh")
            await settle(pilot, app)
            assert isinstance(app.screen, PartnerScreen)
            await pilot.press(*keys)
            await settle(pilot, app)
            assert isinstance(app.screen, shown), keys
            assert len(app.screen_stack) == 1


async def test_partner_status_follows_the_due_list_and_snoozes(root, make):
    """The partners list ranks a partner by its most urgent contact or due item (an overdue follow-up counts);
    a snoozed partner or contact is not urgent, and says so."""
    def edit(slug: str, old: str, new: str) -> None:
        path = root / "partners" / f"{slug}.toml"
        path.write_text(path.read_text().replace(old, new, 1))

    edit("nord-design", "[[contacts]]", "[[followups]]\nid = \"f9zz\"\ndue = 2026-11-01\ntext = \"Send the deck\"\n\n"
                                        "[[contacts]]")
    edit("print-ahoi", 'slug = "print-ahoi"', 'slug = "print-ahoi"\nsnoozed_until = 2027-01-10')
    edit("lingua-team", 'name = "Eva Lang"', 'name = "Eva Lang"\nsnoozed_until = 2027-01-10')
    app = make()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        due = {(i.partner, i.title): i.status for i in app.backend.due(False)}
        await pilot.press("2")
        await settle(pilot, app)
        table = app.screen.query_one(StatusTable)
        status = {key: row_text(table, i)[0] for i, key in enumerate(row_keys(table))}
        assert due[("nord-design", "Send the deck")] == "overdue" and status["nord-design"] == "▲ overdue"
        assert status["print-ahoi"] == "◌ snoozed"
        lingua = {i.kind: i.status for i in due_items(app.backend.workspace, TODAY) if i.partner == "lingua-team"}
        assert lingua == {"campaign": "due"} and status["lingua-team"] == "● due"  # Eva's staleness is snoozed
        await pilot.press(*"lingua", "enter")
        await settle(pilot, app)
        assert isinstance(app.screen, PartnerScreen)
        eva = row_text(app.screen.query_one("#contacts", StatusTable), 0)
        assert (eva[0], eva[1], eva[2]) == ("◌ snoozed", "until 2027-01-10", "Eva Lang")


@pytest.mark.parametrize("keys, filter_text, form_text", [
    (("s", *"eo"), "", "eo"),  # `s` snoozes: its form gets what was typed behind it
    (("x", *"hoi"), "hoi", None),  # `x` acts on the list (nothing to mark done here), then typing goes on
])
async def test_a_bound_key_and_the_letters_behind_it_typed_at_once_act_as_typed_one_by_one(make, keys, filter_text,
                                                                                             form_text):
    """The letters typed right behind a bound key reached the list before the key acted and went into the filter;
    the bound key then ran nowhere (its letter lost)."""
    from tests.app.test_app_keys import typed_at_once

    app = make()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        await pilot.press("2", "escape")
        await settle(pilot, app)
        screen = app.screen
        assert screen.query_one(StatusTable).has_focus
        typed_at_once(app, *keys)
        await settle(pilot, app)
        assert screen.query_one("#filter").value == filter_text
        if form_text is None:
            assert app.screen is screen
        else:
            assert app.screen is not screen and app.focused.value == form_text


async def test_a_name_with_a_line_break_written_by_hand_shows_on_one_line_in_rows_and_header(root, make):
    """A row showed only the first line of such a name ("Print"), the header cut the page's first line in two;
    `koop list` and `koop show` have shown it on one line (koop check warns)."""
    from koop_tui.app.widgets.partner_header import PartnerHeader

    path = root / "partners" / "print-ahoi.toml"
    path.write_text(path.read_text().replace('name = "Print Ahoi"', 'name = "Print\\nAhoi"')
                    .replace('name = "Kai Ahoi"', 'name = "Kai\\r\\nAhoi"'))
    app = make()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        table = app.screen.query_one(StatusTable)
        rows = [row_text(table, i) for i, key in enumerate(row_keys(table)) if "print-ahoi" in key]
        assert rows and all("Print Ahoi" in row for row in rows)
        assert any(cell.endswith("Kai Ahoi") for row in rows for cell in row)
        assert not any("\n" in cell or "\r" in cell for row in rows for cell in row)
        table.move_cursor(row=[i for i, key in enumerate(row_keys(table)) if "print-ahoi" in key][0])
        await settle(pilot, app)
        assert str(app.screen.query_one("#explanation").render()).startswith("Print Ahoi: ")
        await pilot.press("2")
        await settle(pilot, app)
        table = app.screen.query_one(StatusTable)
        assert row_text(table, row_keys(table).index("print-ahoi"))[1] == "Print Ahoi"
        app.push_screen(PartnerScreen("print-ahoi"))
        await settle(pilot, app)
        assert str(app.screen.query_one(PartnerHeader).render()).startswith("Print Ahoi\n")
        assert "Kai Ahoi" in row_text(app.screen.query_one("#contacts", StatusTable), 0)


async def test_an_email_written_by_hand_that_is_no_address_is_among_the_problems(root, make):
    """`email = "kai at ahoi"` was read as written and the app said nothing; now `!` lists the warning on its
    line, as `koop check` does, and the partner stays usable."""
    path = root / "partners" / "print-ahoi.toml"
    path.write_text(path.read_text().replace('role = "Sales"\n', 'role = "Sales"\nemail = "kai at ahoi"\n'))
    app = make()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        await pilot.press("exclamation_mark")
        await settle(pilot, app)
        assert isinstance(app.screen, ProblemsScreen)
        assert [str(app.screen.query_one("#problems-list").get_option_at_index(i).prompt)
                for i in range(len(app.screen.problems))] == [
            "partners/print-ahoi.toml:13:1: contact 'kai': email holds 'kai at ahoi', which is not an e-mail address "
            "(write name@example.com)"]
        assert app.backend.partner("print-ahoi").contacts[0].email == "kai at ahoi"
