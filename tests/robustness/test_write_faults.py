"""Faults while saving: full disk, file size limit, permissions, a crash before the rename, two writers, an editor."""

from __future__ import annotations

import errno
import os
import resource
import signal
import subprocess
import sys
import time
from datetime import date

import pytest

from koop_tui.errors import ConflictError
from koop_tui.model import Touchpoint
from koop_tui.store import Store, files, load_workspace

from .conftest import ACME, REPO, TODAY, assert_short_error, snapshot


def is_partner_temp(fd: int) -> bool:
    """True for the temp file of a partner save (other writes, such as the cache, are left alone)."""
    return files.TEMP_PREFIX in os.readlink(f"/proc/self/fd/{fd}")


def temp_files(ws):
    return sorted(p.name for p in (ws / "partners").iterdir() if p.name.startswith(files.TEMP_PREFIX))


class FailingHandle:
    """A temp file whose write fails like a full disk."""

    def __init__(self, handle, error):
        self.handle, self.error = handle, error

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.handle.close()

    def write(self, data):
        self.handle.write(data[: len(data) // 2])
        raise self.error

    def __getattr__(self, name):
        return getattr(self.handle, name)


@pytest.mark.parametrize("code,text", [(errno.ENOSPC, "No space left on device"), (errno.EDQUOT, "Disk quota exceeded"),
                                       (errno.EIO, "Input/output error")])
def test_a_failing_write_leaves_the_old_file_and_says_why(ws, koop, monkeypatch, code, text):
    real = os.fdopen
    def failing(fd, *args, **kwargs):
        handle = real(fd, *args, **kwargs)
        return FailingHandle(handle, OSError(code, text)) if is_partner_temp(fd) else handle

    monkeypatch.setattr(files.os, "fdopen", failing)
    before = snapshot(ws)
    ran = koop("log", "acme", "call", "--note", "lost?", cwd=ws)
    assert_short_error(ran, 1, "partners/acme.toml", text)
    assert snapshot(ws) == before and temp_files(ws) == []


@pytest.mark.parametrize("code,text", [(errno.EACCES, "Permission denied"), (errno.EROFS, "Read-only file system")])
def test_a_read_only_directory_refuses_the_save_cleanly(ws, koop, monkeypatch, code, text):
    def refuse(*args, **kwargs):
        raise OSError(code, text)

    monkeypatch.setattr(files.tempfile, "mkstemp", refuse)
    before = snapshot(ws)
    for args in (("log", "acme", "call"), ("set", "acme", "stage=dormant"), ("add", "partner", "Neu GmbH")):
        ran = koop(*args, cwd=ws)
        assert_short_error(ran, 1, text)
    assert snapshot(ws) == before


def test_an_unreadable_partner_file_is_a_problem_and_the_rest_loads(ws, koop, monkeypatch):
    real = os.open

    def guarded(path, flags, *args, **kwargs):
        if str(path).endswith("acme.toml"):
            raise PermissionError(errno.EACCES, "Permission denied", str(path))
        return real(path, flags, *args, **kwargs)

    monkeypatch.setattr(files.os, "open", guarded)
    ran = koop("check", cwd=ws)
    assert ran.code == 1 and "partners/acme.toml: cannot read: Permission denied" in ran.out
    assert "1 partner loaded" in ran.out
    ran = koop("log", "acme", "call", cwd=ws)
    assert_short_error(ran, 1, "partners/acme.toml")


def _limit_file_size(limit: int):
    def apply():
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))
    return apply


def test_file_size_limit_in_a_real_process_keeps_the_old_file(ws, koop_process):
    before = snapshot(ws)
    size = (ws / "partners" / "acme.toml").stat().st_size
    ran = koop_process("log", "acme", "call", "--note", "x" * 500, cwd=ws, env={"PYTHONDONTWRITEBYTECODE": "1"},
                       preexec_fn=_limit_file_size(size + 50))
    assert_short_error(ran, 1, "partners/acme.toml", "File too large")
    assert snapshot(ws) == before and temp_files(ws) == []


CRASHER = """
import os, sys, time
from datetime import date
from koop_tui.model import Touchpoint
from koop_tui.store import Store, files

real = os.fdopen
class Half:
    def __init__(self, handle): self.handle = handle
    def __enter__(self): return self
    def __exit__(self, *exc): self.handle.close()
    def write(self, data):
        self.handle.write(data[: len(data) // 2]); self.handle.flush()
        print("half-written", flush=True); time.sleep(60)
    def __getattr__(self, name): return getattr(self.handle, name)
def half(fd, *a, **k):
    handle = real(fd, *a, **k)
    return Half(handle) if files.TEMP_PREFIX in os.readlink(f"/proc/self/fd/{fd}") else handle
files.os.fdopen = half
Store(sys.argv[1]).log_touch("acme", Touchpoint(id="", date=date(2026, 11, 20), kind="call", direction="", note="crash"))
"""


