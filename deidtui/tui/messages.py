"""Textual messages carrying engine events to the screens."""

from __future__ import annotations

from textual.message import Message

from ..engine.events import Event


class EngineEvents(Message):
    """A coalesced batch of engine events (at most one per job, per job's documents, etc.)."""

    def __init__(self, events: list[Event]) -> None:
        super().__init__()
        self.events = events
