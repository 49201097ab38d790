"""Time `koop import` of a large address book: `python tests/perf/bench_import.py [N]` prints the figures.

Generates N contacts (three per organisation, some without one) as a vCard 3.0 file and as a Google CSV,
imports each into a fresh workspace through the real CLI, then imports it again (nothing to do).
"""

from __future__ import annotations

import csv
import io
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
GIVEN = ("Jana", "Tom", "Jürgen", "Émilie", "Sören", "Lena", "Ole", "Ana", "Kai", "Zoë", "Paul", "Mia")
FAMILY = ("Weber", "Becker", "Müller", "Laurent", "Krüger", "Schäfer", "Hansen", "García", "Brandt", "Klein")
FORMS = ("GmbH", "AG", "e.K.", "UG (haftungsbeschränkt)", "Ltd", "S.A.R.L.", "")


def people(n: int):
    for i in range(n):
        name = f"{GIVEN[i % len(GIVEN)]} {FAMILY[(i // 7) % len(FAMILY)]} {i}"
        org = "" if i % 10 == 9 else f"Agentur Nr. {i // 3} {FORMS[(i // 3) % len(FORMS)]}".strip()
        yield i, name, org


def vcards(n: int) -> str:
    cards = []
    for i, name, org in people(n):
        given, family = name.split(" ", 1)
        cards.append(
            f"BEGIN:VCARD\r\nVERSION:3.0\r\nN:{family};{given};;;\r\nFN:{name}\r\nORG:{org};\r\n"
            f"TITLE:Projektleitung\r\nEMAIL;type=INTERNET;type=WORK;type=pref:p{i}@example.test\r\n"
            f"TEL;type=CELL:+49 170 {i:07d}\r\nBDAY:{1960 + i % 40}-{1 + i % 12:02d}-{1 + i % 28:02d}\r\n"
            f"NOTE:Kennt sich mit Druck und Web aus\\, trifft man auf der DMEXCO. Notiz Nummer {i} mit etwas mehr T\r\n"
            f" ext.\r\nEND:VCARD\r\n"
        )
    return "".join(cards)


def google_csv(n: int) -> str:
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\r\n")
    writer.writerow(["Name", "Given Name", "Family Name", "Birthday", "Notes", "E-mail 1 - Type", "E-mail 1 - Value",
                     "Phone 1 - Type", "Phone 1 - Value", "Organization 1 - Name", "Organization 1 - Title"])
    for i, name, org in people(n):
        given, family = name.split(" ", 1)
        writer.writerow([name, given, family, f"--{1 + i % 12:02d}-{1 + i % 28:02d}", f"Notiz {i}", "* Work",
                         f"p{i}@example.test", "Mobile", f"+49 170 {i:07d}", org, "Projektleitung"])
    return buf.getvalue()


def run_import(workspace: Path, path: Path) -> tuple[float, float, str]:
    """Wall-clock and CPU seconds (user + system) of one `koop import` process, and its summary line."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    result = subprocess.run([sys.executable, "-m", "koop_tui", "-w", str(workspace), "import", "-q", str(path)],
                            cwd=ROOT, capture_output=True, text=True)
    elapsed = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if result.returncode != 0:
        raise SystemExit(result.stderr)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return elapsed, cpu, result.stdout.strip().splitlines()[-2]


def in_process(workspace: Path, path: Path) -> dict[str, float]:
    """The phases of one import, timed inside this process (no interpreter start-up, no git)."""
    from koop_tui.cli.import_ import read_records
    from koop_tui.importers.plan import Options, apply_plan, build_plan
    from koop_tui.store import load_workspace

    t0 = time.perf_counter()
    records, _, _ = read_records(path)
    t1 = time.perf_counter()
    ws = load_workspace(workspace)
    t2 = time.perf_counter()
    plan = build_plan(ws, records, Options())
    t3 = time.perf_counter()
    apply_plan(workspace, ws, plan)
    t4 = time.perf_counter()
    return {"read+parse": t1 - t0, "load workspace": t2 - t1, "plan": t3 - t2, "write": t4 - t3}


def fresh_workspace(path: Path) -> Path:
    (path / "partners").mkdir(parents=True)
    shutil.copy(ROOT / "config" / "koop.toml", path / "koop.toml")
    return path


def main(n: int = 10_000) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        for name, text in (("contacts.vcf", vcards(n)), ("contacts.csv", google_csv(n))):
            path = Path(tmp) / name
            path.write_text(text, encoding="utf-8")
            ws = fresh_workspace(Path(tmp) / f"ws-{name}")
            first, first_cpu, summary = run_import(ws, path)
            files = len(list((ws / "partners").glob("*.toml")))
            again, again_cpu, _ = run_import(ws, path)
            phases = in_process(fresh_workspace(Path(tmp) / f"ws2-{name}"), path)
            print(f"{name}: {n} contacts, {len(text.encode()) / 1e6:.1f} MB -> {files} partner files")
            print(f"  koop import: {first:.2f} s wall, {first_cpu:.2f} s CPU ({summary})")
            print(f"  again (nothing to do): {again:.2f} s wall, {again_cpu:.2f} s CPU")
            print("  phases in-process: " + ", ".join(f"{k} {v * 1000:.0f} ms" for k, v in phases.items()))


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 10_000)
