"""The containers pane against Azurite: lazy listing, counts and sizes, statistics, messages, hostile names."""

from __future__ import annotations

from rich.text import Text

from deidtui.tui.widgets.containers import ContainersPane, Entry, label_for

from .helpers import PaneApp, assert_inert, find_node, screen_segments, screen_text, until


def container_node(pane: ContainersPane, container) -> object:
    suffix = "/" + container.client.container_name
    return find_node(pane, lambda e: e.kind == "container" and e.container_url.endswith(suffix))


def child_labels(node) -> list[str]:
    return [child.label.plain for child in node.children]


async def open_node(pilot, pane: ContainersPane, node) -> None:
    """Put the cursor on `node` and press enter, as an operator would; wait for its listing."""
    pane.container_tree.focus()
    await pilot.pause()
    pane.container_tree.move_cursor(node)
    await pilot.pause()
    await pilot.press("enter")
    await until(pilot, lambda: node.data.loaded or node.data.error)


async def open_container(pilot, pane: ContainersPane, container, *, depth: int = 0):
    """Open this test's container, then its first folder `depth` levels down; return the container's node."""
    node = await until(pilot, lambda: container_node(pane, container))
    await open_node(pilot, pane, node)
    folder = node
    for _ in range(depth):
        folder = folder.children[0]
        await open_node(pilot, pane, folder)
    return node


async def reveal(pilot, pane: ContainersPane, node) -> None:
    """Scroll `node` into view: the session's Azurite holds other tests' containers too, so this
    test's container may be listed below the bottom of the pane."""
    pane.container_tree.move_cursor(node)
    pane.container_tree.scroll_to_node(node, animate=False)
    await pilot.pause()


async def test_a_container_is_listed_only_when_expanded_with_folder_and_blob_counts_and_sizes(engine, container):
    container.put("notes/a.txt", "x" * 1536)
    container.put("notes/sub/b.txt", "y" * 10)
    container.put("top.txt", "z" * 20)
    app = PaneApp(engine)
    async with app.run_test(size=(120, 40)) as pilot:
        pane = app.pane
        await until(pilot, lambda: pane.containers_loaded)
        node = await until(pilot, lambda: container_node(pane, container))
        assert not node.data.loaded and list(node.children) == [], "nothing is listed before the node is opened"

        await open_node(pilot, pane, node)
        assert child_labels(node) == ["notes/", "top.txt  20 B"]
        assert "1 folder · 1 blob" in node.label.plain
        notes = node.children[0]
        assert not notes.data.loaded, "a folder below is listed only when it is opened in turn"

        await open_node(pilot, pane, notes)
        assert child_labels(notes) == ["sub/", "a.txt  1.5 KB"]
        assert "1 folder · 1 blob" in notes.label.plain
        await reveal(pilot, pane, notes.children[1])
        await until(pilot, lambda: "a.txt  1.5 KB" in screen_text(app))
        text = screen_text(app)
        assert "a.txt  1.5 KB" in text and "sub/" in text


async def test_a_folder_shows_loading_until_its_listing_arrives(engine, container):
    container.put("in/a.txt", "hello")
    app = PaneApp(engine)
    async with app.run_test(size=(120, 40)) as pilot:
        pane = app.pane
        node = await until(pilot, lambda: container_node(pane, container))
        pane.load_node(node)
        assert [c.label.plain for c in node.children] == ["loading…"] and "loading…" in node.label.plain
        await until(pilot, lambda: node.data.loaded)
        assert child_labels(node) == ["in/"] and "loading" not in node.label.plain


async def test_folder_statistics_count_every_document_and_byte_below_the_prefix(engine, container):
    for i in range(7):
        container.put(f"in/2024/{i}.txt", "a" * 100)
    container.put("in/2025/deep/x.json", "b" * 300)
    container.put("other/skip.txt", "c" * 1000)
    app = PaneApp(engine)
    async with app.run_test(size=(120, 40)) as pilot:
        pane = app.pane
        node = await open_container(pilot, pane, container)
        folder = node.children[0]
        assert folder.data.path == "in/"
        pane.container_tree.move_cursor(folder)
        await pilot.pause()
        await pilot.press("i")
        await until(pilot, lambda: folder.data.stats is not None)
        assert (folder.data.stats.count, folder.data.stats.total_bytes) == (8, 1000)
        assert "Σ 8 docs, 1000 B" in folder.label.plain
        assert "8 documents, 1000 B in all" in screen_text(app)


CONTAINERS_XML = (
    '<?xml version="1.0" encoding="utf-8"?><EnumerationResults ServiceEndpoint="{url}/"><Containers>'
    "<Container><Name>slow</Name><Properties><Last-Modified>Mon, 01 Jan 2024 00:00:00 GMT</Last-Modified>"
    '<Etag>"0x1"</Etag></Properties></Container></Containers><NextMarker /></EnumerationResults>'
)


