"""A large load is frozen out of the cyclic collector's sight; a small one is not. koop's start-up runs without
collections until its command runs or the app's first list is up."""

from __future__ import annotations

import gc
import weakref

import pytest

from koop_tui import gcpause
from koop_tui.__main__ import main
from koop_tui.gcpause import hold_for_start_up, keep_to_exit, paused_gc, start_up_over
from koop_tui.index import warm as loader


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


@pytest.fixture
def restored():
    yield
    gcpause._held = False
    gc.enable()


def test_start_up_holds_the_collector_until_it_is_over(restored):
    start_up_over()  # nothing held: nothing happens
    assert gc.isenabled() and gc.get_freeze_count() == 0
    hold_for_start_up()
    with paused_gc():  # a load during start-up leaves the collector held
        pass
    assert not gc.isenabled()
    start_up_over()
    assert gc.isenabled() and gc.get_freeze_count() > 0  # what start-up made is out of the collector's sight
    gc.disable()
    start_up_over()  # once only
    assert not gc.isenabled()


@pytest.mark.parametrize("command, held", [("sync", False), ("check", True)])
def test_the_entry_point_holds_the_collector_until_the_command_runs(ws, restored, monkeypatch, command, held):
    """...and for a command that loads once and ends (ONE_LOAD), until the process ends."""
    import importlib

    module = importlib.import_module(f"koop_tui.cli.{command}")
    seen = []
    monkeypatch.setattr(module, "run", lambda args: seen.append((gc.isenabled(), gc.get_freeze_count() > 0)) or 0)
    monkeypatch.setattr("sys.argv", ["koop", "-w", str(ws), command])
    assert main() == 0 and seen == [(False, False) if held else (True, True)]
    gc.unfreeze()
    gc.enable()
    assert main(["-w", str(ws), command]) == 0 and seen[-1] == (True, False)  # called with arguments: no hold


def test_keep_to_exit_holds_the_last_object_given_only():
    class Box:
        pass

    first, second = Box(), Box()
    first_ref, second_ref = weakref.ref(first), weakref.ref(second)
    keep_to_exit(first)
    del first
    assert first_ref() is not None
    keep_to_exit(second)
    del second
    assert first_ref() is None and second_ref() is not None
    keep_to_exit(None)
    assert second_ref() is None
