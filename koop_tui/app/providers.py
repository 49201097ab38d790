"""Command palette: every action the current screen offers, with its key."""

from __future__ import annotations

from functools import partial

from rich.markup import escape
from textual.command import CommandList, CommandPalette, DiscoveryHit, Hit, Hits, Provider
from textual.widgets.option_list import Option

from koop_tui.app.actions import ACTIONS, key_label
from koop_tui.app.textual_private import NO_MATCHES
from koop_tui.i18n import _, translated


class Palette(CommandPalette):
    """Textual's command palette with its own words in the user's language: the placeholder of the search box and
    the line saying nothing matches (Textual writes both in English)."""

    def __init__(self, providers=None, placeholder: str = "", **kwargs) -> None:
        super().__init__(providers, placeholder=placeholder or _("Search for commands…"), **kwargs)

    def on_mount(self) -> None:
        commands = self.query_one(CommandList)
        add = commands.add_option

        def add_option(option=None):
            if isinstance(option, Option) and option.id == NO_MATCHES:
                from rich.align import Align
                from rich.text import Text

                option = Option(Align.center(Text(_("No matches found"), style="not bold")), disabled=True,
                                id=NO_MATCHES)
            return add(option)

        commands.add_option = add_option


class ActionsProvider(Provider):
    """Lists the actions bound on the current screen and the app, found by label or help text."""

    def _available(self):
        seen = set()
        for key, active in self.screen.active_bindings.items():
            binding_id = active.binding.id
            if binding_id in ACTIONS and binding_id not in seen and active.enabled:
                seen.add(binding_id)
                yield ACTIONS[binding_id], key, active.node

    async def discover(self) -> Hits:
        for action, key, node in self._available():
            yield DiscoveryHit(translated(action.label), partial(self._run, node, action.action),
                               help=escape(f"{translated(action.help)}  [{key_label(key)}]"))  # "[/]" is markup

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for action, key, node in self._available():
            text = f"{translated(action.label)}: {translated(action.help)}"
            score = matcher.match(text)
            if score > 0:
                yield Hit(score, matcher.highlight(text), partial(self._run, node, action.action),
                          help=_("key {key}").format(key=key_label(key)))

    async def _run(self, node, action: str) -> None:
        await node.run_action(action)