def test_a_crash_between_write_and_replace_keeps_the_old_content(ws, koop):
    before = snapshot(ws)
    proc = subprocess.Popen([sys.executable, "-c", CRASHER, str(ws)], stdout=subprocess.PIPE,
                            env=dict(os.environ, PYTHONPATH=str(REPO)))
    try:
        assert proc.stdout.readline() == b"half-written\n"
        os.kill(proc.pid, signal.SIGKILL)
    finally:
        proc.wait(timeout=30)
        proc.stdout.close()
    assert proc.returncode == -signal.SIGKILL
    leftovers = temp_files(ws)
    assert len(leftovers) == 1, "the half-written temp file is all that is left"
    assert {k: v for k, v in snapshot(ws).items() if files.TEMP_PREFIX not in k} == before
    ran = koop("check", cwd=ws)
    assert (ran.code, ran.out) == (0, "ok: 2 partners, no problems\n")
    old = time.time() - 3600
    os.utime(ws / "partners" / leftovers[0], (old, old))
    load_workspace(ws)
    assert temp_files(ws) == [] and snapshot(ws) == before


def test_a_failing_rename_keeps_the_old_file(ws, koop, monkeypatch):
    def refuse(*args):
        raise OSError(errno.EXDEV, "Invalid cross-device link")

    monkeypatch.setattr(files.os, "replace", refuse)
    before = snapshot(ws)
    ran = koop("log", "acme", "call", cwd=ws)
    assert_short_error(ran, 1, "partners/acme.toml")
    assert snapshot(ws) == before and temp_files(ws) == []


def test_four_koop_processes_logging_at_once_all_survive(git_ws):
    env = dict(os.environ, PYTHONPATH=str(REPO), KOOP_TODAY=TODAY, KOOP_USER="anna")
    procs = [subprocess.Popen([sys.executable, "-m", "koop_tui", "log", "acme", "mail", "--note", f"writer {i}"],
                              cwd=git_ws, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE) for i in range(4)]
    for proc in procs:
        out, err = proc.communicate(timeout=120)
        assert proc.returncode == 0, err.decode()
        assert b"Traceback" not in err
    notes = sorted(t.note for t in load_workspace(git_ws).partners["acme"].touchpoints)
    assert notes == ["Talked about Q1."] + [f"writer {i}" for i in range(4)]


def _same_size_edit(ws, old: str, new: str) -> bytes:
    """Edit like an editor on a coarse-mtime file system: same size, mtime put back."""
    path = ws / "partners" / "acme.toml"
    st = path.stat()
    data = path.read_bytes().replace(old.encode(), new.encode())
    assert len(data) == st.st_size
    path.write_bytes(data)
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns))
    return data


def test_editor_edit_with_restored_mtime_is_kept_when_logging(ws):
    store = Store(ws)
    _same_size_edit(ws, "+49 30 1234567", "+49 30 7654321")
    store.log_touch("acme", Touchpoint(id="", date=date(2026, 11, 20), kind="call", direction="", note="after edit"))
    text = (ws / "partners" / "acme.toml").read_text()
    assert '"+49 30 7654321"' in text and "after edit" in text


def test_editor_edit_of_the_same_field_is_a_conflict_not_an_overwrite(ws):
    store = Store(ws)
    edited = _same_size_edit(ws, 'stage = "active"', 'stage = "ended" ')
    with pytest.raises(ConflictError):
        store.set_fields("acme", None, {"stage": "dormant"})
    assert (ws / "partners" / "acme.toml").read_bytes() == edited


def test_a_partner_file_deleted_under_the_app_is_not_recreated(ws):
    store = Store(ws)
    (ws / "partners" / "acme.toml").unlink()
    with pytest.raises(ConflictError, match="deleted on disk"):
        store.log_touch("acme", Touchpoint(id="", date=date(2026, 11, 20), kind="call", direction=""))
    assert not (ws / "partners" / "acme.toml").exists()


def test_a_symlink_swapped_in_under_the_app_is_never_written_through(ws, tmp_path):
    store = Store(ws)
    target = tmp_path / "elsewhere.toml"
    target.write_text(ACME)
    (ws / "partners" / "acme.toml").unlink()
    os.symlink(target, ws / "partners" / "acme.toml")
    with pytest.raises(Exception) as info:
        store.log_touch("acme", Touchpoint(id="", date=date(2026, 11, 20), kind="call", direction=""))
    assert type(info.value).__name__ in ("KoopError", "ConflictError")
    assert target.read_text() == ACME and os.path.islink(ws / "partners" / "acme.toml")
