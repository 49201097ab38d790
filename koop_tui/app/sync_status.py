"""Sync state in the header and the `S` key."""

from __future__ import annotations

from textual import work

from koop_tui.i18n import _, ngettext, number
from koop_tui.words import plural


class SyncMixin:
    """Runs `koop_tui.sync.status` / `run_sync` in workers and shows the state as the sub-title."""

    def update_sync_status(self) -> None:
        self._sync_status()

    @work(thread=True, exclusive=True, group="sync-status", exit_on_error=False)
    def _sync_status(self) -> None:
        from koop_tui.sync import status

        text = status(self.backend.root).summary
        parts = [_("sync: {state}").format(state=text)] if text else []
        if self.backend.settings_broken():  # the lists are computed with defaults standing in: `!` says why
            parts.insert(0, "⚠ koop.toml")  # first: a long title is cut at its end
        self.call_from_thread(setattr, self, "sub_title", " · ".join(parts))

    def action_sync(self) -> None:
        self.notify(_("Syncing…"), timeout=2)
        self._run_sync()

    @work(thread=True, exclusive=True, group="sync", exit_on_error=False)
    def _run_sync(self) -> None:
        from koop_tui.app.messages import DataChanged
        from koop_tui.errors import KoopError
        from koop_tui.sync import run_sync

        def progress(done: int, total: int) -> None:
            if total > 20 and (done == total or done % 50 == 0):
                self.call_from_thread(setattr, self, "sub_title", ngettext(
                    "sync: merging {done} of {n} file", "sync: merging {done} of {n} files", total).format(
                        done=number(done), n=number(total)))

        try:
            result = run_sync(self.backend.root, progress=progress)
        except (KoopError, OSError) as exc:
            self.call_from_thread(self.notify, str(exc), title=_("Sync failed"), severity="error", timeout=10)
        else:
            if result.ok:
                lines = [result.message or _("Synced"), result.incoming.partners_text() if result.incoming else "",
                         *result.deletions_met()]
                if result.conflicts:
                    lines.append(plural(len(result.conflicts), "{n} file with conflicts to resolve",
                                                "{n} files with conflicts to resolve"))
                self.call_from_thread(self.notify, "\n".join(line for line in lines if line), timeout=8,
                                      severity="warning" if result.conflicts else "information")
            else:  # stopped: what happened and what to do
                text = f"{result.message}\n{result.hint}" if result.hint else result.message
                self.call_from_thread(self.notify, text, title=_("Sync stopped"), severity="warning", timeout=12)
        changed = self.backend.refresh()
        self.post_message(DataChanged(changed))
        self._sync_status()
