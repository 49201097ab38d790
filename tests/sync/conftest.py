"""The `team` fixture: a bare remote and two clones of one workspace (see gitteam.py)."""

from __future__ import annotations

import pytest

from gitteam import Team


@pytest.fixture
def team(tmp_path) -> Team:
    return Team(tmp_path)
