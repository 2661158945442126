"""What a tab may ask of its dashboard process, in process (the browser tests drive the rest)."""

from __future__ import annotations

import json

from textual_serve.download_manager import DownloadManager

from deidtui.web.sessions import DashboardSession


class Pipe:
    """The dashboard's stdin as the session writes to it."""

    def __init__(self) -> None:
        self.packets: list[bytes] = []

    def write(self, data: bytes) -> None:
        self.packets.append(data)

    async def drain(self) -> None:
        return None


async def _nothing(*_args: object) -> None:
    return None


async def test_a_resize_is_kept_to_what_a_screen_can_have():
    session = DashboardSession(
        ["deidtui"], write_bytes=_nothing, write_str=_nothing, close=_nothing, download_manager=DownloadManager()
    )
    session._stdin = pipe = Pipe()  # type: ignore[assignment]
    await session.set_terminal_size(100_000, 3)
    await session.set_terminal_size(132, 43)
    sizes = [json.loads(packet[5:]) for packet in pipe.packets]  # b"M", 4 bytes of length, JSON
    assert sizes == [{"type": "resize", "width": 1000, "height": 10}, {"type": "resize", "width": 132, "height": 43}]
