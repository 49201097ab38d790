"""Resolving merge conflicts in the app: from the due list or the problems screen to the partner and its dialog.

The conflicted file is made by the real merge (sync.merge.merge_texts), as `koop sync` writes it.
"""

from __future__ import annotations

import tomllib

from koop_tui.app.dialogs.resolve_conflict import ResolveConflictDialog
from koop_tui.app.screens.due import DueScreen
from koop_tui.app.screens.partner import PartnerScreen
from koop_tui.app.screens.problems import ProblemsScreen
from koop_tui.app.widgets.tables import StatusTable
from koop_tui.sync.merge import merge_texts
from tests.app.conftest import settle
from tests.app.test_app_flows import SIZE, row_keys, row_text

NOTE = 'note = "Lunch"'


def conflicted(root) -> dict[str, str]:
    """Merge two edits of nord-design.toml that disagree on the stage and on a note; the conflicts by field."""
    path = root / "partners" / "nord-design.toml"
    base = path.read_text(encoding="utf-8")
    assert 'stage = "active"' in base and NOTE in base
    ours = base.replace('stage = "active"', 'stage = "dormant"').replace(NOTE, 'note = "Lunch at Ahoi"')
    theirs = base.replace('stage = "active"', 'stage = "ended"').replace(NOTE, 'note = "Lunch, talked fees"')
    outcome = merge_texts(base, ours, theirs)
    path.write_text(outcome.text, encoding="utf-8")
    records = tomllib.loads(outcome.text)["conflicts"]
    return {c["field"]: c["id"] for c in records}


async def on_nord(pilot, app) -> PartnerScreen:
    """The partner screen of nord-design, loaded."""
    await settle(pilot, app)
    app.push_screen(PartnerScreen("nord-design"))
    await settle(pilot, app)
    return app.screen


def nord(root) -> dict:
    return tomllib.loads((root / "partners" / "nord-design.toml").read_text(encoding="utf-8"))


async def test_due_row_leads_to_the_partner_and_keep_theirs_resolves(root, make):
    ids = conflicted(root)
    assert set(ids) == {"stage", "touchpoints.t3cc.note"}
    app = make()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        await pilot.press("m")  # nord-design belongs to ben: show all owners
        await settle(pilot, app)
        table = app.screen.query_one(StatusTable)
        assert "conflict:nord-design" in row_keys(table)
        item = app.screen.items["conflict:nord-design"]
        assert item.title == "Resolve merge conflicts: stage, touchpoints.t3cc.note"
        table.move_cursor(row=row_keys(table).index("conflict:nord-design"))
        await pilot.press("enter")
        await settle(pilot, app)
        screen = app.screen
        assert isinstance(screen, PartnerScreen) and screen.slug == "nord-design"
        conflicts = screen.query_one("#conflicts", StatusTable)
        assert conflicts.display and row_keys(conflicts) == [ids["stage"], ids["touchpoints.t3cc.note"]]
        assert row_text(conflicts, 0) == ["stage", "dormant", "ended", "active"]
        assert "resolve-conflict" in {b.binding.id for b in screen.active_bindings.values()}
        await pilot.press("r")
        await settle(pilot, app)
        dialog = app.screen
        assert isinstance(dialog, ResolveConflictDialog) and dialog.conflict.field == "stage"
        assert dialog.query_one("#typed").value == "dormant"  # a text field: a value may be typed
        await pilot.press("t")
        await settle(pilot, app)
        assert app.screen is screen
        assert row_keys(conflicts) == [ids["touchpoints.t3cc.note"]]
        assert any("stage resolved, kept theirs (ended)" in n.message for n in app._notifications)
    data = nord(root)
    assert data["stage"] == "ended"
    assert [c["field"] for c in data["conflicts"]] == ["touchpoints.t3cc.note"]


