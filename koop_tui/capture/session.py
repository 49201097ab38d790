"""Capture for one workspace, as `koop capture` and the app's Captured screen use it: every step loads the
state under the capture lock, acts, and leaves the state saved; the files one step changes make one commit."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from datetime import date
from typing import Any

from koop_tui.capture import run as capture_run
from koop_tui.capture.config import CaptureConfig, Source, config_path, load_config
from koop_tui.capture.match import Proposal
from koop_tui.capture.state import State, capture_lock, load_state
from koop_tui.errors import UsageError
from koop_tui.i18n import _
from koop_tui.model import Touchpoint


class _Collect:
    """The store's on_change during one step: collects the files, passes on the hook before each write."""

    def __init__(self, inner, root: Path) -> None:
        self.inner, self.root, self.paths = inner, root, []
        self.edited: set[Path] | None = None  # partner files with uncommitted changes when the step began

    def __call__(self, paths, message: str) -> None:
        self.paths += [p for p in paths if p not in self.paths]

    def before_write(self, path) -> None:
        """A pending hand edit is committed on its own first; this step's own earlier writes are no hand edits."""
        hook = getattr(self.inner, "before_write", None)
        if hook is None or path in self.paths:
            return
        if self.edited is None:  # one `git status` for the step instead of one per file written
            self.edited = _edited(self.root)
        if Path(path).resolve() in self.edited:
            hook(path)


def _edited(root: Path) -> set[Path]:
    from koop_tui.sync import git
    from koop_tui.sync.commit import changed_entries

    try:
        return {(root / e.path).resolve() for e in changed_entries(root, "partners")}
    except (git.GitError, OSError):
        return set()


@contextmanager
def one_change(store, message: Callable[[int], str]) -> Iterator[None]:
    """Everything the store changes inside is reported to its on_change once, as message(number of files)."""
    inner = store.on_change
    if inner is None:
        yield
        return
    collect = store.on_change = _Collect(inner, store.root)
    try:
        yield
    finally:
        store.on_change = inner
        if collect.paths:
            inner(collect.paths, message(len(collect.paths)))


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'s' * (n != 1)}"


class Session:
    def __init__(self, store, today: date, by: str, config: CaptureConfig | None = None) -> None:
        self.store, self.today, self.by = store, today, by
        self.config = config if config is not None else load_config(config_path())
        self.notes: list[str] = []  # warnings from loading the state, for the caller to show once
        self.last: capture_run.Run | None = None  # the latest run, also when it was interrupted

    def _with_state(self, step: Callable[[State], Any], message: Callable[[int], str] | None = None) -> Any:
        with capture_lock(self.store.root), one_change(self.store, message or (lambda n: "Capture: review")):
            state = load_state(self.store.root)
            self.notes += state.notes
            return step(state)

    def sources(self, one_off: Source | None = None) -> list[Source]:
        if one_off is not None:
            return [one_off]
        if not self.config.sources:
            raise UsageError(_("no capture sources configured"),
                             _("add [[capture.sources]] to {path}, or try --maildir DIR, --mbox FILE or --ics FILE")
                             .format(path=config_path()))
        return self.config.sources

    def run(self, sources: list[Source], *, dry_run: bool = False,
            progress: Callable[[str, int, int], None] | None = None) -> capture_run.Outcome:
        def step(state: State) -> capture_run.Outcome:
            capture = capture_run.Run(self.store, self.config, state, self.today, self.by, dry_run=dry_run,
                                      progress=progress)
            self.last = capture
            return capture.run(sources)

        def message(_files: int) -> str:
            n = len(self.last.outcome.captured) if self.last else 0
            return f"Capture {_plural(n, 'touchpoint')} from mail and calendars"

        return self._with_state(step, message)

    def queue(self) -> list[Proposal]:
        """The review queue, by day, partner and source."""
        return self._with_state(lambda state: sorted(state.queue, key=lambda p: (p.day, p.partner, p.key)))

    def accept(self, keys: list[str]) -> list[tuple[str, Touchpoint]]:
        return self._with_state(lambda state: capture_run.accept(self.store, state, keys, self.by, self.config),
                                lambda n: f"Capture: log {_plural(len(keys), 'reviewed touchpoint')}")

    def reject(self, keys: list[str]) -> int:
        return self._with_state(lambda state: capture_run.reject(state, keys))

    def assign(self, key: str, target: str) -> tuple[str, Touchpoint | None]:
        return self._with_state(
            lambda state: capture_run.assign(self.store, state, key, target, self.by, self.config),
            lambda n: f"Capture: log a reviewed touchpoint for {target}")
