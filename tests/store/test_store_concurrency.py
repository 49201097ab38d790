"""Two processes logging to the same partner at once: every touchpoint survives."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from koop_tui.store import load_workspace

REPO = Path(__file__).resolve().parents[2]
WORKER = """
import sys
from datetime import date
from koop_tui.model import Touchpoint
from koop_tui.store import Store
store = Store(sys.argv[1])
for i in range(int(sys.argv[2])):
    store.log_touch("acme", Touchpoint(id="", date=date(2026, 11, 1 + i % 20), kind="mail", direction="", note=sys.argv[3] + str(i)))
"""


def test_two_processes_logging_to_one_partner_both_survive(ws):
    subprocess.run(["git", "init", "-q"], cwd=ws, check=True)
    (ws / "partners" / "acme.toml").write_text('name = "Acme"\nslug = "acme"\n')
    env = dict(os.environ, PYTHONPATH=str(REPO))
    procs = [
        subprocess.Popen([sys.executable, "-c", WORKER, str(ws), "15", tag], env=env, stderr=subprocess.PIPE)
        for tag in ("a", "b")
    ]
    for proc in procs:
        _, err = proc.communicate(timeout=60)
        assert proc.returncode == 0, err.decode()
    notes = sorted(t.note for t in load_workspace(ws).partners["acme"].touchpoints)
    assert notes == sorted([f"a{i}" for i in range(15)] + [f"b{i}" for i in range(15)])
