"""Fuzzing the loader: random bytes and mutated partner files only ever give koop's own problems."""

from __future__ import annotations

import shutil
import subprocess
import sys

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from koop_tui.model import Problem
from koop_tui.settings import default_settings
from koop_tui.store import load_workspace, parse_partner_bytes, parse_settings_bytes

from .conftest import ACME, CONFIG, REPO

SETTINGS = default_settings()
VALID = ACME.encode()
FUZZ = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def parse(data: bytes):
    partner, problems = parse_partner_bytes(data, "partners/acme.toml", SETTINGS)
    assert all(isinstance(p, Problem) and p.path == "partners/acme.toml" for p in problems)
    assert all(p.line is None or 1 <= p.line <= max(1, data.count(b"\n") + data.count(b"\r") + 1) for p in problems)
    if partner is None:
        assert any(p.severity == "error" for p in problems)
    return partner, problems


@st.composite
def mutated(draw, base: bytes = VALID) -> bytes:
    """A valid file after a few random edits: flip, insert or delete bytes, swap lines, truncate."""
    data = bytearray(base)
    for _ in range(draw(st.integers(1, 4))):
        op = draw(st.sampled_from(["flip", "insert", "delete", "swap", "truncate", "dup-line", "splice"]))
        at = draw(st.integers(0, max(0, len(data) - 1)))
        if op == "flip" and data:
            data[at] ^= 1 << draw(st.integers(0, 7))
        elif op == "insert":
            data[at:at] = draw(st.binary(min_size=1, max_size=8) | st.sampled_from(
                [b"[", b"]", b'"', b"'''", b"=", b"\n", b"\r\n", b"\x00", b"\xff", b"<<<<<<< x\n", b"[[contacts]]\n",
                 b"\xef\xbb\xbf", b".", b"#", b"{", b"}", b"1979-05-27T07:32:00Z"]))
        elif op == "delete":
            del data[at : at + draw(st.integers(1, 16))]
        elif op in ("swap", "dup-line"):
            lines = bytes(data).split(b"\n")
            i, j = draw(st.integers(0, len(lines) - 1)), draw(st.integers(0, len(lines) - 1))
            if op == "swap":
                lines[i], lines[j] = lines[j], lines[i]
            else:
                lines.insert(j, lines[i])
            data = bytearray(b"\n".join(lines))
        elif op == "truncate":
            del data[at:]
        elif op == "splice":
            data[at:at] = VALID[draw(st.integers(0, len(VALID) - 1)) :][: draw(st.integers(1, 64))]
    return bytes(data)


@FUZZ
@given(st.binary(max_size=2048))
def test_random_bytes_give_problems_never_exceptions(data):
    parse(data)


@FUZZ
@given(mutated())
def test_mutated_partner_files_give_problems_never_exceptions(data):
    parse(data)


@FUZZ
@given(st.text(alphabet=st.sampled_from(list('[]{}="\'.,#\n abc123-_:TZ+')), max_size=300))
def test_toml_shaped_noise_gives_problems_never_exceptions(text):
    parse(b'name = "A"\nslug = "acme"\n' + text.encode())


@settings(max_examples=150, deadline=None)
@given(mutated(CONFIG.read_bytes()))
def test_mutated_koop_toml_gives_problems_never_exceptions(data):
    settings_, problems = parse_settings_bytes(data, "koop.toml")
    assert settings_.kinds and all(p.path == "koop.toml" for p in problems)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(files=st.lists(mutated(), min_size=1, max_size=4))
def test_load_workspace_on_mutated_files_never_raises(tmp_path_factory, files):
    root = tmp_path_factory.mktemp("fuzzws")
    (root / "partners").mkdir()
    shutil.copy(CONFIG, root / "koop.toml")
    for i, data in enumerate(files):
        (root / "partners" / f"p{i}.toml").write_bytes(data.replace(b'"acme"', f'"p{i}"'.encode()))
    workspace = load_workspace(root)
    assert {p.path for p in workspace.problems} <= {f"partners/p{i}.toml" for i in range(len(files))}
    assert set(workspace.partners) | {b.removeprefix("partners/").removesuffix(".toml") for b in workspace.broken} \
        == {f"p{i}" for i in range(len(files))}


def test_koop_check_on_mutated_files_never_prints_a_traceback(tmp_path):
    """One real `koop check` process over a workspace of 60 mutated files (drawn once, reproducibly)."""
    root = tmp_path / "ws"
    (root / "partners").mkdir(parents=True)
    shutil.copy(CONFIG, root / "koop.toml")
    samples = []

    @settings(max_examples=60, deadline=None, database=None, derandomize=True)
    @given(mutated())
    def collect(data):
        samples.append(data)

    collect()
    for i, data in enumerate(samples):
        (root / "partners" / f"m{i:02d}.toml").write_bytes(data.replace(b'"acme"', f'"m{i:02d}"'.encode()))
    before = {p.name: p.read_bytes() for p in (root / "partners").iterdir()}
    proc = subprocess.run([sys.executable, "-m", "koop_tui", "check"], cwd=root, capture_output=True, text=True,
                          timeout=120, env={"PYTHONPATH": str(REPO), "PATH": "/usr/bin:/bin", "HOME": str(tmp_path)})
    assert proc.returncode in (0, 1), proc.stderr
    assert "Traceback" not in proc.stdout + proc.stderr and proc.stderr == ""
    assert all(line.startswith("partners/m") for line in proc.stdout.splitlines()[:-1])
    assert {p.name: p.read_bytes() for p in (root / "partners").iterdir()} == before
