"""Files changed or broken outside the app while it runs: refused actions and notices, never a crash."""

from __future__ import annotations

from koop_tui.app.widgets.partner_header import PartnerHeader
from tests.app.conftest import settle
from tests.app.test_app_flows import SIZE, open_partner


def break_file(root, slug: str) -> None:
    path = root / "partners" / f"{slug}.toml"
    path.write_text(path.read_text(encoding="utf-8") + "broken = [\n", encoding="utf-8")


async def test_every_action_on_a_partner_whose_file_broke_is_refused(root, make):
    before = (root / "partners" / "muster-gmbh.toml").read_bytes()
    app = make()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        screen = await open_partner(pilot, app, "muster-gmbh")
        break_file(root, "muster-gmbh")
        app._refresh_from_disk()
        await settle(pilot, app)
        assert "this partner is gone" in str(screen.query_one(PartnerHeader).render())
        for key in ("l", "f", "s", "x", "n", "p", "c", "t", "d", "L", "P", "E", "A"):
            app.clear_notifications()
            await pilot.press(key)
            await settle(pilot, app)
            assert app.screen is screen, key
            assert any("fix them first" in n.message for n in app._notifications), key
        broken = (root / "partners" / "muster-gmbh.toml").read_bytes()
    assert broken == before + b"broken = [\n"


async def test_a_file_broken_outside_is_told_once(root, make):
    app = make()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        await pilot.press("2")
        await settle(pilot, app)
        break_file(root, "nord-design")
        app._refresh_from_disk()
        await settle(pilot, app)
        told = [n.message for n in app._notifications if "press ! to see why" in n.message]
        assert told == ["partners/nord-design.toml has problems and left the lists: press ! to see why"]
        path = root / "partners" / "lingua-team.toml"
        path.write_text(path.read_text().replace('name = "Lingua Team"', 'name = "Lingua Team Berlin"'))
        app._refresh_from_disk()
        await settle(pilot, app)
        assert [n.message for n in app._notifications if "press ! to see why" in n.message] == told
