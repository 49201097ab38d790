"""Messages the app's parts send each other."""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from typing import Any, Callable

from textual.message import Message


@dataclass
class WorkspaceLoaded(Message):
    """The workspace finished loading (or failed with `error`), with the first due list ("mine")."""

    error: str = ""
    due: list[Any] | None = None
    painted: threading.Event | None = None  # set once that list is shown (the loader then writes its caches)


@dataclass
class LoadProgress(Message):
    """Partner files read so far while the workspace loads; a newer one replaces an unhandled older one."""

    done: int
    total: int

    def can_replace(self, message: Message) -> bool:
        return isinstance(message, LoadProgress)


@dataclass
class DuePreview(Message):
    """The due list can be shown from the due cache while the workspace loads; `painted` is set once shown."""

    painted: threading.Event


@dataclass
class ShowProgress(Message, bubble=False):
    """To a screen while the workspace loads: partner files read so far (the due screen shows a bar)."""

    done: int
    total: int

    def can_replace(self, message: Message) -> bool:
        return isinstance(message, ShowProgress)


class ShowPreview(Message, bubble=False):
    """To the screen on top: show the cached due list if you can, and tell the app once it is on screen
    (`App.list_shown`), or at once when there is nothing to show."""


@dataclass
class DataChanged(Message):
    """Partner files changed (by the app or outside it); screens showing them recompute."""

    slugs: set[str] = field(default_factory=set)
    saved: bool = False  # by a save in the app: lists keep the cursor's line rather than its row


@dataclass
class Change:
    """A request to change the workspace through one Store method, with what to say on success."""

    method: str
    args: tuple[Any, ...] = ()
    kwargs: dict[str, Any] = field(default_factory=dict)
    slug: str | None = None
    done: Callable[[Any], str] | None = None
    contact: str | None = None
