"""Deterministic team-scale workspaces for the benchmark: same seed, same bytes.

Run: python tests/perf/generate.py DIR --partners 5000 --touchpoints 200000 [--contacts 15000] [--seed 7]

Files are canonical (as koop writes them); notes are sized so 5,000 partners / 200,000 touchpoints land near
40 MB, the size of a six-person agency's history after some years.
"""

from __future__ import annotations

import argparse
import random
import sys
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from koop_tui.canonical import dumps_partner  # noqa: E402
from koop_tui.model import Birthday, Contact, FollowUp, Partner, Project, Touchpoint, Vetting  # noqa: E402
from koop_tui.settings import default_settings, default_settings_text  # noqa: E402

TODAY = date(2026, 11, 23)
STAGES = ("prospect", "vetting", "active", "active", "active", "active", "dormant", "ended")
TAGS = ("agency", "print", "seo", "key-account", "photo", "hosting", "events")
SKILLS = ("seo", "translation", "design", "print", "video", "hosting", "legal", "copy")
OWNERS = ("anna", "ben", "cem", "dana", "eli", "fay")
FIRST = ("Jana", "Tom", "Lea", "Max", "Ida", "Paul", "Mia", "Jonas", "Eva", "Lukas", "Nora", "Finn")
LAST = ("Weber", "Schmidt", "Meyer", "Wagner", "Becker", "Hoffmann", "Koch", "Richter", "Klein", "Wolf")
WORDS = ("offer", "budget", "relaunch", "workshop", "follow-up", "invoice", "referral", "print run", "deadline",
         "Q1 plans", "new hire", "fair booth", "coffee", "proposal", "feedback", "shop", "campaign", "lunch")
NOTE_WORDS = 8  # tuned: 5,000 partners / 200,000 touchpoints -> about 40 MB


def _note(rng: random.Random, words: int) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(words)).capitalize() + "."


def _contacts(rng: random.Random, count: int) -> list[Contact]:
    out = []
    for k in range(count):
        first, last = rng.choice(FIRST), rng.choice(LAST)
        out.append(Contact(
            f"{first.lower()}-{k}", f"{first} {last}", role=rng.choice(("CEO", "Sales", "Design", "")),
            email=f"{first.lower()}@example.test" if rng.random() < 0.8 else "",
            phone=f"+49 30 {rng.randint(100000, 999999)}" if rng.random() < 0.6 else "",
            birthday=Birthday(rng.randint(1, 12), rng.randint(1, 28)) if rng.random() < 0.3 else None,
            skills=[rng.choice(SKILLS)] if rng.random() < 0.5 else [],
        ))
    return out


def _touchpoints(rng: random.Random, n: int, count: int, people: list[Contact], kinds: list[str]) -> list[Touchpoint]:
    out, day = [], TODAY - timedelta(days=rng.randint(0, 90))
    for k in range(count):
        who = [rng.choice(people).id] if people and rng.random() < 0.8 else []
        kind = rng.choice(kinds)
        out.append(Touchpoint(f"t{n:05x}{k:04x}", day, kind, "mutual" if kind in ("call", "meeting") else "gave",
                              who, _note(rng, rng.randint(NOTE_WORDS // 2, NOTE_WORDS * 3 // 2)), rng.choice(OWNERS)))
        day -= timedelta(days=rng.randint(0, 25))
    out.sort(key=lambda t: (t.date, t.id))
    return out


def partner(rng: random.Random, n: int, contacts: int, touches: int, kinds: list[str]) -> Partner:
    """Partner number n with about `contacts` contacts and `touches` touchpoints."""
    people = _contacts(rng, contacts)
    stage = rng.choice(STAGES)
    p = Partner(
        f"partner-{n:05d}", f"{rng.choice(LAST)} {rng.choice(('GmbH', 'AG', 'KG', 'Studio'))} {n}", stage=stage,
        owner=rng.choice(OWNERS), tags=sorted(set(rng.sample(TAGS, rng.randint(1, 2)))),
        since=TODAY - timedelta(days=rng.randint(30, 3000)), skills=[rng.choice(SKILLS)],
        website=f"https://partner-{n}.example", note=_note(rng, 8), contacts=people,
        touchpoints=_touchpoints(rng, n, touches, people, kinds),
    )
    if stage == "vetting":
        p.vetting = Vetting(contribution=_note(rng, 4), anchoring="established")
    if rng.random() < 0.3:
        p.followups = [FollowUp(f"f{n:05x}", TODAY + timedelta(days=rng.randint(-20, 40)), "Send offer",
                                people[0].id if people else None)]
    if rng.random() < 0.2:
        end = TODAY - timedelta(days=rng.randint(-60, 200))
        p.projects = [Project(f"p{n:05x}", "Relaunch", end - timedelta(days=120), end if end < TODAY else None)]
    return p


def _spread(total: int, parts: int, rng: random.Random) -> list[int]:
    """`total` split over `parts` unevenly (some partners have a long history), summing exactly to total."""
    weights = [rng.uniform(0.2, 1.8) for _ in range(parts)]
    scale = total / sum(weights)
    counts = [int(w * scale) for w in weights]
    for i in range(total - sum(counts)):
        counts[i % parts] += 1
    return counts


def generate(root: Path, partners: int, touchpoints: int, contacts: int | None = None, seed: int = 7) -> None:
    """Write koop.toml and partners/*.toml into root (created; existing partner files are overwritten)."""
    rng = random.Random(seed)
    settings = default_settings()
    kinds = sorted(settings.kinds)
    (root / "partners").mkdir(parents=True, exist_ok=True)
    (root / "koop.toml").write_text(default_settings_text(), encoding="utf-8")
    touch_counts = _spread(touchpoints, partners, rng) if partners else []
    contact_counts = _spread(contacts if contacts is not None else partners * 3, partners, rng) if partners else []
    for n in range(partners):
        p = partner(rng, n, contact_counts[n], touch_counts[n], kinds)
        (root / "partners" / f"{p.slug}.toml").write_text(dumps_partner(p, settings), encoding="utf-8")


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("dir", type=Path)
    ap.add_argument("--partners", type=int, default=5000)
    ap.add_argument("--touchpoints", type=int, default=None, help="default: 40 per partner")
    ap.add_argument("--contacts", type=int, default=None, help="default: 3 per partner")
    ap.add_argument("--seed", type=int, default=7)
    args = ap.parse_args(argv)
    touches = args.touchpoints if args.touchpoints is not None else args.partners * 40
    generate(args.dir, args.partners, touches, args.contacts, args.seed)
    size = sum(f.stat().st_size for f in (args.dir / "partners").iterdir())
    print(f"{args.dir}: {args.partners} partners, {touches} touchpoints, {size / 1e6:.1f} MB")


if __name__ == "__main__":
    main()
