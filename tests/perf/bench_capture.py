"""Time `koop capture`: `python tests/perf/bench_capture.py [--messages N] [--no-imap]` prints the figures.

Builds a workspace of 300 partners (900 contacts, each partner with a mail domain) and N mails: most from or to
known contacts in threads of three, some from unknown people at partner domains, some newsletters and strangers.
Captures them from a Maildir through the real CLI (first run, then a run with nothing new), and the same mails
over IMAP from a local pymap server (first run, nothing new). Targets: Maildir first run <= 10 s, nothing new
<= 0.5 s; IMAP nothing new <= 1 s. Prints wall and CPU seconds (the CPU of koop's process; the
filling of the server is wall only), never asserts.
"""

from __future__ import annotations

import argparse
import mailbox
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from datetime import datetime, timedelta, timezone
from email.message import EmailMessage
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
TODAY = "2026-11-20"
PARTNERS = 300


def workspace(root: Path) -> None:
    (root / "partners").mkdir(parents=True)
    shutil.copy(ROOT / "config" / "koop.toml", root / "koop.toml")
    for p in range(PARTNERS):
        contacts = "".join(f'\n[[contacts]]\nid = "c{c}"\nname = "Person {p}-{c}"\nemail = "c{c}@p{p}.example"\n'
                           for c in range(3))
        (root / "partners" / f"p{p}.toml").write_text(
            f'name = "Partner {p}"\nslug = "p{p}"\nstage = "active"\ndomains = ["p{p}.example"]\n{contacts}')
    subprocess.run(["git", "init", "-q"], cwd=root, check=True)
    subprocess.run(["git", "add", "-A"], cwd=root, check=True)
    subprocess.run(["git", "-c", "user.name=b", "-c", "user.email=b@x", "commit", "-qm", "start"], cwd=root,
                   check=True)


