"""Sync state in the header and the `S` key; empty until the workspace has team sync."""

from __future__ import annotations

from textual import work

from koop_tui.app.data import _optional


class SyncMixin:
    """Runs `koop_tui.sync.state` / `run_sync` in workers and shows the state as the sub-title."""

    def update_sync_status(self) -> None:
        if _optional("koop_tui.sync") is not None:
            self._sync_status()

    @work(thread=True, exclusive=True, group="sync-status", exit_on_error=False)
    def _sync_status(self) -> None:
        sync = _optional("koop_tui.sync")
        status = getattr(sync, "status", None)
        if status is None:
            return
        state = status(self.backend.root)
        text = getattr(state, "summary", None) or getattr(state, "state", None) or str(state)
        self.call_from_thread(setattr, self, "sub_title", f"sync: {text}" if text else "")

    def action_sync(self) -> None:
        sync = _optional("koop_tui.sync")
        if getattr(sync, "run_sync", None) is None:
            self.notify("Team sync is not available in this version", severity="warning")
            return
        self.notify("Syncing…", timeout=2)
        self._run_sync()

    @work(thread=True, exclusive=True, group="sync", exit_on_error=False)
    def _run_sync(self) -> None:
        from koop_tui.app.messages import DataChanged
        from koop_tui.errors import KoopError

        try:
            result = _optional("koop_tui.sync").run_sync(self.backend.root)
        except (KoopError, OSError) as exc:
            self.call_from_thread(self.notify, str(exc), title="Sync failed", severity="error", timeout=10)
        else:
            message = getattr(result, "message", None) or (result if isinstance(result, str) else "Synced")
            self.call_from_thread(self.notify, str(message), timeout=6)
        changed = self.backend.refresh()
        self.post_message(DataChanged(changed))
        self._sync_status()
