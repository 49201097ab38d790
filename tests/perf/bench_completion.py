"""What one Tab costs: `python tests/perf/bench_completion.py [DIR]` times `koop completion --values` in a fresh
process, as the shell runs it, on DIR (default: a new 5,000-partner workspace from generate.py). Prints, never
asserts; the target is 0.2 s."""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]


def main(root: Path | None = None) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        if root is None:
            root = Path(tmp) / "ws"
            subprocess.run([sys.executable, str(REPO / "tests/perf/generate.py"), str(root), "--partners", "5000"],
                           check=True, capture_output=True)
        slug = sorted(os.listdir(root / "partners"))[0].removesuffix(".toml")
        env = {**os.environ, "PYTHONPATH": str(REPO)}
        cases = [("slugs", ["targets", ""]), ("contacts", ["targets", f"{slug}/"]), ("owners", ["owners", ""])]
        for label, args in cases:
            times = []
            for _ in range(5):
                start = time.perf_counter()
                subprocess.run([sys.executable, "-m", "koop_tui", "completion", "--values", *args], cwd=root,
                               env=env, check=True, capture_output=True)
                times.append(time.perf_counter() - start)
            print(f"{label:9} median {statistics.median(times) * 1000:4.0f} ms, best {min(times) * 1000:4.0f} ms")


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else None)
