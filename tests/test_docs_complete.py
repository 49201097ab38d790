"""The README names every command and docs/app.md every key: a command or an action added without its
documentation fails here, naming it."""

from __future__ import annotations

import re
from pathlib import Path

from koop_tui.__main__ import COMMANDS
from koop_tui.app.actions import ACTIONS

ROOT = Path(__file__).resolve().parents[1]


def test_the_readme_names_every_command():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert [name for name in COMMANDS if not re.search(rf"`?koop {re.escape(name)}\b", readme)] == []


def test_docs_app_lists_every_action_with_its_key():
    text = " ".join((ROOT / "docs" / "app.md").read_text(encoding="utf-8").split())
    keys = {"exclamation_mark": "!", "question_mark": "?", "slash": "/"}
    missing = []
    for action in ACTIONS.values():
        shown = " and ".join(keys.get(k, k) for k in action.key.split(","))
        if f"`{action.id}` {shown}" not in text:
            missing.append(f"`{action.id}` {shown}")
    assert missing == []
