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


def test_koop_imports_only_the_command_it_runs():
    """Opening the app configured every command before (0.15 s of imports: calendar, HTTP server, git sync)."""
    code = (
        "import sys, koop_tui.__main__ as m\n"
        "m.build_parser(m._command_in(sys.argv[1:])).parse_args(sys.argv[1:])\n"
        "print(' '.join(sorted(k for k in sys.modules if k.startswith('koop_tui.cli.'))))\n"
    )
    ran = [subprocess.run([sys.executable, "-c", code, *args], check=True, capture_output=True, text=True).stdout.split()
           for args in (["-w", "ws"], ["--today", "2026-11-23", "due", "--json"])]
    assert ran[0] == []
    assert "koop_tui.cli.due" in ran[1] and not {"koop_tui.cli.serve", "koop_tui.cli.export"} & set(ran[1])
