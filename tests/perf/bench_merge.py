"""Merge-driver and status speed (prints numbers, never asserts).

Run: python tests/perf/bench_merge.py [--touches 1000] [--each-side 50] [--runs 7] [--partners 1500]
Targets: <= 200 ms for a merge of two 1,000-touchpoint files, parsing and writing included; < 50 ms for
`sync.status` on a clean repository.
"""

from __future__ import annotations

import argparse
import random
import os
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from koop_tui.canonical import canonical_partner_dict, dumps  # noqa: E402
from koop_tui.sync.merge import merge_texts  # noqa: E402
from koop_tui.sync.state import status  # noqa: E402

KINDS = ("call", "mail", "meeting", "comment", "recommendation")


def touches(rng: random.Random, prefix: str, count: int, start: date) -> list[dict]:
    return [
        {"id": f"{prefix}{n:05d}", "date": start + timedelta(days=rng.randint(0, 2000)),
         "kind": rng.choice(KINDS), "contacts": rng.sample(["jana", "tom", "lea"], rng.randint(0, 2)),
         "note": f"Talked about item {n}", "by": rng.choice(["anna", "tom"])}
        for n in range(count)
    ]


def sides(total: int, each_side: int) -> tuple[str, str, str]:
    rng = random.Random(11)
    base = {
        "name": "Muster GmbH", "slug": "muster-gmbh", "stage": "active", "tags": ["agency"],
        "contacts": [{"id": c, "name": c.title(), "phone": "+49 30 0"} for c in ("jana", "tom", "lea")],
        "touchpoints": touches(rng, "b", total - each_side, date(2020, 1, 1)),
        "followups": [{"id": f"f{n:04d}", "due": date(2026, 1, 1) + timedelta(days=n), "text": "Call"}
                      for n in range(40)],
    }
    ours = dict(base, stage="dormant", note="ours", touchpoints=base["touchpoints"] + touches(rng, "o", each_side, date(2026, 1, 1)))
    theirs = dict(base, note="theirs", touchpoints=base["touchpoints"] + touches(rng, "t", each_side, date(2026, 1, 1)))
    theirs["contacts"] = [dict(base["contacts"][0], phone="+49 30 9"), *base["contacts"][1:]]
    return tuple(dumps(canonical_partner_dict(d)) for d in (base, ours, theirs))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--touches", type=int, default=1000)
    parser.add_argument("--each-side", type=int, default=50)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--partners", type=int, default=1500)
    args = parser.parse_args()
    base, ours, theirs = sides(args.touches, args.each_side)
    times, cpu = [], []
    for _ in range(args.runs):
        start, start_cpu = time.perf_counter(), time.process_time()
        out = merge_texts(base, ours, theirs)
        times.append((time.perf_counter() - start) * 1000)
        cpu.append((time.process_time() - start_cpu) * 1000)
    print(f"merge of two {args.touches}-touchpoint partner files ({len(ours) // 1024} KiB each, "
          f"{args.each_side} new touchpoints per side, 1 conflict): median {statistics.median(times):.1f} ms, "
          f"best {min(times):.1f} ms, worst {max(times):.1f} ms wall; median {statistics.median(cpu):.1f} ms CPU; "
          f"{args.runs} runs; result {out.text.count('[[touchpoints]]')} touchpoints, {len(out.conflicts)} conflicts")

    bench_status(args.partners, args.runs)


def bench_status(partners: int, runs: int) -> None:
    """`sync.status` on a clean repository with `partners` committed partner files."""
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        (root / "partners").mkdir()
        (root / "koop.toml").write_text('name = "Bench"\n')
        for n in range(partners):
            (root / "partners" / f"p{n:05d}.toml").write_text(f'name = "P {n}"\nslug = "p{n:05d}"\n')
        env = dict(os.environ, GIT_AUTHOR_NAME="b", GIT_AUTHOR_EMAIL="b@x", GIT_COMMITTER_NAME="b",
                   GIT_COMMITTER_EMAIL="b@x")
        for cmd in (["init", "-q"], ["add", "-A"], ["commit", "-qm", "bench"]):
            subprocess.run(["git", *cmd], cwd=root, env=env, check=True)
        status(root)  # first call fills the conflict-scan cache
        times = []
        for _ in range(runs):
            start = time.perf_counter()
            state = status(root)
            times.append((time.perf_counter() - start) * 1000)
        print(f"sync.status on a clean repository with {partners} partner files: median "
              f"{statistics.median(times):.1f} ms, best {min(times):.1f} ms ({state.state})")


if __name__ == "__main__":
    main()
