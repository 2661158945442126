"""The tests' view of a run's output folder, read while the run writes there."""

from __future__ import annotations

from pathlib import Path

from .conftest import files_state


def test_a_partial_download_renamed_while_the_folder_is_read_is_skipped(tmp_path: Path, monkeypatch) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "done.txt").write_text("x")
    partial = tmp_path / "a" / "note.txt.650b8350.deidtui-partial"
    partial.write_text("y")
    stat = Path.stat
    seen: set[Path] = set()

    def renamed_after_the_first_look(self: Path, *args, **kwargs):
        if self == partial:
            if self in seen:  # the run renamed it to its final name since the last look
                raise FileNotFoundError(2, "No such file or directory", str(self))
            seen.add(self)
        return stat(self, *args, **kwargs)

    monkeypatch.setattr(Path, "stat", renamed_after_the_first_look)
    assert set(files_state(tmp_path)) <= {"a/done.txt", "a/note.txt.650b8350.deidtui-partial"}
    assert "a/done.txt" in files_state(tmp_path)
