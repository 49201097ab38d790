"""Team sync over git: auto-commit, `koop sync`, the record-level merge driver, cheap status.

The app calls `run_sync(root)` and `status(root)` from worker threads; both return data and never print.
"""

from koop_tui.sync.commit import CommitOutcome, auto_commit
from koop_tui.sync.driver import register_merge_driver
from koop_tui.sync.run import SyncResult, run_sync
from koop_tui.sync.status import SyncStatus, status

__all__ = [
    "CommitOutcome", "SyncResult", "SyncStatus", "auto_commit", "register_merge_driver", "run_sync", "status",
]
