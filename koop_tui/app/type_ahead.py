"""Keys typed ahead act in the order typed, on the screen they were typed for.

Keys come in together when typed faster than the app reads them (while it is busy, or sent by a tool). Textual
hands each to the screen on top when the app reads it, but runs its bindings only once it has bubbled back up to
the app: the letters typed right behind `l` had reached the due list before `l` opened its form, came back to
the app with the form on top, found no binding there and were lost ("lmeeting" opened an empty form). Here a
key that comes back from a screen no longer on top goes on to the one that is, as if typed there; a form keeps
the keys that come before its first box has the focus (dialogs/base.py), a text box those it got after the
focus moved on (widgets/text_box.py), and a list with a box over it the keys behind a bound key, until it acted
(screens/base.py: TypesOn).
"""

from __future__ import annotations

from collections import deque

from textual import events
from textual.dom import DOMNode
from textual.screen import Screen


def hand_on(target: DOMNode, event: events.Key) -> None:
    """The key, come to where it was no longer meant for, handed to `target` as if typed there."""
    target.post_message(events.Key(event.key, event.character))


class TypeAhead:
    """For the App: each key from the terminal is noted with the screen it went to; one that comes back from a
    screen no longer on top is handed on instead of being looked up among the bindings of the screen on top."""

    _sent: deque[tuple[events.Key, Screen]] | None = None  # the last keys from the terminal, where they went

    async def on_event(self, event: events.Event) -> None:
        if isinstance(event, events.Key):
            if self._sent is None:
                self._sent = deque(maxlen=64)
            sent = self._sent
            if not event.is_forwarded:  # from the terminal: the app sends it to the screen on top
                sent.append((event, self.screen))
            elif (went := next((s for e, s in sent if e is event), None)) is not None:
                again = getattr(went, "came_back", lambda key: False)(event)  # always: it forgets the key
                if again or went is not self.screen:
                    hand_on(self.screen.focused or self.screen, event)
                    return
        await super().on_event(event)  # type: ignore[misc]
