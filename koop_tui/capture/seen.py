"""What capture takes from one mail or calendar event: who, when, which thread, and whether to skip it."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date


@dataclass
class Seen:
    """A mail or an event as capture sees it; `skip` says why it makes no touchpoint ("" when it may)."""

    source: str  # "mail:<Message-ID>" or "cal:<UID>"
    kind: str  # the touchpoint kind it would make: "mail" or "meeting"
    thread: str  # mails of one thread on one day make one touchpoint; an event is its own thread
    day: date | None
    sender: str  # From, or the organizer
    people: list[tuple[str, str]]  # (address, display name) of everyone in it; addresses lower-case
    subject: str = ""
    skip: str = ""  # why not: list, auto, crowd, cancelled, declined, future, undated, no-uid (run.skipped_line)
    # (address, how, what it said) of people who may have left; how: match.EVIDENCE
    left: list[tuple[str, str, str]] = field(default_factory=list)
    auto: bool = False  # a bounce or an auto-reply: its text tells whether somebody left
