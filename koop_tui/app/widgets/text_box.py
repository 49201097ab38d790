"""The text box of every form and filter: Textual's Input with its own editing keys run in the order typed."""

from __future__ import annotations

from textual import events
from textual.widgets import Input

# Input's own keys (backspace, ctrl+u, delete, enter, the cursor keys, …) and the action each runs
OWN_KEYS = {key.strip(): binding.action for binding in Input.BINDINGS for key in binding.key.split(",")}


class TextBox(Input):
    """An Input whose editing keys take effect where they were typed among the letters.

    Textual inserts a letter as its key reaches the box, but runs the box's bound keys only once the key has
    bubbled up to the app, past the letters that arrived with it. Keys come in together when typed faster than
    the app reads them (while it is busy, or pasted by a tool): "ctrl+u 2026-13-01 enter" emptied the date after
    the letters went in and saved today's date; backspaces typed before a word deleted its end.
    """

    async def on_key(self, event: events.Key) -> None:
        action = OWN_KEYS.get(event.key)
        if action is not None:  # run here, before the next key: bubbled, it would run after the letters behind it
            event.stop()
            event.prevent_default()
            await self.run_action(action)
