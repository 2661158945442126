"""How jobs treat documents: output paths, operations, overwrite, bad documents, storage failures."""

from __future__ import annotations

import json

from azure.health.deidentification.models import OperationStatus

from ..support import deid_client, job_body, run_job

NOTE = "The patient came in for a visit on 10/12/2023 and was seen again November 4th at Contoso Hospital."


async def documents(client, name):
    return {d.input_location.location.rsplit("/", 1)[1]: d async for d in client.list_job_documents(name)}


async def test_outputs_replace_the_source_prefix_with_the_target_prefix(client, container):
    container.put("documents/user/note.txt", NOTE)
    container.put("documents/user/sub/deeper.txt", NOTE)
    job = await run_job(client, "paths", job_body(container.url, "documents/user/", "output_docs/"))
    assert job.status == OperationStatus.SUCCEEDED
    assert container.names("output_docs/") == ["output_docs/note.txt", "output_docs/sub/deeper.txt"]


async def test_output_can_go_to_another_container_of_the_same_account(client, container, blob_service, azurite):
    other = blob_service.create_container(container.url.rsplit("/", 1)[1] + "-out")
    container.put("in/a.txt", NOTE)
    target = azurite.container_url(other.container_name)
    job = await run_job(client, "cross", job_body(container.url, "in/", "x/", target_url=target))
    assert job.status == OperationStatus.SUCCEEDED
    assert [b.name for b in other.list_blobs()] == ["x/a.txt"]


async def test_extensions_filter_the_documents(client, container):
    container.put("in/a.txt", NOTE)
    container.put("in/b.TXT", NOTE)
    container.put("in/c.json", "{}")
    job = await run_job(client, "ext", job_body(container.url, "in/", "out/", extensions=["*.txt"]))
    assert job.summary.total_count == 2
    assert container.names("out/") == ["out/a.txt", "out/b.TXT"]


async def test_tag_writes_a_json_result_per_document(client, container):
    container.put("in/a.txt", NOTE)
    job = await run_job(client, "tag", job_body(container.url, "in/", "out/", operation="Tag"))
    assert job.status == OperationStatus.SUCCEEDED
    result = json.loads(container.get("out/a.txt"))
    found = {(e["category"], e["text"]) for e in result["entities"]}
    assert {("Date", "10/12/2023"), ("Date", "November 4th"), ("Hospital", "Contoso Hospital")} <= found
    for entity in result["entities"]:
        start = entity["offset"]["codePoint"]
        assert NOTE[start : start + entity["length"]["codePoint"]] == entity["text"]


async def test_redact_honours_the_redaction_format(client, container):
    container.put("in/a.txt", NOTE)
    body = job_body(container.url, "in/", "out/", operation="Redact", redaction_format="[{TYPE}]")
    await run_job(client, "redact", body)
    output = container.get("out/a.txt").decode()
    assert output == NOTE.replace("10/12/2023", "[DATE]").replace("November 4th", "[DATE]").replace(
        "Contoso Hospital", "[HOSPITAL]"
    )


async def test_surrogate_is_consistent_across_documents_of_one_job(client, container):
    container.put("in/a.txt", "Julie Tremblay a été consultée par Dr. Marc Lavoie le 10 Janvier")
    container.put("in/b.txt", "Suivi de Julie Tremblay avec Dr. Marc Lavoie.")
    body = job_body(container.url, "in/", "out/", locale="fr-CA")
    job = await run_job(client, "consistent", body)
    assert job.status == OperationStatus.SUCCEEDED
    a, b = container.get("out/a.txt").decode(), container.get("out/b.txt").decode()
    assert "Julie Tremblay" not in a + b and "Marc Lavoie" not in a + b
    # The same two people keep the same two surrogate names in both documents.
    tail_a = a.split(" a été consultée par Dr. ")
    patient = tail_a[0]
    doctor = tail_a[1].split(" le ")[0]
    assert b == f"Suivi de {patient} avec Dr. {doctor}."


async def test_existing_output_fails_that_document_only_and_is_left_untouched(client, container):
    container.put("in/a.txt", NOTE)
    container.put("in/b.txt", NOTE)
    container.put("out/a.txt", "precious earlier output")
    job = await run_job(client, "no-overwrite", job_body(container.url, "in/", "out/"))
    assert job.status == OperationStatus.FAILED and job.error.code == "DocumentsFailed"
    assert job.summary.failed_count == 1 and job.summary.successful_count == 1
    docs = await documents(client, "no-overwrite")
    assert docs["a.txt"].error.code == "OutputAlreadyExists"
    assert docs["b.txt"].status == OperationStatus.SUCCEEDED
    assert container.get("out/a.txt") == b"precious earlier output"


async def test_overwrite_true_replaces_existing_output(client, container):
    container.put("in/a.txt", NOTE)
    container.put("out/a.txt", "old")
    job = await run_job(client, "overwrite", job_body(container.url, "in/", "out/", overwrite=True))
    assert job.status == OperationStatus.SUCCEEDED
    assert container.get("out/a.txt") != b"old"


async def test_invalid_utf8_and_oversized_documents_fail_alone(client, container):
    container.put("in/good.txt", NOTE)
    container.put("in/latin1.txt", "Hôpital".encode("latin-1"))
    container.put("in/huge.txt", b"a" * (2 * 1024 * 1024 + 1))
    job = await run_job(client, "bad-docs", job_body(container.url, "in/", "out/"))
    assert job.summary.total_count == 3 and job.summary.successful_count == 1 and job.summary.failed_count == 2
    docs = await documents(client, "bad-docs")
    assert docs["latin1.txt"].error.code == "InvalidDocumentEncoding"
    assert docs["huge.txt"].error.code == "DocumentTooLarge"
    assert "2,097,152" in docs["huge.txt"].error.message
    assert container.names("out/") == ["out/good.txt"]


async def test_prefix_matching_nothing_fails_the_job_as_empty(client, container):
    container.put("in/a.txt", NOTE)
    job = await run_job(client, "empty", job_body(container.url, "nothing-here/", "out/"))
    assert job.status == OperationStatus.FAILED and job.error.code == "EmptyJob"
    assert job.error.message == "No files found in the source location with specified prefix."
    # As recorded: a job that never listed a document has neither a summary nor a start time.
    assert job.summary is None and job.started_at is None


async def test_foreign_storage_account_fails_the_job_clearly(client):
    body = job_body("https://someoneelse.blob.core.windows.net/notes", "in/", "out/")
    job = await run_job(client, "foreign", body)
    assert job.status == OperationStatus.FAILED and job.error.code == "StorageAccessDenied"
    assert "someoneelse" in job.error.message


async def test_missing_container_fails_the_job(client, azurite):
    job = await run_job(client, "no-container", job_body(azurite.container_url("does-not-exist"), "in/", "out/"))
    assert job.status == OperationStatus.FAILED and job.error.code == "ContainerNotFound"


async def test_unreachable_storage_fails_the_job(emulator_factory, tmp_path):
    dead = (
        "DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=a2V5;"
        "BlobEndpoint=http://127.0.0.1:9/devstoreaccount1;"
    )
    emulator = emulator_factory(storage_connection_string=dead, state_dir=tmp_path / "dead")
    async with deid_client(emulator.url) as client:
        job = await run_job(client, "unreachable", job_body("http://127.0.0.1:9/devstoreaccount1/notes", "in/", "o/"))
    assert job.status == OperationStatus.FAILED and job.error.code == "StorageNotReachable"
