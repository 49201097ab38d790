"""The key footer, without the restyling Textual's Footer does on every bindings announcement."""

from __future__ import annotations

from textual.screen import Screen
from textual.widgets import Footer

from koop_tui.app.textual_private import FooterKey, bindings_ready
from koop_tui.i18n import N_, translated

TEXTUAL_LABELS = (N_("palette"), N_("Quit"))
"""Textual's own binding labels the footer may show, for the catalog."""


class KoopFooter(Footer):
    """Textual's footer that rebuilds its keys only when the shown bindings changed.

    Focus moves, mounts and screen switches all announce "bindings changed"; Textual's footer answers each
    with a full recompose, and every new key restyles itself twice (compact on, then off). Both cost most
    of a first paint, for an identical picture.

    Binding labels are English (Textual reads BINDINGS when the class is made, and the action table marks them
    with N_): each key's label is translated here, where it is shown.
    """

    _composed: tuple = ()

    def compose(self):
        self._composed = self._shown(self.screen) if bindings_ready(self) else ()
        for widget in super().compose():
            if isinstance(widget, FooterKey):
                widget.description = translated(widget.description) if widget.description else ""
                # Textual binds every key's `compact` to the footer's, except the palette key's (stays True).
                compact = True if widget.has_class("-command-palette") else self.compact
                widget.set_reactive(FooterKey.compact, compact)
                widget.set_class(compact, "-compact", update=False)
            yield widget

    def bindings_changed(self, screen: Screen) -> None:
        if bindings_ready(self) and self.is_attached and screen is self.screen \
                and self._shown(screen) == self._composed:
            return
        super().bindings_changed(screen)

    def _shown(self, screen: Screen) -> tuple:
        """What the footer draws from the bindings: key, label, enabled, tooltip, as displayed."""
        display = self.app.get_key_display
        palette = self.show_command_palette and self.app.ENABLE_COMMAND_PALETTE
        return tuple(
            (key, binding.action, display(binding), binding.description, enabled, tooltip, binding.group)
            for key, (_node, binding, enabled, tooltip) in screen.active_bindings.items()
            if binding.show or (palette and key == self.app.COMMAND_PALETTE_BINDING)
        ) + (self.compact, palette)