async def test_counting_says_so_until_done_and_escape_stops_it(make_engine, emulator, fake_storage):
    """A storage account whose blob listings hang: the count stays visibly in progress until stopped."""
    import asyncio

    from aiohttp import web

    from tests.azure.fake_azure_server import ACCOUNT, DEV_KEY

    release = asyncio.Event()

    async def respond(request):
        if request.query.get("restype") == "container":
            await release.wait()  # a listing that takes as long as the test wants
            return web.Response(status=503)
        return web.Response(
            text=CONTAINERS_XML.format(url=f"{fake_storage.url}/{ACCOUNT}"), content_type="application/xml"
        )

    fake_storage.respond = respond
    conn = (
        f"DefaultEndpointsProtocol=http;AccountName={ACCOUNT};AccountKey={DEV_KEY};"
        f"BlobEndpoint={fake_storage.url}/{ACCOUNT};"
    )
    engine = make_engine(emulator.url, connection_string=conn)
    await engine.start()
    try:
        app = PaneApp(engine)
        async with app.run_test(size=(120, 30)) as pilot:
            pane = app.pane
            node = await until(pilot, lambda: find_node(pane, lambda e: e.kind == "container"))
            pane.container_tree.move_cursor(node)
            await pilot.pause()
            await pilot.press("i")
            await until(pilot, lambda: any(r.query.get("restype") == "container" for r in fake_storage.requests))
            await pilot.pause()
            assert pane.counting and "counting…" in node.label.plain
            assert "counting documents under slow/… (escape stops)" in screen_text(app)
            await pilot.press("escape")
            assert not pane.counting and node.data.stats is None and "counting" not in node.label.plain
            await until(pilot, lambda: "counting stopped" in screen_text(app))
    finally:
        release.set()
        await engine.stop()


async def test_new_job_from_a_folder_posts_its_container_and_prefix(engine, container):
    container.put("in/2024/a.txt", "a")
    app = PaneApp(engine)
    async with app.run_test(size=(120, 40)) as pilot:
        pane = app.pane
        node = await open_container(pilot, pane, container, depth=1)
        folder = node.children[0].children[0]
        assert folder.data.path == "in/2024/"
        pane.container_tree.move_cursor(folder)
        await pilot.pause()
        await pilot.press("n")
        await until(pilot, lambda: app.posted)
        message = app.posted[-1]
        assert isinstance(message, ContainersPane.NewJobRequested)
        assert (message.container_url, message.prefix) == (node.data.container_url, "in/2024/")
        assert message.container_url.endswith("/" + container.client.container_name)

        pane.container_tree.move_cursor(node)
        await pilot.pause()
        await pilot.press("n")
        await until(pilot, lambda: len(app.posted) == 2)
        assert app.posted[-1].prefix == "", "from the container itself the job reads the whole container"


async def test_v_and_enter_on_a_blob_post_view_blob_and_enter_on_a_folder_does_not(engine, container):
    container.put("in/note.txt", "hello")
    app = PaneApp(engine)
    async with app.run_test(size=(120, 40)) as pilot:
        pane = app.pane
        node = await open_container(pilot, pane, container, depth=1)
        assert app.posted == [], "opening folders posts nothing"
        blob = node.children[0].children[0]
        pane.container_tree.move_cursor(blob)
        await pilot.pause()
        await pilot.press("v")
        await until(pilot, lambda: app.posted)
        assert isinstance(app.posted[0], ContainersPane.ViewBlob)
        assert (app.posted[0].container_url, app.posted[0].blob_name) == (node.data.container_url, "in/note.txt")
        await pilot.press("enter")
        await until(pilot, lambda: len(app.posted) == 2)
        assert app.posted[1].blob_name == "in/note.txt"


async def test_the_keyboard_alone_walks_down_to_a_blob_and_opens_it(engine, container):
    """With more entries than the pane shows, up and down must move the cursor, not scroll the view."""
    for i in range(60):
        container.put(f"in/note-{i:02}.txt", "hello")
    app = PaneApp(engine)
    async with app.run_test(size=(120, 40)) as pilot:
        pane = app.pane
        node = await open_container(pilot, pane, container)
        folder = node.children[0]
        assert pane.container_tree.cursor_node is node
        await pilot.press("down")
        await until(pilot, lambda: pane.container_tree.cursor_node is folder)
        await pilot.press("enter")  # opens the folder
        await until(pilot, lambda: folder.data.loaded and len(folder.children) == 60)
        assert pane.container_tree.max_scroll_y > 0, "the listing is taller than the pane"
        await pilot.press("down", "down", "down", "up")
        await until(pilot, lambda: pane.container_tree.cursor_node is folder.children[1])
        await pilot.press("v")
        await until(pilot, lambda: app.posted)
        assert app.posted[0].blob_name == "in/note-01.txt"


