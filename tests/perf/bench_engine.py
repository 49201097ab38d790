"""Engine speed at team scale on a synthetic in-memory model (prints numbers, never asserts).

Run: python tests/perf/bench_engine.py [--partners 5000] [--contacts 3] [--touches 40] [--runs 5]
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from koop_tui.engine import due_items, due_items_for_partner, partner_view, who  # noqa: E402
from koop_tui.model import Birthday, Contact, FollowUp, Partner, Project, Touchpoint, Workspace  # noqa: E402
from koop_tui.settings import default_settings  # noqa: E402

TODAY = date(2026, 11, 23)
STAGES = ("prospect", "vetting", "active", "active", "active", "dormant", "ended")
SKILLS = ("seo", "translation", "design", "print", "video", "hosting", "legal", "copy")


def synthetic(partners: int, contacts: int, touches: int, seed: int = 7) -> Workspace:
    """A deterministic workspace: `contacts` contacts and `touches` touchpoints per partner on average."""
    rng = random.Random(seed)
    settings = default_settings()
    kinds = list(settings.kinds)
    out = {}
    for n in range(partners):
        slug = f"partner-{n:05d}"
        people = [Contact(f"c{k}", f"Person {n}-{k}", phone="1" if k % 2 else "",
                          birthday=Birthday(rng.randint(1, 12), rng.randint(1, 28)) if k == 0 else None,
                          skills=[rng.choice(SKILLS)])
                  for k in range(rng.randint(max(1, contacts - 2), contacts + 2))]
        tps, day = [], TODAY - timedelta(days=rng.randint(0, 30))
        for k in range(rng.randint(touches // 2, touches * 3 // 2)):
            kind = rng.choice(kinds)
            who_ = [rng.choice(people).id] if rng.random() < 0.5 else []
            tps.append(Touchpoint(f"{n:05x}{k:03x}", day, kind, settings.kinds[kind].direction, who_))
            day -= timedelta(days=rng.randint(0, 24))
        tps.sort(key=lambda t: (t.date, t.id))  # as in canonical files
        tps.append(tps.pop(rng.randrange(len(tps))))  # one touch appended out of order
        out[slug] = Partner(
            slug, f"Partner {n}", stage=rng.choice(STAGES), owner=rng.choice(("anna", "ben", "")),
            tags=[rng.choice(("agency", "print", "web", "agency", "print", "key-account"))], since=TODAY - timedelta(days=rng.randint(30, 3000)),
            skills=[rng.choice(SKILLS)], contacts=people, touchpoints=tps,
            followups=[FollowUp(f"f{n:05x}", TODAY + timedelta(days=rng.randint(-20, 20)), "Send offer")]
            if rng.random() < 0.3 else [],
            projects=[Project(f"p{n:05x}", "Project", TODAY - timedelta(days=200), TODAY - timedelta(days=rng.randint(-30, 100)))]
            if rng.random() < 0.2 else [],
        )
    return Workspace(settings, out)


def timed(fn, runs: int) -> tuple[float, float]:
    """Median wall and CPU seconds (CPU time is the fairer figure on a busy machine)."""
    wall, cpu = [], []
    for _ in range(runs):
        start, start_cpu = time.perf_counter(), time.process_time()
        fn()
        wall.append(time.perf_counter() - start)
        cpu.append(time.process_time() - start_cpu)
    return statistics.median(wall), statistics.median(cpu)


def calibration() -> float:
    """CPU seconds for a 10-million-step Python loop, to compare machines."""
    start = time.process_time()
    total = 0
    for i in range(10_000_000):
        total += i
    return time.process_time() - start


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--partners", type=int, default=5000)
    ap.add_argument("--contacts", type=int, default=3)
    ap.add_argument("--touches", type=int, default=40)
    ap.add_argument("--runs", type=int, default=5)
    args = ap.parse_args()
    ws = synthetic(args.partners, args.contacts, args.touches)
    n_contacts = sum(len(p.contacts) for p in ws.partners.values())
    n_touches = sum(len(p.touchpoints) for p in ws.partners.values())
    print(f"workspace: {len(ws.partners)} partners, {n_contacts} contacts, {n_touches} touchpoints")
    slug = next(iter(ws.partners))
    rows = [
        ("due_items (all)", lambda: due_items(ws, TODAY)),
        ("due_items (within 60, owner anna)", lambda: due_items(ws, TODAY, within=60, owner="anna")),
        ("due_items_for_partner", lambda: due_items_for_partner(ws, slug, TODAY)),
        ("partner_view", lambda: partner_view(ws, slug, TODAY)),
        ("who seo translation", lambda: who(ws, ["seo", "translation"], TODAY)),
    ]
    print(f"machine: 10M-step Python loop takes {calibration():.2f} s CPU")
    print(f"{'operation':<36} {'wall':>10} {'cpu':>10}")
    for name, fn in rows:
        runs = args.runs if "partner" not in name else args.runs * 20
        wall, cpu = timed(fn, runs)
        print(f"{name:<36} {wall * 1000:>7.2f} ms {cpu * 1000:>7.2f} ms")
    print(f"items due today: {len(due_items(ws, TODAY))}")


if __name__ == "__main__":
    main()
