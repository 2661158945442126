"""Every remappable key binding of the dashboard, by id, for checking `[keys]` in config.toml."""

from __future__ import annotations

from textual.binding import Binding


def binding_ids() -> dict[str, str]:
    """id -> description of every binding that has an id, across the app's screens and widgets.

    Found, not listed: every module of the TUI is imported and every deidtui class with bindings
    read (a hand-kept list of classes missed the doctor's and the retry plan's screens, and a split
    that moved an import could drop a screen unseen). Only called when `[keys]` remaps a key."""
    import importlib
    import pkgutil

    from textual.dom import DOMNode

    from .. import tui

    for module in pkgutil.walk_packages(tui.__path__, tui.__name__ + "."):
        importlib.import_module(module.name)
    owners: list[type] = []
    pending: list[type] = [DOMNode]
    while pending:
        cls = pending.pop()
        pending += cls.__subclasses__()
        if cls.__module__.startswith("deidtui."):
            owners.append(cls)
    owners.sort(key=lambda cls: (cls.__module__, cls.__qualname__))  # the first description of an id wins
    found: dict[str, str] = {}
    for owner in owners:
        for binding in vars(owner).get("BINDINGS", []):
            if isinstance(binding, Binding) and binding.id:
                found.setdefault(binding.id, binding.description or binding.action)
    return found
