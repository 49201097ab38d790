"""The calendar and the feed never pull in Textual (they run in cron jobs and as a service)."""

import subprocess
import sys


def test_calendar_modules_do_not_import_textual():
    code = (
        "import sys, koop_tui.ics, koop_tui.serve, koop_tui.cli.export, koop_tui.cli.serve\n"
        "assert 'textual' not in sys.modules, sorted(k for k in sys.modules if k.startswith('textual'))\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)
