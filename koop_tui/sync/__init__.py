"""Team sync over git: auto-commit, `koop sync`, the record-level merge driver, cheap status.

The app calls `run_sync(root)` and `status(root)` from worker threads; both return data and never print.
Names are imported on first use, so the merge driver (started by git once per file) loads only what it needs.
"""

from __future__ import annotations

from importlib import import_module

_EXPORTS = {
    "CommitOutcome": "commit", "auto_commit": "commit", "commit_hand_edit": "commit",
    "register_merge_driver": "driver",
    "SyncResult": "run", "run_sync": "run", "SyncStatus": "state", "status": "state",
}
__all__ = sorted(_EXPORTS)


def __getattr__(name: str):
    if name not in _EXPORTS:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(import_module(f"koop_tui.sync.{_EXPORTS[name]}"), name)
