"""Workspace files <-> model: loading with validation, safe writes, edits that keep what people wrote."""

from __future__ import annotations

from koop_tui.store.loader import load_workspace
from koop_tui.store.parse import parse_partner_bytes
from koop_tui.store.settings_check import parse_settings_bytes
from koop_tui.store.store import Store

__all__ = ["Store", "load_workspace", "parse_partner_bytes", "parse_settings_bytes"]
