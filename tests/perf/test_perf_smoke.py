"""The generator and the benchmark keep working (tiny sizes; the figures themselves are not asserted)."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from koop_tui.store import load_workspace

HERE = Path(__file__).resolve().parent


def test_generator_is_deterministic_and_valid(tmp_path):
    for name in ("a", "b"):
        subprocess.run([sys.executable, str(HERE / "generate.py"), str(tmp_path / name), "--partners", "4",
                        "--touchpoints", "50", "--contacts", "9", "--seed", "5"], check=True, capture_output=True)
    files = sorted(p.name for p in (tmp_path / "a" / "partners").iterdir())
    assert files == [f"partner-{n:05d}.toml" for n in range(4)]
    for name in files:
        assert (tmp_path / "a" / "partners" / name).read_bytes() == (tmp_path / "b" / "partners" / name).read_bytes()
    ws = load_workspace(tmp_path / "a")
    assert ws.problems == []
    assert sum(len(p.touchpoints) for p in ws.partners.values()) == 50
    assert sum(len(p.contacts) for p in ws.partners.values()) == 9


def test_bench_quick_prints_every_figure(tmp_path):
    out = subprocess.run([sys.executable, str(HERE / "bench.py"), "--quick", "--partners", "4", "--dir",
                          str(tmp_path)], check=True, capture_output=True, text=True, timeout=240).stdout
    for figure in ("Textual empty app, first paint", "read all partner bytes", "cold start to due list painted",
                   "warm start to due list painted", "koop due --json, cold", "koop due --json, warm",
                   "koop check", "koop export", "save one touchpoint", "filter as you type",
                   "sync merge of one file", "demo workspace, first paint"):
        line = next(line for line in out.splitlines() if line.startswith(figure))
        assert re.search(r"\d+(\.\d+)? (ms|s)", line), line
    for ratio in ("Textual table, 40 rows painted, x empty app", "Textual table x empty app, CPU",
                  "warm start to due list painted, x empty app ", "warm start to due list painted, x empty app, CPU"):
        line = next(line for line in out.splitlines() if line.startswith(ratio))
        assert re.search(r"\d+\.\d\dx", line), line


def test_alternating_bench_prints_every_command(tmp_path):
    ws = tmp_path / "ws"
    subprocess.run([sys.executable, str(HERE / "generate.py"), str(ws), "--partners", "4", "--touchpoints", "50"],
                   check=True, capture_output=True)
    commands = ("help", "logslug", "logname", "search", "due", "duecold")
    out = subprocess.run([sys.executable, str(HERE / "bench_alternate.py"), str(ws),
                          f"a={HERE.parents[1]},b={HERE.parents[1]}", ",".join(commands), "--runs", "1"],
                         check=True, capture_output=True, text=True, timeout=240).stdout
    for command in commands:
        for tree in ("a", "b"):
            line = next(line for line in out.splitlines() if line.startswith(f"{command:9} {tree} "))
            assert re.search(r"CPU \d+\.\d{3} s  wall \d+\.\d{3} s", line), line


def test_alternating_bench_reads_the_app_at_its_first_frame(tmp_path):
    ws = tmp_path / "ws"
    subprocess.run([sys.executable, str(HERE / "generate.py"), str(ws), "--partners", "4", "--touchpoints", "50"],
                   check=True, capture_output=True)
    out = subprocess.run([sys.executable, str(HERE / "bench_alternate.py"), str(ws), f"a={HERE.parents[1]}",
                          "appempty,appwarm", "--runs", "1"], check=True, capture_output=True, text=True,
                         timeout=240).stdout
    line = next(line for line in out.splitlines() if line.startswith("appwarm   a "))
    assert re.search(r"CPU \d+\.\d{3} s  wall \d+\.\d{3} s  \| × empty app: CPU \d+\.\d\dx, wall \d+\.\d\dx", line), line


@pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed")
def test_tmux_bench_prints_each_checkout_against_the_empty_app(tmp_path):
    ws = tmp_path / "ws"
    subprocess.run([sys.executable, str(HERE / "generate.py"), str(ws), "--partners", "4", "--touchpoints", "50"],
                   check=True, capture_output=True)
    out = subprocess.run([sys.executable, str(HERE / "bench_tmux.py"), str(ws), f"a={HERE.parents[1]}", "--runs", "1"],
                         check=True, capture_output=True, text=True, timeout=240).stdout
    for name in ("empty", "a"):
        line = next(line for line in out.splitlines() if line.startswith(f"{name:10} "))
        assert re.search(r"wall \d+\.\d{3} s .* = \d+\.\d\dx empty", line), line


def test_capture_bench_prints_every_figure():
    out = subprocess.run([sys.executable, str(HERE / "bench_capture.py"), "--messages", "30"], check=True,
                         capture_output=True, text=True, timeout=240).stdout
    for figure in ("Maildir, 30 messages, first run", "Maildir, nothing new", "IMAP, 30 messages, first run",
                   "IMAP, nothing new"):
        line = next(line for line in out.splitlines() if line.startswith(figure))
        assert re.search(r"\d+\.\d\d s   \d+ touchpoints? captured", line), line


def test_cache_store_bench_compares_marshal_and_sqlite_on_each_cache(tmp_path):
    ws = tmp_path / "ws"
    subprocess.run([sys.executable, str(HERE / "generate.py"), str(ws), "--partners", "4", "--touchpoints", "50"],
                   check=True, capture_output=True)
    for command in ("check", "due"):  # check leaves the load cache, due the due caches
        subprocess.run([sys.executable, "-m", "koop_tui", "-w", str(ws), command], check=True, capture_output=True)
    out = subprocess.run([sys.executable, str(HERE / "bench_cache_store.py"), str(ws), "--runs", "1"], check=True,
                         capture_output=True, text=True, timeout=120).stdout
    for row in ("load: read all", "load: write one", "load: write all", "due: read all", "due: write one",
                "due: write all", "due list: read the head"):
        line = next(line for line in out.splitlines() if line.startswith(row))
        assert re.fullmatch(r".*\s\d+\.\d\s+\d+\.\d", line), line
