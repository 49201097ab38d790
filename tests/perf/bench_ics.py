"""Time the calendar for a team-sized due list: `python tests/perf/bench_ics.py [N]` prints the figures."""

from __future__ import annotations

import sys
import time
from datetime import date, timedelta

from koop_tui import ics
from koop_tui.model import DueItem
from koop_tui.settings import default_settings


def items(n: int, today: date) -> list[DueItem]:
    kinds = ("contact", "followup", "birthday", "campaign")
    out = []
    for i in range(n):
        kind = kinds[i % len(kinds)]
        out.append(DueItem(
            key=f"{kind}:partner-{i}/c{i}", kind=kind, partner=f"partner-{i}", partner_name=f"Partner Nr. {i} GmbH",
            title="Angebot für die Überarbeitung schicken", status=("overdue", "due", "soon")[i % 3],
            due=today + timedelta(days=i % 90 - 30),
            explanation=f"last: call {i % 90} d ago (Jürgen Müller); cadence 30 d from stage active; ratio 1.37 → due",
            contact=f"c{i}", contact_name=f"Kontakt {i}", stage="active", tags=("agency", "seo"),
            changed=today - timedelta(days=i % 40), recurring=kind == "birthday",
        ))
    return out


def main(n: int = 5000) -> None:
    today = date(2026, 11, 23)
    data = items(n, today)
    settings = default_settings()
    best = float("inf")
    for _ in range(3):
        start = time.perf_counter()
        body = ics.build_calendar(data, settings, "bench", today, options=ics.Options(horizon_days=365))
        best = min(best, time.perf_counter() - start)
    print(f"build_calendar: {n} items -> {body.count(b'BEGIN:VEVENT')} events, {len(body) / 1e6:.2f} MB "
          f"in {best * 1000:.0f} ms (best of 3)")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 5000)
