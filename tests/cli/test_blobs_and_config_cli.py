"""`deidtui blobs` and `deidtui config show`: listing, safe printing, downloads, masked secrets."""

from __future__ import annotations

import os
import stat

HOSTILE = "line one\n\x1b]52;c;ZXZpbA==\x07\x1b[31mred\x1b[0m \u202etxt.exe [bold]markup[/bold]\n"


def test_ls_lists_containers_folders_and_blobs(deidtui, container):
    container.put("in/a.txt", "aaa")
    container.put("in/sub/b.txt", "bb")
    name = container.url.rsplit("/", 1)[1]
    assert name in deidtui("blobs", "ls").out
    level = deidtui("blobs", "ls", f"{name}/in/", "-o", "json").json()
    assert [(i["kind"], i["name"]) for i in level] == [("folder", "in/sub/"), ("blob", "in/a.txt")]
    assert level[1]["size"] == 3 and level[1]["schema"] == "deidtui.blob/1"
    flat = deidtui("blobs", "ls", container.url + "/in/", "-r", "-o", "jsonl").lines()
    assert [i["name"] for i in flat] == ["in/a.txt", "in/sub/b.txt"]


def test_cat_sanitizes_and_raw_refuses_a_terminal_but_serves_a_pipe(deidtui, container):
    container.put("in/evil.txt", HOSTILE)
    name = container.url.rsplit("/", 1)[1]
    shown = deidtui("blobs", "cat", f"{name}/in/evil.txt")
    assert shown.code == 0
    assert "\x1b" not in shown.out and "\x07" not in shown.out and "\u202e" not in shown.out
    assert "[bold]markup[/bold]" in shown.out and "␛[31mred" in shown.out
    raw = deidtui("blobs", "cat", f"{name}/in/evil.txt", "--raw")  # stdout is a pipe here
    assert raw.code == 0 and raw.out == HOSTILE


def test_get_writes_an_owner_only_file_and_refuses_to_overwrite(deidtui, container, tmp_path):
    container.put("in/a.txt", "secret clinical text")
    name = container.url.rsplit("/", 1)[1]
    target = tmp_path / "copy.txt"
    result = deidtui("blobs", "get", f"{name}/in/a.txt", "-o", str(target))
    assert result.code == 0 and target.read_text() == "secret clinical text"
    assert stat.S_IMODE(os.stat(target).st_mode) == 0o600
    again = deidtui("blobs", "get", f"{name}/in/a.txt", "-o", str(target))
    assert again.code == 2 and "--force" in again.err
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".part")]


def test_missing_blob_exits_6(deidtui, container):
    name = container.url.rsplit("/", 1)[1]
    result = deidtui("blobs", "cat", f"{name}/nope.txt")
    assert result.code == 6 and "Traceback" not in result.err


def test_config_show_masks_the_account_key(deidtui, azurite):
    result = deidtui("config", "show")
    assert result.code == 0
    assert "AccountKey=***" in result.out
    key = azurite.connection_string.split("AccountKey=")[1].split(";")[0]
    assert key not in result.out
    as_json = deidtui("config", "show", "-o", "json").json()
    assert as_json["values"]["credential"] == "local"
