"""Pilot tests of joint projects, agreements and the know-how search (issue 11)."""

from __future__ import annotations

from koop_tui.app.screens.who import WhoScreen
from koop_tui.app.widgets.tables import StatusTable
from tests.app.conftest import settle
from tests.app.test_app_flows import SIZE, data, fill, open_partner, row_keys, row_text


async def test_add_a_project_then_end_it(root, make):
    app = make()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        screen = await open_partner(pilot, app, "nord-design")
        await pilot.press("P")
        await fill(pilot, app, name="Brand book", start="2026-11-02", contacts="lisa")
        await pilot.press("enter")
        await settle(pilot, app)
        projects = data(root, "nord-design")["projects"]
        assert [(p["name"], str(p["start"]), p.get("end"), p["contacts"]) for p in projects] == [
            ("Brand book", "2026-11-02", None, ["lisa"])]
        table = screen.query_one("#projects", StatusTable)
        assert row_text(table, 0)[:3] == ["Brand book", "2026-11-02", "running"]
        assert "joint projects: Brand book running" in str(screen.query_one("#head").render())
        table.focus()
        await pilot.press("E")
        await fill(pilot, app, end="-1d")
        await pilot.press("enter")
        await settle(pilot, app)
        assert str(data(root, "nord-design")["projects"][0]["end"]) == "2026-11-22"
        assert row_text(table, 0)[2] == "2026-11-22"
        assert "between projects: Brand book ended 2026-11-22" in str(screen.query_one("#head").render())


async def test_add_an_agreement_shows_its_review(root, make):
    app = make()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        screen = await open_partner(pilot, app, "nord-design")
        await pilot.press("A")
        await fill(pilot, app, what="sha", text="Joint offer for shops", signed="2026-01-10", review="+2w")
        await pilot.press("enter")
        await settle(pilot, app)
        assert row_text(screen.query_one("#agreements", StatusTable), 0) == [
            "shared-offer", "2026-01-10", "2026-12-07", "Joint offer for shops"]
        assert "agreement shared offer: review 2026-12-07 (in 14 d)" in str(screen.query_one("#head").render())
    agreement = data(root, "nord-design")["agreements"][0]
    assert (agreement["what"], str(agreement["signed"]), str(agreement["review"])) == (
        "shared-offer", "2026-01-10", "2026-12-07")


async def test_who_can_search_ranks_and_logs_that_i_asked(root, make):
    app = make()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        await pilot.press("w")
        assert isinstance(app.screen, WhoScreen)
        await pilot.press(*"translation", "enter")
        await settle(pilot, app)
        table = app.screen.query_one(StatusTable)
        assert row_keys(table) == ["muster-gmbh", "lingua-team"]
        assert "stage active" in str(app.screen.query_one("#why").render())
        assert table.has_focus  # the search moved the cursor into the list, on its first row and table.current_key == "muster-gmbh"
        await pilot.press("down", "a")
        await settle(pilot, app)
    asked = [t for t in data(root, "lingua-team")["touchpoints"] if t.get("note") == "asked about translation"]
    assert [(t["kind"], str(t["date"]), t["by"]) for t in asked] == [("message", "2026-11-23", "anna")]


async def test_who_can_quotes_the_matched_skill_as_written_and_names_whom_to_ask(root, make):
    """Asked for "seo": the Matches column says the skill the partner has ("SEO-Texts"), Who the contact to ask."""
    (root / "partners" / "wortwerk.toml").write_text(
        'name = "Wortwerk"\nslug = "wortwerk"\nstage = "active"\nskills = ["SEO-Texts"]\n\n'
        '[[contacts]]\nid = "ida"\nname = "Ida Brandt"\n\n'
        '[[contacts]]\nid = "tom"\nname = "Tom Graf"\nskills = ["Copywriting"]\n', encoding="utf-8")
    app = make()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        await pilot.press("w", *"seo", "enter")
        await settle(pilot, app)
        table = app.screen.query_one(StatusTable)
        assert [row_text(table, i)[1:] for i in range(table.row_count)] == [
            ["Muster GmbH", "active", "seo", "Jana Weber"],  # exact match first; no contact has it: the first one
            ["Wortwerk", "active", "SEO-Texts", "Ida Brandt"],
        ]
        await pilot.press("down")
        await settle(pilot, app)
        assert str(app.screen.query_one("#why").render()).startswith("1/1 skills: SEO-Texts; stage active")


async def test_a_project_starting_later_is_planned_not_running(root, make):
    app = make()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        screen = await open_partner(pilot, app, "nord-design")
        await pilot.press("P")
        await fill(pilot, app, name="Trade fair stand", start="+1w")
        await pilot.press("enter")
        await settle(pilot, app)
        assert row_text(screen.query_one("#projects", StatusTable), 0)[:3] == [
            "Trade fair stand", "2026-11-30", "planned"]
        assert "Project Trade fair stand starts 2026-11-30" in [n.message for n in app._notifications]
        assert "running" not in str(screen.query_one("#head").render())


async def test_a_placeholder_longer_than_its_box_ends_in_an_ellipsis(root, make):
    """German agreement kinds stopped mid-list at 80 columns: "Empfehlungsprovision, gemeinsames Angebot,"."""
    from koop_tui import i18n
    from koop_tui.app.dialogs.base import PLACEHOLDER_ROOM

    i18n.use("de")
    app = make()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, app)
        await open_partner(pilot, app, "nord-design")
        await pilot.press("A")
        await settle(pilot, app)
        box = app.screen.query_one("#field-what")
        assert box.placeholder.startswith("Empfehlungsprovision, gemeinsames Angebot, ")
        assert box.placeholder.endswith("…")
        assert len(box.placeholder) == PLACEHOLDER_ROOM <= box.content_region.width
