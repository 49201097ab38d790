"""A large load is frozen out of the cyclic collector's sight; a small one is not."""

from __future__ import annotations

import gc

import pytest

from koop_tui.gcpause import paused_gc
from koop_tui.store import loader


@pytest.fixture(autouse=True)
def unfrozen():
    gc.unfreeze()
    yield
    gc.unfreeze()


def test_keep_freezes_what_is_alive_and_the_collector_resumes():
    with paused_gc():
        kept = [[n] for n in range(1000)]
        assert not gc.isenabled()
    assert gc.isenabled() and gc.get_freeze_count() == 0 and id(kept[-1]) in {id(o) for o in gc.get_objects()}
    with paused_gc(keep=True):
        kept += [[n] for n in range(1000)]
    assert gc.isenabled() and gc.get_freeze_count() >= 2000
    tracked = {id(obj) for obj in gc.get_objects()}  # what collections scan; frozen objects are not among them
    assert id(kept[-1]) not in tracked and gc.is_tracked(kept[-1])


def test_the_loader_keeps_large_workspaces_only(ws, monkeypatch):
    loaded = loader.load(ws)
    assert list(loaded.workspace.partners) == ["ok"] and gc.get_freeze_count() == 0
    monkeypatch.setattr(loader, "KEEP_AT", 1)
    loaded = loader.load(ws)
    assert gc.get_freeze_count() > 0 and gc.isenabled()
    assert loaded.workspace.partners["ok"].name == "Ok"
