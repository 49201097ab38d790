"""docs/screenshot.py, which draws the README's picture, still runs and draws the due screen."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from tests.app.pictures import screen_lines

REPO = Path(__file__).resolve().parents[2]


def test_screenshot_script_draws_the_due_screen_of_the_demo(tmp_path):
    out = tmp_path / "shot.svg"
    done = subprocess.run([sys.executable, "docs/screenshot.py", "--out", str(out), "--height", "24"],
                          cwd=REPO, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout == f"wrote {out}\n"
    svg = out.read_text(encoding="utf-8")
    text = "\n".join(screen_lines(svg))
    assert svg.startswith("<svg") and "Anna Berger · Kooperationen — sync: clean" in text
    assert "▲ 6 overdue  ● 36 due  ◐ 6 soon" in text
    assert "▲ overdue  54 d late  Café Konzept Agentur       Call Carla Keller" in text  # most days late first
