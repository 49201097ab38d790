"""Creating new partner files together: never replacing a file, no temp files left, progress shown."""

from __future__ import annotations

import io
import os

import pytest

from koop_tui.cli.import_ import ProgressBar
from koop_tui.importers.plan import ImportStopped, Options, apply_plan, build_plan
from koop_tui.importers.records import ImportRecord
from koop_tui.importers.write import PartialWrite, create_files
from koop_tui.store import load_workspace


def test_create_files_syncs_once_before_linking(tmp_path, monkeypatch):
    calls = []
    monkeypatch.setattr(os, "sync", lambda: calls.append("sync"))
    real_link = os.link
    monkeypatch.setattr(os, "link", lambda a, b: (calls.append("link"), real_link(a, b)))
    files = [(tmp_path / "a.toml", b"a = 1\n"), (tmp_path / "b.toml", b"b = 2\n")]
    assert create_files(tmp_path, files) == [tmp_path / "a.toml", tmp_path / "b.toml"]
    assert calls == ["sync", "link", "link"]
    assert sorted(os.listdir(tmp_path)) == ["a.toml", "b.toml"]
    assert (tmp_path / "b.toml").read_bytes() == b"b = 2\n"


def test_an_existing_file_is_never_replaced_and_temp_files_are_removed(tmp_path):
    (tmp_path / "b.toml").write_bytes(b"mine\n")
    files = [(tmp_path / n, b"new\n") for n in ("a.toml", "b.toml", "c.toml")]
    with pytest.raises(PartialWrite) as info:
        create_files(tmp_path, files)
    assert info.value.created == [tmp_path / "a.toml"] and info.value.path == tmp_path / "b.toml"
    assert (tmp_path / "b.toml").read_bytes() == b"mine\n"
    assert sorted(os.listdir(tmp_path)) == ["a.toml", "b.toml"]


def test_apply_plan_reports_what_was_written_before_stopping(workspace):
    records = [ImportRecord(where=f"line {i}", name=n, org=o) for i, (n, o) in enumerate(
        [("Jana Weber", "Acme"), ("Tom Becker", "Nord Design")], 1)]
    plan = build_plan(load_workspace(workspace), records, Options())
    (workspace / "partners" / "nord-design.toml").write_text('name = "Nord Design"\nslug = "nord-design"\n')
    with pytest.raises(ImportStopped) as info:
        apply_plan(workspace, load_workspace(workspace), plan)
    assert info.value.written == [workspace / "partners" / "acme.toml"]
    assert str(info.value).startswith("could not create partners/nord-design.toml: exists already\n  hint: ")
    assert (workspace / "partners" / "nord-design.toml").read_text() == 'name = "Nord Design"\nslug = "nord-design"\n'


def test_progress_bar_redraws_only_when_the_percentage_changes():
    out = io.StringIO()
    bar = ProgressBar("writing", out, width=10)
    for done in range(1, 401):
        bar(done, 400)
    text = out.getvalue()
    assert text.count("\r") == 101  # 0 % .. 100 %
    assert text.endswith("\rwriting  [##########] 100% 400/400\n")
    assert "\rwriting  [#####.....]  50% 200/400" in text


def test_a_field_filled_on_disk_after_planning_is_left_alone(workspace):
    path = workspace / "partners" / "acme.toml"
    path.write_text('name = "Acme"\nslug = "acme"\n\n[[contacts]]\nid = "jana"\nname = "Jana Weber"\n')
    records = [
        ImportRecord(where="row 2", name="Jana Weber", org="Acme", phone="+49 1", role="CEO"),
        ImportRecord(where="row 3", name="Jan Weber", org="Acme"),
    ]
    plan = build_plan(load_workspace(workspace), records, Options())
    path.write_text(path.read_text() + 'phone = "+49 2"  # typed by hand\n\n[[contacts]]\nid = "jan"\nname = "Jan W."\n')
    assert apply_plan(workspace, load_workspace(workspace), plan) == [path]
    assert path.read_text() == (
        'name = "Acme"\nslug = "acme"\n\n[[contacts]]\nid = "jana"\nname = "Jana Weber"\nphone = "+49 2"  # typed by hand\n'
        'role = "CEO"\n\n[[contacts]]\nid = "jan"\nname = "Jan W."\n\n[[contacts]]\nid = "jan-2"\nname = "Jan Weber"\n'
    )