async def test_a_listing_cut_at_the_limit_says_more_are_not_shown(engine, container, monkeypatch):
    import deidtui.engine.storage as storage

    monkeypatch.setattr(storage, "LISTING_LIMIT", 3)  # the real limit is 5,000 entries per level
    for i in range(5):
        container.put(f"in/{i}.txt", "x")
    app = PaneApp(engine)
    async with app.run_test(size=(120, 40)) as pilot:
        pane = app.pane
        node = await open_container(pilot, pane, container, depth=1)
        folder = node.children[0]
        assert child_labels(folder) == [
            "0.txt  1 B",
            "1.txt  1 B",
            "2.txt  1 B",
            "… more not shown (the first 3 entries are listed)",
        ]
        assert "3+ blobs" in folder.label.plain


async def test_reload_lists_the_folder_again(engine, container):
    container.put("in/a.txt", "a")
    app = PaneApp(engine)
    async with app.run_test(size=(120, 40)) as pilot:
        pane = app.pane
        node = await open_container(pilot, pane, container, depth=1)
        folder = node.children[0]
        assert child_labels(folder) == ["a.txt  1 B"]
        container.put("in/b.txt", "bb")
        pane.container_tree.move_cursor(folder)
        await pilot.pause()
        await pilot.press("r")
        await until(pilot, lambda: folder.data.loaded and len(folder.children) == 2)
        assert child_labels(folder) == ["a.txt  1 B", "b.txt  2 B"]


async def test_hostile_blob_names_render_inert_and_literal(engine, container):
    # Azurite cannot list names holding C0 controls such as ESC (its XML answer breaks), so the
    # escape sequences here use their one-byte C1 forms, which terminals obey just the same
    # (0x9B is CSI, 0x9D OSC, 0x9C ST); the ESC form is covered by the label test below.
    names = [
        "in/\x9b31mred\x9b0m.txt",
        "in/\x9d52;c;ZXZpbA==\x9cclip.txt",
        "in/invoice\u202etxt.exe",
        "in/[bold red]alert.txt",
        "in/tab\there\nnewline.txt",
        "in/[b]x[/]y.txt",  # "[/" holds the delimiter: a folder "[b]x[/" and a blob "]y.txt"
    ]
    for name in names:
        container.put(name, "x")
    app = PaneApp(engine)
    async with app.run_test(size=(160, 40)) as pilot:
        pane = app.pane
        node = await open_container(pilot, pane, container, depth=1)
        labels = await until(
            pilot, lambda: (lambda found: found if len(found) >= len(names) else None)(child_labels(node.children[0]))
        )
        assert "[b]x[/" in labels, "a folder whose name looks like markup is shown literally"
        assert "[bold red]alert.txt  1 B" in labels, "markup in a name is shown literally, not applied"
        assert "\ufffd31mred\ufffd0m.txt  1 B" in labels, "C1 CSI is shown as a visible stand-in"
        assert "\ufffd52;c;ZXZpbA==\ufffdclip.txt  1 B" in labels, "C1 OSC and ST are neutralised"
        assert "invoice\ufffdtxt.exe  1 B" in labels, "the bidi override is neutralised"
        assert "tab→here⏎newline.txt  1 B" in labels, "tabs and newlines are visible marks in a name"
        await reveal(pilot, pane, node.children[0].children[-1])
        await until(pilot, lambda: "[bold red]alert.txt" in screen_text(app))
        text = screen_text(app)
        assert "[bold red]alert.txt" in text and "[b]x[/" in text
        assert_inert(screen_segments(app))


async def test_no_label_of_the_tree_is_read_as_rich_markup(engine, container, monkeypatch):
    # Tree reads a string label as Rich markup, emoji codes included: a name shows literally only as
    # a Text, and so does the hidden root (its markup alone loaded Rich's table of emoji, 0.5 MB).
    read: list[str] = []
    from_markup = Text.from_markup
    monkeypatch.setattr(
        Text, "from_markup", classmethod(lambda cls, text, *a, **k: read.append(text) or from_markup(text, *a, **k))
    )
    container.put("in/:warning: check.txt", "x")
    app = PaneApp(engine)
    async with app.run_test(size=(160, 40)) as pilot:
        pane = app.pane
        node = await open_container(pilot, pane, container, depth=1)
        assert child_labels(node.children[0]) == [":warning: check.txt  1 B"]
    assert read == []


def test_escape_sequences_in_a_name_become_visible_stand_ins():
    entry = Entry(
        "blob", path="in/\x1b[31mred\x1b]8;;http://evil\x07x", display="\x1b[31mred\x1b]8;;http://evil\x07x", size=3
    )
    label = label_for(entry)
    assert label.plain == "␛[31mred␛]8;;http://evil␇x  3 B"
    assert all(not span.style or str(span.style) == "dim" for span in label.spans), "no style comes from the name"