def messages(n: int):
    start = datetime(2026, 11, 19, 9, tzinfo=timezone.utc)
    for i in range(n):
        p, c = (i // 3) % PARTNERS, (i // 900) % 3
        msg = EmailMessage()
        for hop in range(3):  # the trace and signature lines real mail carries, which capture passes over
            msg["Received"] = (f"from mx{hop}.relay.example (mx{hop}.relay.example [192.0.2.{hop}]) by "
                               f"mx{hop + 1}.relay.example with ESMTPS id {i:08x}{hop}; Thu, 19 Nov 2026 09:00:00 +0000")
        msg["DKIM-Signature"] = "v=1; a=rsa-sha256; d=relay.example; s=s1; b=" + "AbCd" * 86
        kind = i % 10
        if kind < 7:
            msg["From"] = f"Person {p}-{c} <c{c}@p{p}.example>" if i % 2 else "Anna <anna@me.example>"
            msg["To"] = "anna@me.example" if i % 2 else f"c{c}@p{p}.example"
        elif kind < 9:
            msg["From"], msg["To"] = f"New {i} <new{i}@p{p}.example>", "anna@me.example"
        else:
            msg["From"], msg["To"] = f"news@list{i}.example", "anna@me.example"
            msg["List-Id"] = f"<news.list{i}.example>"
        msg["Subject"] = f"Thread {i // 3}"
        msg["Date"] = (start - timedelta(hours=i // 3)).strftime("%a, %d %b %Y %H:%M:%S +0000")
        msg["Message-ID"] = f"<m{i}@bench.example>"
        if i % 3:
            msg["References"] = f"<m{i - i % 3}@bench.example>"
        msg.set_content(f"Hello {i}\n" * 20)
        yield msg


def cpu() -> float:
    used = resource.getrusage(resource.RUSAGE_CHILDREN)
    return used.ru_utime + used.ru_stime


def capture(ws: Path, env: dict, *args: str) -> tuple[float, float, str]:
    """Wall and CPU seconds of one `koop capture`, and its summary line."""
    start, start_cpu = time.perf_counter(), cpu()
    done = subprocess.run([sys.executable, "-m", "koop_tui", "capture", "-q", *args], cwd=ws, env=env,
                          capture_output=True, text=True, timeout=1800)
    took, took_cpu = time.perf_counter() - start, cpu() - start_cpu
    if done.returncode != 0:
        raise SystemExit(f"koop capture failed: {done.stderr.strip()}")
    return took, took_cpu, done.stdout.strip().splitlines()[0]


def fresh(base: Path, name: str) -> tuple[Path, dict]:
    ws = base / name / "ws"
    workspace(ws)
    env = dict(os.environ, KOOP_TODAY=TODAY, KOOP_USER="anna", PYTHONPATH=str(ROOT),
               KOOP_DATA_DIR=str(base / name / "data"), KOOP_CACHE_DIR=str(base / name / "cache"),
               KOOP_CONFIG_DIR=str(base / name / "config"), GIT_AUTHOR_NAME="b", GIT_AUTHOR_EMAIL="b@x",
               GIT_COMMITTER_NAME="b", GIT_COMMITTER_EMAIL="b@x")
    (base / name / "config").mkdir(parents=True)
    return ws, env


def bench_maildir(base: Path, n: int) -> list[tuple[str, float, str]]:
    ws, env = fresh(base, "maildir")
    (base / "maildir" / "config" / "config.toml").write_text('[capture]\nme = ["anna@me.example"]\n')
    box = mailbox.Maildir(base / "mail", create=True)
    for msg in messages(n):
        box.add(msg)
    first = capture(ws, env, "--maildir", str(base / "mail"))
    again = capture(ws, env, "--maildir", str(base / "mail"))
    start, start_cpu = time.perf_counter(), cpu()
    subprocess.run([sys.executable, "-m", "koop_tui", "due", "--all"], cwd=ws, env=env, capture_output=True,
                   check=True)
    floor = (time.perf_counter() - start, cpu() - start_cpu)
    return [(f"Maildir, {n} messages, first run", *first), ("Maildir, nothing new", *again),
            ("(floor: koop due --all on the same workspace)", *floor, "")]


def bench_imap(base: Path, n: int) -> list[tuple[str, float, str]]:
    from tests.capture.servers import fill_imap, start_pymap, stop

    ws, env = fresh(base, "imap")
    proc, port = start_pymap()
    try:
        filled = time.perf_counter()
        fill_imap(port, "INBOX", [msg.as_bytes().replace(b"\n", b"\r\n") for msg in messages(n)])
        filled = time.perf_counter() - filled
        (base / "imap" / "config" / "config.toml").write_text(
            f'[capture]\nme = ["anna@me.example"]\n\n[[capture.sources]]\nname = "imap"\ntype = "imap"\n'
            f'host = "127.0.0.1"\nport = {port}\ntls = false\nuser = "anna"\npassword_cmd = "echo secret"\n'
            f'folders = ["INBOX"]\n')
        first = capture(ws, env)
        again = capture(ws, env)
    finally:
        stop(proc)
    return [(f"(filling the IMAP server, MULTIAPPEND, {n} messages)", filled, 0.0, ""),
            (f"IMAP, {n} messages, first run", *first), ("IMAP, nothing new", *again)]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--messages", type=int, default=10_000)
    parser.add_argument("--no-imap", action="store_true")
    args = parser.parse_args()
    base = Path(tempfile.mkdtemp(prefix="koop-bench-capture-"))
    try:
        rows = bench_maildir(base, args.messages)
        if not args.no_imap:
            rows += bench_imap(base, args.messages)
    finally:
        shutil.rmtree(base, ignore_errors=True)
    print(f"{'':<56} {'wall':>7}   {'CPU':>7}   (load average {os.getloadavg()[0]:.1f})")
    for label, seconds, used, said in rows:
        print(f"{label:<56} {seconds:7.2f} s {used:7.2f} s   {said[:60]}")


if __name__ == "__main__":
    main()
