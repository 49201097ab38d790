"""`koop completion`: the generated script run by a real shell completes commands, options, partner slugs,
contact ids and owners from the workspace."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
# The shells call `koop`: here it is this checkout, whatever is installed on PATH.
KOOP = f'PYTHONPATH={REPO} {sys.executable} -m koop_tui'


@pytest.fixture(scope="module")
def workspace(tmp_path_factory):
    from datetime import date

    from koop_tui.demo import generate

    root = tmp_path_factory.mktemp("completion") / "ws"
    generate(root, date(2026, 11, 20), seed=3)
    return root


def script(shell: str) -> str:
    ran = subprocess.run([sys.executable, "-m", "koop_tui", "completion", shell], capture_output=True, text=True,
                         env={**os.environ, "PYTHONPATH": str(REPO)}, check=True, timeout=60)
    return ran.stdout


def contacts(workspace: Path, slug: str = "pixelwerk-berlin") -> list[str]:
    import tomllib

    data = tomllib.loads((workspace / f"partners/{slug}.toml").read_text())
    return sorted(f"{slug}/{c['id']}" for c in data["contacts"])


def bash(workspace: Path, *lines: str) -> list[str]:
    """Each line is a command line as typed before Tab; the answer is what bash would offer, one line each."""
    program = [f'koop() {{ {KOOP} "$@"; }}', script("bash"), "complete -p koop",
               'tab() { COMP_WORDS=("$@"); COMP_CWORD=$((${#COMP_WORDS[@]} - 1)); COMP_LINE="$*"; '
               'COMP_POINT=${#COMP_LINE}; COMPREPLY=(); '
               'local fn; fn=$(complete -p koop | sed -E "s/.* -F ([^ ]+) .*/\\1/"); '
               '"$fn" koop "${COMP_WORDS[-1]}" "${COMP_WORDS[-2]}"; echo "${COMPREPLY[*]}"; }']
    program += [f"tab {line}" for line in lines]
    ran = subprocess.run(["bash", "--norc", "--noprofile", "-c", "\n".join(program)], cwd=workspace,
                         capture_output=True, text=True, timeout=120)
    assert ran.returncode == 0, ran.stderr
    return ran.stdout.splitlines()


def test_bash_completes_commands_options_partners_contacts_and_owners(workspace):
    registered, *answers = bash(
        workspace, "koop lo", "koop log pi", "koop log pixelwerk-berlin/", f"koop log {contacts(workspace)[-1]}",
        "koop due --ow", "koop due --owner ''", "koop export --mode ''", "koop add contact caf",
        "koop snooze zz", "koop completion ''",
    )
    assert registered.startswith("complete ") and registered.endswith(" koop")
    assert answers == [
        "log",
        "pixelwerk-berlin",
        " ".join(contacts(workspace)),
        contacts(workspace)[-1],
        "--owner",
        "anna ben",
        "items digest",
        "cafe-konzept-agentur",
        "",
        "bash zsh fish",
    ]


def test_outside_a_workspace_there_is_nothing_to_offer(tmp_path):
    (answer,) = bash(tmp_path, "koop log ''")[1:]
    assert answer == ""


@pytest.mark.skipif(shutil.which("fish") is None, reason="fish is not installed")
def test_fish_completes_the_same(workspace):
    program = (f"function koop; env PYTHONPATH={REPO} {sys.executable} -m koop_tui $argv; end\n"
               f"{script('fish')}\n"
               'complete -C "koop lo"; complete -C "koop log pixelwerk-berlin/"; complete -C "koop due --owner "')
    ran = subprocess.run(["fish", "--no-config", "-c", program], cwd=workspace, capture_output=True, text=True,
                         timeout=120)
    assert ran.returncode == 0, ran.stderr
    offered = [line.split("\t")[0] for line in ran.stdout.splitlines()]
    assert offered == ["log", *contacts(workspace), "anna", "ben"]


@pytest.mark.skipif(shutil.which("zsh") is None, reason="zsh is not installed")
def test_zsh_loads_the_script_and_its_value_functions(workspace, tmp_path):
    (tmp_path / "koop.zsh").write_text(script("zsh"))
    program = (f"koop() {{ {KOOP} \"$@\"; }}; autoload -U compinit; compinit -u -d {tmp_path}/zcompdump; "
               f"source {tmp_path}/koop.zsh 2>/dev/null; whence -w _shtab_koop _koop_values_targets; "
               f"koop completion --values targets {contacts(workspace)[0]}")
    ran = subprocess.run(["zsh", "-f", "-c", program], cwd=workspace, capture_output=True, text=True, timeout=120)
    assert ran.stdout.splitlines() == ["_shtab_koop: function", "_koop_values_targets: function",
                                       contacts(workspace)[0]]


def test_a_shell_must_be_named(koop_inproc, tmp_path):
    ran = koop_inproc("completion", cwd=tmp_path)
    assert ran.returncode == 2 and ran.stderr.startswith("koop: name the shell: koop completion bash|zsh|fish\n")
