"""The example partner file in the README is valid."""

from __future__ import annotations

import re
from pathlib import Path

from koop_tui.settings import default_settings
from koop_tui.store import parse_partner_bytes


def test_readme_example_partner_file_is_clean():
    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text()
    section = readme.split("## File format", 1)[1]
    example = re.search(r"```toml\n(.*?)```", section, re.S).group(1)
    partner, problems = parse_partner_bytes(example.encode(), "partners/muster-gmbh.toml", default_settings())
    assert problems == [] and [c.id for c in partner.contacts] == ["jana", "tom"]
