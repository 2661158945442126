"""Pictures of the two job document modes at 100x30, from fixed synthetic data.

Each run_before also asserts the state it pictures, so a snapshot is never the only check.
"""

from __future__ import annotations

import json

from deidtui.tui.blobview import DocumentCompareScreen, MemorySource
from deidtui.tui.blobview.compare import SideBySide
from deidtui.tui.blobview.lines import BlobLines

from .helpers import ScreenApp, screen_text, until

NOTE = (
    "CONSULTATION NOTE\n"
    "Patient: Julie Tremblay (MRN 448-22-1937), 47 years old.\n"
    "Seen on 2024-03-04 by Dr. Alain Martin at Hôpital Laval, Québec.\n"
    "Contact: 514-555-0199, julie.tremblay@example.org.\n"
    "Address: 1200 rue Sherbrooke, Montréal H3A 1B9.\n"
    "\n"
    "Assessment: stable; follow-up in six weeks.\n"
)
SPANS = [
    ("Patient", "Julie Tremblay"),
    ("MedicalRecord", "448-22-1937"),
    ("Age", "47 years old"),
    ("Date", "2024-03-04"),
    ("Doctor", "Alain Martin"),
    ("Hospital", "Hôpital Laval"),
    ("City", "Québec"),
    ("Phone", "514-555-0199"),
    ("Email", "julie.tremblay@example.org"),
    ("Street", "1200 rue Sherbrooke"),
    ("City", "Montréal"),
    ("Zip", "H3A 1B9"),
    ("Date", "six weeks"),
]
SURROGATE = (
    NOTE.replace("Julie Tremblay", "Marie Gagnon")
    .replace("448-22-1937", "512-90-3381")
    .replace("2024-03-04", "2024-05-19")
    .replace("Alain Martin", "Paul Roy")
    .replace("Hôpital Laval", "Hôpital Fleury")
    .replace("514-555-0199", "438-555-0142")
    .replace("julie.tremblay@example.org", "marie.gagnon@example.net")
    .replace("1200 rue Sherbrooke", "85 avenue des Pins")
    .replace("H3A 1B9", "H2W 1R7")
)


def tag_result() -> bytes:
    entities = []
    for category, text in SPANS:
        start = NOTE.index(text)
        entities.append(
            {
                "category": category,
                "text": text,
                "confidenceScore": 0.9,
                "offset": {"utf8": 0, "utf16": 0, "codePoint": start},
                "length": {"utf8": 0, "utf16": 0, "codePoint": len(text)},
            }
        )
    entities.append({"category": "Patient", "offset": {"codePoint": 9999}, "length": {"codePoint": 3}})
    return json.dumps({"entities": entities}).encode()


def test_tag_view_snapshot(snap_compare):
    app = ScreenApp(
        DocumentCompareScreen(
            MemorySource("notes/consult.txt", NOTE.encode()),
            MemorySource("out/consult.txt.json", tag_result()),
            operation="Tag",
            title="Tag job · notes/consult.txt",
        )
    )

    async def run_before(pilot) -> None:
        await until(pilot, lambda: isinstance(app.focused, BlobLines) and "Julie" in screen_text(app))
        await pilot.press("m")
        await until(pilot, lambda: "[PAT]Julie Tremblay[/PAT]" in screen_text(app))
        assert "1 skipped (1 outside the document)" in app.screen.query_one("#tag-legend").render().plain

    assert snap_compare(app, terminal_size=(100, 30), run_before=run_before)


def test_side_by_side_snapshot(snap_compare):
    app = ScreenApp(
        DocumentCompareScreen(
            MemorySource("notes/consult.txt", NOTE.encode()),
            MemorySource("out/consult.txt", SURROGATE.encode()),
            operation="Surrogate",
            title="Surrogate job · notes/consult.txt",
        )
    )

    async def run_before(pilot) -> None:
        await until(pilot, lambda: "lines differ" in screen_text(app))
        view = app.screen.query_one(SideBySide)
        await until(pilot, lambda: app.focused is view)
        assert view.changes == [1, 2, 3, 4]
        await pilot.press("w")
        await until(pilot, lambda: view.wrap)

    assert snap_compare(app, terminal_size=(100, 30), run_before=run_before)
