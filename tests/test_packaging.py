"""The package as users and CI install it: the wheel, its metadata, the lock, the README's commands."""

import os
import re
import subprocess
import sys
import tomllib
import zipfile
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parents[1]
LOCK = ROOT / "constraints" / "test.txt"
# Read before the autouse fixture gives each test its own HOME: the wheel test may reuse pip's real cache.
PIP_CACHE = os.environ.get("PIP_CACHE_DIR") or str(Path.home() / ".cache" / "pip")


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(out), str(ROOT)],
        check=True, cwd=out, env=dict(os.environ, PIP_CACHE_DIR=PIP_CACHE),
    )
    (built,) = out.glob("koop_tui-*.whl")
    return built


def _pins() -> dict[str, str]:
    pins = {}
    for line in LOCK.read_text().splitlines():
        if line and not line.startswith("#"):
            name, version = line.split("==")
            pins[canonicalize_name(name)] = version
    return pins


def _requirements() -> list[Requirement]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    return [Requirement(text) for text in project["dependencies"] + project["optional-dependencies"]["test"]]


@pytest.mark.timeout(600)
def test_wheel_contains_shipped_config(wheel):
    with zipfile.ZipFile(wheel) as zf:
        names = set(zf.namelist())
        assert "koop_tui/_config/koop.toml" in names
        assert zf.read("koop_tui/_config/koop.toml") == (ROOT / "config" / "koop.toml").read_bytes()
        assert any(n.endswith("entry_points.txt") and b"koop = koop_tui.__main__:main" in zf.read(n) for n in names)
        mo = "koop_tui/locale/de/LC_MESSAGES/koop.mo"  # the German catalog, compiled (docs/i18n.md)
        assert zf.read(mo) == (ROOT / mo).read_bytes()
        (metadata,) = [n for n in names if n.endswith(".dist-info/METADATA")]
        text = zf.read(metadata).decode()
    assert "Name: koop-tui\n" in text
    assert "Classifier: Operating System :: POSIX\n" in text
    assert "Classifier: Operating System :: Microsoft :: Windows" not in text


def test_every_dependency_is_pinned_inside_its_range():
    pins = _pins()
    for requirement in _requirements():
        assert requirement.specifier, f"{requirement.name} has no range in pyproject.toml"
        name = canonicalize_name(requirement.name)
        assert name in pins, f"{requirement.name} is not in constraints/test.txt: run constraints/refresh"
        assert requirement.specifier.contains(pins[name], prereleases=True), (
            f"constraints/test.txt pins {requirement.name}=={pins[name]}, outside {requirement.specifier}"
        )


def test_lock_pins_exact_versions_only():
    for line in LOCK.read_text().splitlines():
        assert not line or line.startswith("#") or re.fullmatch(r"[A-Za-z0-9_.-]+==[A-Za-z0-9_.+!-]+", line), line


def test_ci_runs_exactly_the_readme_test_command():
    readme = (ROOT / "README.md").read_text()
    quick_start = readme.split("## Quick start", 1)[1].split("\n## ", 1)[0]
    (block,) = re.findall(r"```sh\n(.*?)```", quick_start, re.S)
    install, test = block.splitlines()
    assert install == "pip install . && koop demo"
    assert test == "pip install -c constraints/test.txt -e '.[test]' && pytest"
    assert test in (ROOT / ".ci" / "run").read_text().splitlines()


@pytest.mark.slow
@pytest.mark.timeout(900)
def test_wheel_installs_with_the_lock_and_runs(wheel, tmp_path):
    """The built wheel in a fresh venv (pip's cache makes it a few seconds) runs the demo and `koop due`."""
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    python = venv / "bin" / "python"
    subprocess.run(
        [sys.executable, "-m", "pip", "--python", str(python), "install", "-q", "-c", str(LOCK), str(wheel)],
        check=True, env=dict(os.environ, PIP_CACHE_DIR=PIP_CACHE), timeout=840,
    )
    koop = venv / "bin" / "koop"
    env = dict(os.environ, KOOP_TODAY="2026-11-20", PYTHONPATH="")
    demo = subprocess.run([koop, "demo", "--no-open", str(tmp_path / "demo")], env=env, capture_output=True,
                          text=True, cwd=tmp_path, timeout=120)
    assert demo.returncode == 0, demo.stderr
    assert demo.stdout == f"Demo workspace in {tmp_path / 'demo'}\n"
    due = subprocess.run([koop, "due", "--all"], env=env, capture_output=True, text=True, cwd=tmp_path / "demo",
                         timeout=120)
    assert due.returncode == 0, due.stderr
    assert due.stderr == ""
    assert re.match(r"overdue +\d+ d late ", due.stdout), due.stdout
    origin = subprocess.run([python, "-c", "import koop_tui; print(koop_tui.__file__)"], capture_output=True,
                            text=True, check=True, cwd=tmp_path, env=env)
    assert origin.stdout.startswith(str(venv)), "koop ran from the source tree, not from the wheel"
