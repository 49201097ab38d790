"""The text box of every form and filter: Textual's Input with the keys typed into it applied in order."""

from __future__ import annotations

from textual import events
from textual.widgets import Input

from koop_tui.app.textual_private import run_bound
from koop_tui.app.type_ahead import hand_on

# Input's own keys (backspace, ctrl+u, delete, enter, the cursor keys, …) and the action each runs
OWN_KEYS = {key.strip(): binding.action for binding in Input.BINDINGS for key in binding.key.split(",")}


class TextBox(Input):
    """An Input whose keys take effect in the order they were typed, however fast they come.

    Keys come in together when typed faster than the app reads them (while it is busy, or sent by a tool). Textual
    hands each one to the box focused when the app reads it, and a box inserts a letter at once but runs a bound
    key only once it has bubbled up to the app, behind the letters that came with it: "ctrl+u 2026-13-01 enter"
    emptied the date after the letters went in and saved today's date, and in "name tab stage" the stage went
    into the name, as the focus moved on only after it. Here the box runs its own keys, tab and the keys its
    screen and the app bind (Down into a list, Esc) itself, and hands a key that reaches it after the focus moved
    on, or its screen is no longer on top, to where the focus is now (app/type_ahead.py).
    """

    async def on_key(self, event: events.Key) -> None:
        screen = self.screen
        if self.app.screen is not screen:  # queued here before a key ahead of it opened a form or a page
            event.stop()
            event.prevent_default()
            hand_on(self.app.screen.focused or self.app.screen, event)
            return
        if screen.focused is not self:  # queued here before a key ahead of it moved the focus on
            event.stop()
            event.prevent_default()
            if screen.focused is not None:
                hand_on(screen.focused, event)
            return
        if event.key in ("tab", "shift+tab"):
            event.stop()
            event.prevent_default()
            screen.focus_next() if event.key == "tab" else screen.focus_previous()
            return
        action = OWN_KEYS.get(event.key)
        if action is not None:  # run here, before the next key: bubbled, it would run after the letters behind it
            event.stop()
            event.prevent_default()
            await self.run_action(action)
            return
        if event.is_printable:  # typed into the box
            return
        if await run_bound(self.app, event.key):  # the screen's and the app's keys (Down into a list, Esc)
            event.stop()
            event.prevent_default()

