"""What capture keeps between runs, per workspace, in the user's data dir (never in the workspace): a cursor per
source, the threads already logged, the review queue, the sure touchpoints not written yet, rejections and
departures already raised.

Written atomically as JSON; one run at a time holds its lock. A file that cannot be read is set aside (renamed
`.broken`) and capture starts afresh: the sources already in the partner files keep it from logging twice.
"""

from __future__ import annotations

import fcntl
import hashlib
import json
import os
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterator

from koop_tui.capture.match import Proposal
from koop_tui.errors import KoopError
from koop_tui.i18n import _, os_reason
from koop_tui.store.files import atomic_write, flock_within
from koop_tui.userdirs import data_dir

FORMAT = 1


@dataclass
class State:
    path: Path
    cursors: dict[str, Any] = field(default_factory=dict)
    groups: dict[str, str] = field(default_factory=dict)  # Proposal.group -> source logged or queued for it
    queue: list[Proposal] = field(default_factory=list)
    pending: list[Proposal] = field(default_factory=list)  # sure, read, not written yet (run.Run._flush)
    rejected: set[str] = field(default_factory=set)  # Proposal.key
    raised: set[str] = field(default_factory=set)  # Departure.key
    notes: list[str] = field(default_factory=list)  # what loading said (a broken file set aside)
    _queued: set[str] = field(default_factory=set, repr=False)  # the keys in queue, while it only grew

    def save(self) -> None:
        data = {
            "format": FORMAT, "cursors": self.cursors, "groups": self.groups,
            "queue": [p.to_json() for p in self.queue], "pending": [p.to_json() for p in self.pending],
            "rejected": sorted(self.rejected), "raised": sorted(self.raised),
        }
        self.path.parent.mkdir(parents=True, exist_ok=True)
        try:
            atomic_write(self.path, json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8"),
                         mode=0o600)
        except OSError as exc:
            raise KoopError(_("could not save the capture state {path}: {reason}").format(
                path=self.path, reason=os_reason(exc))) from None

    def enqueue(self, proposal: Proposal) -> bool:
        """Queue a proposal for review unless it was rejected or is queued already."""
        if len(self._queued) != len(self.queue):  # removed from meanwhile (review), or just loaded
            self._queued = {p.key for p in self.queue}
        if proposal.key in self.rejected or proposal.key in self._queued:
            return False
        self.queue.append(proposal)
        self._queued.add(proposal.key)
        return True


def state_path(root: Path) -> Path:
    key = hashlib.sha256(str(Path(root).resolve()).encode()).hexdigest()[:24]
    return data_dir() / "capture" / f"{key}.json"


def load_state(root: Path) -> State:
    path = state_path(root)
    state = State(path)
    try:
        data = json.loads(path.read_bytes())
        if data.get("format") != FORMAT:
            raise ValueError("unknown format")
        state.cursors = dict(data["cursors"])
        state.groups = dict(data["groups"])
        state.queue = [Proposal.from_json(p) for p in data["queue"]]
        state.pending = [Proposal.from_json(p) for p in data.get("pending", [])]
        state.rejected = set(data["rejected"])
        state.raised = set(data["raised"])
    except FileNotFoundError:
        pass
    except (OSError, ValueError, KeyError, TypeError, AttributeError) as exc:
        aside = path.with_suffix(".broken")
        try:
            os.replace(path, aside)
        except OSError:
            pass
        state = State(path, notes=[_("capture state {path} could not be read ({reason}); set aside as {name}").format(
            path=path, reason=exc, name=aside.name)])
    return state


@contextmanager
def capture_lock(root: Path, wait_s: float = 2.0) -> Iterator[None]:
    """Only one capture run per workspace at a time (the app's and a command's)."""
    path = state_path(root).with_suffix(".lock")
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
    try:
        if not flock_within(fd, fcntl.LOCK_EX, wait_s):
            raise KoopError(_("another capture is running for this workspace"), _("wait for it to finish"))
        yield
    finally:
        os.close(fd)
