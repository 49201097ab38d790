"""The command palette lists the current screen's actions with their keys, `/` included."""

from __future__ import annotations

import pytest

from tests.app.conftest import settle
from tests.app.pictures import screen_lines


@pytest.mark.parametrize(("screen", "wanted", "keys"), [("w", "In Who can and the search: back to the box", "[/]")])
async def test_the_palette_lists_the_slash_actions(make, screen, wanted, keys):
    """A key shown as "[/]" was read as a closing markup tag: the palette's worker failed."""
    app = make()
    async with app.run_test(size=(100, 40)) as pilot:
        await settle(pilot, app)
        await pilot.press(screen)
        await settle(pilot, app)
        await pilot.press("ctrl+p")
        for _ in range(100):  # the palette lists its commands after a pause of its own
            await pilot.pause(0.05)
            text = "\n".join(screen_lines(app.export_screenshot()))
            if wanted in text:
                break
        line = next(line for line in text.splitlines() if wanted in line)
        assert line.rstrip(" ▎").endswith(keys)
