"""api-version 2025-07-15-preview beside 2024-11-15, with raw REST (runs with SDK 1.0.0 installed):
SurrogateOnly on /deid, inputLocale on jobs and /deid, and nothing of either in GA answers."""

from __future__ import annotations

import pytest

from deidtui.emulator import phi
from deidtui.emulator.transform import apply_operation

from ..support import job_body
from .rest import GA, PREVIEW, call

TEXT = "Dr. Jane Doe saw John Smith today."


def surrogate_only(text: str, entities: list[dict], encoding: str = "CodePoint", **extra) -> dict:
    return {
        "inputText": text,
        "operation": "SurrogateOnly",
        "taggedEntities": {"encoding": encoding, "entities": entities},
        **extra,
    }


async def test_surrogate_only_replaces_exactly_the_entities_the_caller_tags(emulator):
    john = {"category": "Patient", "offset": TEXT.index("John"), "length": len("John Smith"), "text": "John Smith"}
    status, _, body = await call(
        "POST", f"{emulator.url}/deid?api-version={PREVIEW}", json=surrogate_only(TEXT, [john])
    )
    assert status == 200 and list(body) == ["outputText"]
    assert body["outputText"].startswith("Dr. Jane Doe saw ") and body["outputText"].endswith(" today.")
    assert "John Smith" not in body["outputText"]  # the engine tagged nothing itself: Jane Doe stays


async def test_surrogate_only_offsets_are_read_in_the_encoding_the_caller_names(emulator):
    text = "Note 😀: Zoë Tremblay called."
    start = text.index("Zoë")
    utf16 = len(text[:start].encode("utf-16-le")) // 2
    utf8 = len(text[:start].encode())
    for encoding, offset, length in (("Utf16", utf16, 12), ("Utf8", utf8, 13), ("CodePoint", start, 12)):
        entity = {"category": "Patient", "offset": offset, "length": length}
        body = surrogate_only(text, [entity], encoding, customizations={"inputLocale": "fr-CA"})
        status, _, answer = await call("POST", f"{emulator.url}/deid?api-version={PREVIEW}", json=body)
        assert status == 200, answer
        assert answer["outputText"].startswith("Note 😀: ") and "Zoë Tremblay" not in answer["outputText"]


@pytest.mark.parametrize(
    ("body", "target", "needle"),
    [
        ({"inputText": TEXT, "operation": "SurrogateOnly"}, "taggedEntities", "needs taggedEntities"),
        (
            surrogate_only(TEXT, [{"category": "Pet", "offset": 0, "length": 3}]),
            "taggedEntities.entities[0].category",
            "PHI category",
        ),
        (
            surrogate_only(TEXT, [{"category": "Patient", "offset": 30, "length": 10}]),
            "taggedEntities.entities[0]",
            "ends after the text",
        ),
        (
            surrogate_only(TEXT, [{"category": "Doctor", "offset": 4, "length": 4, "text": "Jane Doe"}]),
            "taggedEntities.entities[0].text",
            "not the input",
        ),
        (surrogate_only(TEXT, [], "Latin1"), "taggedEntities.encoding", "Utf8, Utf16, CodePoint"),
        ({**surrogate_only(TEXT, []), "operation": "Tag"}, "taggedEntities", "only by the SurrogateOnly"),
        (
            {"inputText": TEXT, "customizations": {"inputLocale": "xx-XX"}},
            "customizations.inputLocale",
            "not supported",
        ),
    ],
)
async def test_bad_preview_deid_requests_name_the_field(emulator, body, target, needle):
    status, headers, answer = await call("POST", f"{emulator.url}/deid?api-version={PREVIEW}", json=body)
    assert status == 400 and headers["x-ms-error-code"] == "InvalidRequest", answer
    assert answer["error"]["target"] == target and needle in answer["error"]["message"]


async def test_ga_knows_no_surrogate_only_and_ignores_input_locale(emulator, container):
    status, _, answer = await call("POST", f"{emulator.url}/deid?api-version={GA}", json=surrogate_only(TEXT, []))
    assert (
        status == 400
        and answer["error"]["target"] == "operation"
        and "2025-07-15-preview" in answer["error"]["message"]
    )
    body = job_body(container.url, "in/", "out/")
    body["customizations"] = {"inputLocale": "fr-CA"}
    status, _, job = await call("PUT", f"{emulator.url}/jobs/ga-job?api-version={GA}", json=body)
    assert status == 200 and job["customizations"] == {"surrogateLocale": "en-US"}
    _, _, seen = await call("GET", f"{emulator.url}/jobs/ga-job?api-version={PREVIEW}")
    assert seen["customizations"] == {"surrogateLocale": "en-US", "inputLocale": "en-US"}  # not stored


async def test_preview_jobs_keep_their_input_locale_and_refuse_surrogate_only(emulator, container):
    body = job_body(container.url, "in/", "out/", operation="Tag")
    body["customizations"] = {"inputLocale": "fr-CA"}
    status, headers, job = await call("PUT", f"{emulator.url}/jobs/fr-tag?api-version={PREVIEW}", json=body)
    assert status == 200 and job["customizations"] == {"surrogateLocale": None, "inputLocale": "fr-CA"}
    assert headers["operation-location"].endswith(f"/jobs/fr-tag?api-version={PREVIEW}")
    status, _, ga_view = await call("GET", f"{emulator.url}/jobs/fr-tag?api-version={GA}")
    assert ga_view["customizations"] == {"surrogateLocale": None}  # GA answers never show inputLocale
    refused = job_body(container.url, "in/", "out2/", operation="SurrogateOnly")
    status, _, answer = await call("PUT", f"{emulator.url}/jobs/s-only?api-version={PREVIEW}", json=refused)
    assert status == 400 and answer["error"]["target"] == "operation" and "taggedEntities" in answer["error"]["message"]


def test_input_locale_tells_the_engine_how_to_read_numeric_dates():
    text = "Patient John Smith was admitted on 03/04/2024 and discharged the next week."
    session = phi.SurrogateSession("en-US", seed="locale-job")
    shift = session.date_shift_days
    from datetime import date, timedelta

    march_4, april_3 = date(2024, 3, 4) + timedelta(days=shift), date(2024, 4, 3) + timedelta(days=shift)
    outputs = {}
    for locale in ("en-US", "fr-FR"):
        output, _ = apply_operation(
            text, "Surrogate", seed="locale-job", redaction_format=None, surrogate_locale="en-US", input_locale=locale
        )
        outputs[locale] = output
    assert f"{march_4.month:02}/{march_4.day:02}/{march_4.year}" in outputs["en-US"]  # read month first
    assert f"{april_3.day:02}/{april_3.month:02}/{april_3.year}" in outputs["fr-FR"]  # read day first