async def test_typed_value_resolves_a_text_field_and_the_section_goes(root, make):
    ids = conflicted(root)
    app = make()
    async with app.run_test(size=SIZE) as pilot:
        screen = await on_nord(pilot, app)
        conflicts = screen.query_one("#conflicts", StatusTable)
        conflicts.move_cursor(row=row_keys(conflicts).index(ids["touchpoints.t3cc.note"]))
        await pilot.press("r")
        await settle(pilot, app)
        typed = app.screen.query_one("#typed")
        assert typed.value == "Lunch at Ahoi"  # prefilled: the hint says how to save a typed value
        assert str(app.screen.query_one("#resolve-hint").render()) == (
            "o / t keep a side · tab to Or type, enter saves it · esc cancels")
        typed.value = "Lunch at Ahoi, talked fees"
        typed.focus()
        await pilot.press("enter")
        await settle(pilot, app)
        assert app.screen is screen
        assert row_keys(conflicts) == [ids["stage"]]
        await pilot.press("r")
        await settle(pilot, app)
        await pilot.press("o")
        await settle(pilot, app)
        assert not conflicts.display and not screen.query_one("#conflicts-label").display
        assert "resolve-conflict" not in {b.binding.id for b in screen.active_bindings.values()}
    data = nord(root)
    assert "conflicts" not in data and data["stage"] == "dormant"
    assert [t["note"] for t in data["touchpoints"]] == ["Lunch at Ahoi, talked fees"]


async def test_problems_screen_opens_the_partner_of_a_conflict(root, make):
    conflicted(root)
    app = make()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        await pilot.press("exclamation_mark")
        screen = app.screen
        assert isinstance(screen, ProblemsScreen)
        texts = [str(p) for p in screen.problems]
        assert len(texts) == 2 and all(t.startswith("partners/nord-design.toml:") for t in texts)
        assert "unresolved merge conflict on stage: ours 'dormant', theirs 'ended'" in texts[0]
        await pilot.press("enter")
        await settle(pilot, app)
        assert isinstance(app.screen, PartnerScreen) and app.screen.slug == "nord-design"
        await pilot.press("escape")
        assert isinstance(app.screen, DueScreen)


async def test_a_failed_resolve_keeps_the_dialog_and_the_file(root, make):
    ids = conflicted(root)
    app = make()
    async with app.run_test(size=SIZE) as pilot:
        await on_nord(pilot, app)
        await pilot.press("r")
        await settle(pilot, app)
        path = root / "partners" / "nord-design.toml"
        before = path.read_bytes()
        typed_stage = app.screen.query("#typed")
        assert typed_stage
        typed_stage.first().value = "sleeping"
        typed_stage.first().focus()
        await pilot.press("enter")
        await settle(pilot, app)
        assert isinstance(app.screen, ResolveConflictDialog)
        assert "sleeping" in str(app.screen.query_one("#resolve-error").render())
        assert path.read_bytes() == before
    assert ids["stage"] in [c["id"] for c in nord(root)["conflicts"]]


async def test_a_partner_with_conflicts_offers_resolving_and_no_form_that_could_not_save(root, make):
    """The store refuses every change to a file with open conflicts but resolving them: the page offers `r` and
    `e`, no form that would end in "nothing was written"; from the due list, `l` says why and `x` on the conflict
    row opens the partner, where `r` resolves."""
    conflicted(root)
    before = (root / "partners" / "nord-design.toml").read_bytes()
    app = make()
    async with app.run_test(size=SIZE) as pilot:
        screen = await on_nord(pilot, app)
        offered = {b.binding.action for b in screen.active_bindings.values()}
        assert "resolve_conflict" in offered and "edit_file" in offered
        assert not offered & {"log_touch", "add_followup", "snooze", "change_stage", "edit_partner", "new"}
        assert not screen.query_one("#read-only").display  # the conflicts show above everything, not a banner
        for key in ("l", "f", "s", "t", "p", "n"):
            await pilot.press(key)
            await settle(pilot, app)
            assert app.screen is screen, key
        await pilot.press("r")
        await settle(pilot, app)
        assert isinstance(app.screen, ResolveConflictDialog)
        await pilot.press("escape", "escape")
        await settle(pilot, app)
        await pilot.press("1", "m")
        await settle(pilot, app)
        table = app.screen.query_one(StatusTable)
        table.move_cursor(row=row_keys(table).index("conflict:nord-design"))
        app.clear_notifications()
        await pilot.press("l")
        await settle(pilot, app)
        assert isinstance(app.screen, DueScreen)
        assert [n.message for n in app._notifications] == [
            "Nord Design has merge conflicts: resolve them first (r on its page)"]
        await pilot.press("x")
        await settle(pilot, app)
        assert isinstance(app.screen, PartnerScreen) and app.screen.slug == "nord-design"
    assert (root / "partners" / "nord-design.toml").read_bytes() == before
