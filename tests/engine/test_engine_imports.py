"""The engine and its commands stay light: no Textual, no style-preserving TOML writer."""

import subprocess
import sys


def test_engine_and_its_commands_import_nothing_heavy():
    code = (
        "import sys, koop_tui.engine, koop_tui.cli.due, koop_tui.cli.who, koop_tui.cli.report\n"
        "heavy = sorted(m for m in sys.modules if m.split('.')[0] in ('textual', 'rich', 'tomlkit', 'icalendar'))\n"
        "assert not heavy, heavy\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)
