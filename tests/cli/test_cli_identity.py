"""Who "I" am: `user` in the user config, else $KOOP_USER, else git's user.email through [owners] in koop.toml."""

from __future__ import annotations

import subprocess

import pytest

from koop_tui.identity import identify


@pytest.fixture
def root(koop_inproc, tmp_path):
    root = tmp_path / "w"
    koop_inproc("init", str(root), cwd=tmp_path)
    koop_inproc("add", "partner", "Annas Agentur", "--owner", "anna", "--since", "2020-01-01", cwd=root)
    koop_inproc("add", "partner", "Bens Bau", "--owner", "ben", "--since", "2020-01-01", cwd=root)
    with (root / "koop.toml").open("a") as f:
        f.write('\n[owners]\nanna = ["anna@example.test"]\nben = ["ben@example.test", "Ben.Berg@Mail.Example"]\n')
    subprocess.run(["git", "add", "-A"], cwd=root, check=True)
    subprocess.run(["git", "commit", "-qm", "owners"], cwd=root, check=True)
    return root


def git_email(root, email: str) -> None:
    subprocess.run(["git", "config", "user.email", email], cwd=root, check=True)


def test_the_order_of_the_sources(root, monkeypatch, tmp_path):
    owners = {"anna": ["anna@example.test"], "ben": ["ben.berg@mail.example"]}
    monkeypatch.delenv("KOOP_USER", raising=False)
    assert identify(root, owners) == ("", "")
    git_email(root, "BEN.berg@mail.example")
    assert identify(root, owners) == ("ben", "git user.email BEN.berg@mail.example in [owners] of koop.toml")
    assert identify(root, {}) == ("", "")
    monkeypatch.setenv("KOOP_USER", "carla")
    assert identify(root, owners) == ("carla", "$KOOP_USER")
    config = tmp_path / "home" / "config.toml"
    monkeypatch.setenv("KOOP_CONFIG_DIR", str(config.parent))
    config.parent.mkdir(parents=True, exist_ok=True)
    config.write_text('user = "dora"\n[keys]\nlog-touch = "L"\n')
    assert identify(root, owners) == ("dora", f"user in {config}")


def test_due_and_log_know_me_by_my_git_address(koop, root):
    git_email(root, "ben.berg@mail.example")
    due = koop("due", "--within", "3660", cwd=root, env={"KOOP_USER": ""})
    assert due.returncode == 0, due.stderr
    assert "Bens Bau" in due.stdout and "Annas Agentur" not in due.stdout
    assert due.stdout.endswith(" · owner ben (and unowned); --all for everyone\n")
    logged = koop("log", "annas", "call", cwd=root, env={"KOOP_USER": ""})
    assert logged.returncode == 0, logged.stderr
    assert 'by = "ben"' in (root / "partners/annas-agentur.toml").read_text()


def test_an_address_in_no_owner_list_is_nobody(koop, root):
    git_email(root, "someone@else.example")
    due = koop("due", "--within", "3660", cwd=root, env={"KOOP_USER": ""})
    assert "Bens Bau" in due.stdout and "Annas Agentur" in due.stdout and " · owner" not in due.stdout


def test_the_user_config_comes_first(koop, root, tmp_path):
    config = tmp_path / "cfg"
    config.mkdir()
    (config / "config.toml").write_text('user = "anna"\n')
    git_email(root, "ben@example.test")
    due = koop("due", "--within", "3660", cwd=root, env={"KOOP_USER": "ben", "KOOP_CONFIG_DIR": str(config)})
    assert "Annas Agentur" in due.stdout and "Bens Bau" not in due.stdout


def test_a_broken_user_config_is_an_error_not_a_guess(koop, root, tmp_path):
    config = tmp_path / "cfg"
    config.mkdir()
    (config / "config.toml").write_text('user = "anna\n')
    due = koop("due", cwd=root, env={"KOOP_CONFIG_DIR": str(config)})
    assert due.returncode == 1 and due.stdout == ""
    assert due.stderr.startswith(f"koop: {config / 'config.toml'}:1:13: Illegal character '\\n' (TOML syntax error)\n")
    assert due.stderr.endswith('  hint: fix it; it may say who you are: user = "anna"\n')
    (config / "config.toml").write_text("user = 3\n")
    due = koop("due", cwd=root, env={"KOOP_CONFIG_DIR": str(config)})
    assert due.returncode == 1 and "user must be a text" in due.stderr


def test_owners_are_checked(koop, root):
    with (root / "koop.toml").open("a") as f:
        f.write('carla = ["Anna@example.test"]\ndora = ["not an address"]\n')
    check = koop("check", cwd=root)
    assert check.returncode == 1
    assert "koop.toml:" in check.stdout
    assert "[owners]: Anna@example.test is listed for anna and carla" in check.stdout
    assert "which is not an e-mail address" in check.stdout
