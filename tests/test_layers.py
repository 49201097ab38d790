"""The core is reachable without the TUI: headless modules never import Textual."""

import subprocess
import sys


def test_headless_modules_do_not_import_textual():
    code = (
        "import sys, koop_tui.model, koop_tui.canonical, koop_tui.settings, koop_tui.store, koop_tui.dates\n"
        "import koop_tui.__main__ as m\n"
        "m.build_parser()\n"
        "assert 'textual' not in sys.modules, sorted(k for k in sys.modules if k.startswith('textual'))\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)
