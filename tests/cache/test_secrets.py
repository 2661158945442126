"""Nothing that could be a SAS token or key reaches the cache file."""

from __future__ import annotations

from pathlib import Path

from deidtui.cache import JobCache
from deidtui.domain.models import Document, DocumentLocation, JobStatus

from .factories import job, spec

SAS = "sv=2024-08-04&ss=b&srt=co&sp=rl&se=2030-01-01&sig=c2VjcmV0LXNpZ25hdHVyZQ%3D%3D"
SECRET = "c2VjcmV0LXNpZ25hdHVyZQ"


def file_bytes(path: Path) -> bytes:
    return b"".join(p.read_bytes() for p in path.parent.iterdir() if p.name.startswith(path.name))


async def test_query_strings_are_stripped_from_every_stored_location(cache: JobCache, cache_path: Path) -> None:
    with_sas = spec(
        source_location=f"https://acct.blob.core.windows.net/notes?{SAS}",
        target_location=f"https://acct.blob.core.windows.net/out?{SAS}#frag",
    )
    [change] = await cache.upsert_jobs("p", [job("a", job_spec=with_sas)])
    assert change.job.job.spec.source_location == "https://acct.blob.core.windows.net/notes"
    assert change.job.job.spec.target_location == "https://acct.blob.core.windows.net/out"

    document = Document(
        id="d1",
        status=JobStatus.SUCCEEDED,
        input=DocumentLocation(f"https://acct.blob.core.windows.net/notes/in/a.txt?{SAS}", "e1"),
        output=DocumentLocation("https://user:pw@acct.blob.core.windows.net/out/a.txt?sig=x", "e2"),
    )
    [doc_change] = await cache.upsert_documents("p", "a", [document])
    assert doc_change.document.input.location == "https://acct.blob.core.windows.net/notes/in/a.txt"
    [stored] = await cache.documents("p", "a")
    assert stored.output is not None and stored.output.location == "https://acct.blob.core.windows.net/out/a.txt"

    intent = await cache.record_intent("p", "b", with_sas, kind="submit")
    assert "?" not in intent.spec.source_location
    await cache.resolve_intent(intent.id, "failed", f"403 from https://acct.blob.core.windows.net/notes?{SAS}")
    await cache.audit(
        "p", "submit", ["b"], "error", f"PUT failed for https://x.blob.core.windows.net/c?{SAS}; sig={SECRET}"
    )
    [entry] = await cache.audit_log("p")
    assert SECRET not in entry.detail and "sv=" not in entry.detail

    await cache.close()
    stored_bytes = file_bytes(cache_path)
    assert stored_bytes  # the test reads something
    assert SECRET.encode() not in stored_bytes and b"user:pw" not in stored_bytes
    assert b"acct.blob.core.windows.net/notes" in stored_bytes


async def test_a_url_changed_only_by_its_query_is_not_a_change(cache: JobCache) -> None:
    await cache.upsert_jobs("p", [job("a")])
    with_sas = spec(source_location=f"{spec().source_location}?{SAS}")
    assert await cache.upsert_jobs("p", [job("a", job_spec=with_sas)]) == []
