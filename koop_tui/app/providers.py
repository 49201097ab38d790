"""Command palette: every action the current screen offers, with its key."""

from __future__ import annotations

from functools import partial

from textual.command import DiscoveryHit, Hit, Hits, Provider

from koop_tui.app.actions import ACTIONS, key_label
from koop_tui.i18n import _, translated


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
                               help=f"{translated(action.help)}  [{key_label(key)}]")

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
