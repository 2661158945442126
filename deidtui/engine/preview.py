"""Preview a job: the synchronous endpoint on a few matching documents, input beside output."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..domain.errors import DeidError
from ..domain.models import JobSpec
from .outcomes import PREVIEW_BYTES, PreviewItem
from .service import ServiceGateway

if TYPE_CHECKING:  # the storage SDK loads only for a profile with storage
    from .storage import StorageBrowser


def _head_text(data: bytes, size: int) -> tuple[str, bool]:
    truncated = size > len(data)
    if truncated:
        cut = data.rfind(b"\n")
        data = data[: cut + 1] if cut > 0 else data
    return data.decode("utf-8", errors="replace"), truncated


async def preview_documents(
    storage: StorageBrowser,
    gateway: ServiceGateway,
    spec: JobSpec,
    samples: int,
) -> list[PreviewItem]:
    items: list[PreviewItem] = []
    names: list[str] = []
    async for blob in storage.iter_matching(spec.source_location, spec.source_prefix, spec.extensions):
        names.append(blob.name)
        if len(names) >= samples:
            break
    for name in names:
        data, size = await storage.read_head(spec.source_location, name, PREVIEW_BYTES)
        text, truncated = _head_text(data, size)
        try:
            result = await gateway.deidentify_text(
                text, spec.operation, redaction_format=spec.redaction_format, surrogate_locale=spec.surrogate_locale
            )
        except DeidError as error:
            items.append(PreviewItem(name, text, None, (), truncated, str(error)))
            continue
        entities = tuple((result.get("taggerResult") or {}).get("entities") or ())
        items.append(PreviewItem(name, text, result.get("outputText"), entities, truncated))
    return items
