"""A listed job's cache row, read straight from the service's answer, so a sweep decodes and writes
only the jobs that changed.

A sweep of 10,000 jobs that finds nothing new used to decode every job (`Job.from_rest`, two
timestamps parsed per job) and hand it to the cache, which compared it with the stored row: as
much work as fetching the page. `cache_row` builds the row the cache would store (its JOB_FIELDS,
in order, timestamps in the cache's fixed-width text) from the answer's own strings, with no
datetime parsing, and the cache compares and writes those rows as they are
(`JobCache.upsert_listed`): nothing is decoded. The page itself arrives as the service's JSON
(`ServiceGateway.list_jobs`), not as the SDK's models, which cost as much to build as the page took
to fetch. A field spelled some other way than the cache writes it (a timestamp in another zone,
say) yields None: that job takes the full path, which is always correct, only slower.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from ..cache.codec import extensions_json, strip_query
from ..domain.models import JobStatus, Operation

# RFC 3339 in UTC, as the service writes it; up to 7 fractional digits (Python keeps 6).
_UTC_TIMESTAMP = re.compile(r"(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d)(?:\.(\d+))?(?:Z|\+00:00)")
_STATUSES = frozenset(status.value for status in JobStatus)
_OPERATIONS = frozenset(operation.value for operation in Operation)


def cache_ts(text: object) -> str | None:
    """A service timestamp as the cache stores it (`cache.codec.ts`), without parsing it; None
    when it is not plain UTC text."""
    if not isinstance(text, str):
        return None
    match = _UTC_TIMESTAMP.fullmatch(text)
    if match is None:
        return None
    return f"{match[1]}.{(match[2] or '')[:6].ljust(6, '0')}Z"


def cache_row(item: Mapping[str, Any]) -> tuple[Any, ...] | None:
    """The cache row (`cache.codec.job_row` of the decoded job) of one listed job, from the
    service's answer as sent; None when a field is not in the form the cache stores."""
    try:
        status, operation = item["status"], item.get("operation") or Operation.SURROGATE.value
        if status not in _STATUSES or operation not in _OPERATIONS:
            return None  # another spelling: decoding normalises it
        created = cache_ts(item["createdAt"])
        updated = cache_ts(item.get("lastUpdatedAt") or item["createdAt"])
        started_text = item.get("startedAt")
        started = cache_ts(started_text) if started_text else None
        if created is None or updated is None or (started_text and started is None):
            return None
        source, target = item["sourceLocation"], item["targetLocation"]
        customizations = item.get("customizations") or {}
        extensions = source.get("extensions")
        summary, error = item.get("summary"), item.get("error")
        return (
            status,
            operation,
            strip_query(source["location"]),
            source["prefix"],
            extensions_json(tuple(extensions) if extensions else ("*",)),
            strip_query(target["location"]),
            target["prefix"],
            int(bool(target.get("overwrite") or False)),
            customizations.get("redactionFormat"),
            customizations.get("surrogateLocale"),
            customizations.get("inputLocale"),
            created,
            started,
            updated,
            *(
                (
                    int(summary.get("successful", 0)),
                    int(summary.get("failed", 0)),
                    int(summary.get("canceled", 0)),
                    int(summary.get("total", 0)),
                    int(summary.get("bytesProcessed", 0)),
                )
                if summary
                else (None, None, None, None, None)
            ),
            *(
                (str(error.get("code") or "Unknown"), str(error.get("message") or ""), error.get("target"))
                if error
                else (None, None, None)
            ),
        )
    except (KeyError, TypeError, ValueError, AttributeError):
        return None  # malformed: decoding reports it
