"""`-o tsv` and `--query` (JMESPath), as operators of the Azure CLI use them."""

from __future__ import annotations

from .test_jobs_cli import NOTE, submit


def test_query_picks_and_filters_and_tsv_prints_bare_values(deidtui, container):
    container.put("in/a.txt", NOTE)
    assert submit(deidtui, container, "good-one", "--wait", "--interval", "0.2").code == 0
    failed = deidtui(
        "jobs", "submit", "--source", "https://other.blob.core.windows.net/notes", "--prefix", "in/",
        "--target-prefix", "o/", "--name", "bad-one",
    )  # fmt: skip
    assert failed.code == 0, failed.err
    assert deidtui("jobs", "watch", "bad-one", "--interval", "0.2").code == 1

    names = deidtui("jobs", "list", "--query", "[?status=='Failed'].name", "-o", "tsv")
    assert names.code == 0 and names.out == "bad-one\n"
    pairs = deidtui("jobs", "list", "--query", "[].[name, source.prefix]", "-o", "tsv")
    assert sorted(pairs.out.splitlines()) == ["bad-one\tin/", "good-one\tin/"]
    total = deidtui("jobs", "show", "good-one", "--query", "summary.total", "-o", "tsv")
    assert total.out == "1\n"
    as_json = deidtui("jobs", "show", "good-one", "--query", "{n: name, s: status}", "-o", "json").json()
    assert as_json == {"n": "good-one", "s": "Succeeded"}
    shaped = deidtui("jobs", "list", "--query", "[].{name: name, prefix: source.prefix}")
    assert shaped.out.splitlines()[0].split() == ["NAME", "PREFIX"] and "good-one" in shaped.out


def test_tsv_without_a_query_has_every_field_in_json_order(deidtui, container):
    container.put("in/a.txt", NOTE)
    assert submit(deidtui, container, "tsv-job", "--wait", "--interval", "0.2").code == 0
    [line] = deidtui("jobs", "list", "-o", "tsv").out.splitlines()
    fields = line.split("\t")
    record = deidtui("jobs", "list", "-o", "json").json()[0]
    assert len(fields) == len(record)
    assert fields[:4] == ["deidtui.job/1", "tsv-job", "Surrogate", "Succeeded"]
    assert fields[list(record).index("partiallyFailed")] == "false"
    assert fields[list(record).index("parent")] == ""  # null is an empty field
    assert fields[list(record).index("source")].startswith('{"location":')  # nested: compact JSON


def test_a_tab_or_newline_in_a_value_cannot_shift_the_columns(deidtui, container):
    container.put("in/tab\there.txt", "x")
    container.put("in/line\nbreak.txt", "y")
    name = container.url.rsplit("/", 1)[1]
    result = deidtui("blobs", "ls", f"{name}/in/", "--query", "[].[name, size]", "-o", "tsv")
    assert result.code == 0, result.err
    rows = [line.split("\t") for line in result.out.splitlines()]
    assert len(rows) == 2 and all(len(row) == 2 for row in rows)
    assert {row[0] for row in rows} == {"in/tab→here.txt", "in/line⏎break.txt"}
