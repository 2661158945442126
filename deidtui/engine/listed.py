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
_UTC_TIMESTAMP = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.(\d+))?(?:Z|\+00:00)")
_SECONDS = len("2026-01-01T00:00:00")  # the fraction's digits start after it and a dot
_STATUSES = frozenset(status.value for status in JobStatus)
_OPERATIONS = frozenset(operation.value for operation in Operation)
_SURROGATE = Operation.SURROGATE.value


def cache_ts(text: object) -> str | None:
    """A service timestamp as the cache stores it (`cache.codec.ts`), without parsing it; None
    when it is not plain UTC text."""
    if not isinstance(text, str):
        return None
    match = _UTC_TIMESTAMP.fullmatch(text)
    if match is None:
        return None
    if match.end(1) - _SECONDS > 6:  # six digits or more, as the service sends them: cut, not formatted
        return text[: _SECONDS + 7] + "Z"
    return f"{text[:_SECONDS]}.{(match[1] or '')[:6].ljust(6, '0')}Z"


def cache_row(item: Mapping[str, Any]) -> tuple[Any, ...] | None:
    """The cache row (`cache.codec.job_row` of the decoded job) of one listed job, from the
    service's answer as sent; None when a field is not in the form the cache stores."""
    try:
        status, operation = item["status"], item.get("operation") or _SURROGATE
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
        return (
            status,
            operation,
            strip_query(source["location"]),
            source["prefix"],
            _extensions(source),
            strip_query(target["location"]),
            target["prefix"],
            int(bool(target.get("overwrite") or False)),
            customizations.get("redactionFormat"),
            customizations.get("surrogateLocale"),
            customizations.get("inputLocale"),
            created,
            started,
            updated,
            *_summary(item.get("summary")),
            *_error(item.get("error")),
        )
    except (KeyError, TypeError, ValueError, AttributeError):
        return None  # malformed: decoding reports it


# The fields both `cache_row` and `listed_as` read the same way (one spelling of each rule).
_NO_SUMMARY: tuple[None, ...] = (None,) * 5
_NO_ERROR: tuple[None, ...] = (None,) * 3


def _extensions(source: Mapping[str, Any]) -> str:
    extensions = source.get("extensions")
    return extensions_json(tuple(extensions) if extensions else ("*",))


def _summary(summary: Mapping[str, Any] | None) -> tuple[int | None, ...]:
    if not summary:
        return _NO_SUMMARY
    return (
        int(summary.get("successful", 0)),
        int(summary.get("failed", 0)),
        int(summary.get("canceled", 0)),
        int(summary.get("total", 0)),
        int(summary.get("bytesProcessed", 0)),
    )


def _error(error: Mapping[str, Any] | None) -> tuple[Any, ...]:
    if not error:
        return _NO_ERROR
    return (str(error.get("code") or "Unknown"), str(error.get("message") or ""), error.get("target"))


def _same_ts(text: object, stored: object) -> bool:
    """Whether `cache_ts(text)` is `stored` (a stored timestamp), compared without the pattern in
    the service's own forms: with 7 fractional digits the cut text must be the stored text (whose
    digits it then shares), and with 6 the stored text itself."""
    if type(text) is not str or type(stored) is not str:
        return False
    if len(text) == len(stored) + 1 and text[-1] == "Z" and text[-2] in _DIGITS:
        return text.startswith(stored[:-1])
    return text == stored or cache_ts(text) == stored


_DIGITS = frozenset("0123456789")


def listed_as(item: Mapping[str, Any], row: tuple[Any, ...]) -> bool:
    """Whether `cache_row(item)` would be `row`, a stored row (JOB_FIELDS), compared field by field
    in the answer's own form without building the row: a sweep finds most jobs as they were,
    and this costs a third of building each row to compare it. False whenever unsure (a field
    spelled otherwise than stored): the row is then built and compared as usual."""
    try:
        (
            status,
            operation,
            source_location,
            source_prefix,
            extensions,
            target_location,
            target_prefix,
            overwrite,
            redaction_format,
            surrogate_locale,
            input_locale,
            created,
            started,
            updated,
            successful,
            failed,
            canceled,
            total,
            processed,
            error_code,
            error_message,
            error_target,
        ) = row
        if item["status"] != status or (item.get("operation") or _SURROGATE) != operation:
            return False
        created_text = item["createdAt"]
        if not (_same_ts(created_text, created) and _same_ts(item.get("lastUpdatedAt") or created_text, updated)):
            return False
        started_text = item.get("startedAt")
        if not (_same_ts(started_text, started) if started_text else started is None):
            return False
        source, target = item["sourceLocation"], item["targetLocation"]
        if (
            source["location"] != source_location  # a location with a query is stored stripped: built
            or source["prefix"] != source_prefix
            or target["location"] != target_location
            or target["prefix"] != target_prefix
            or int(bool(target.get("overwrite") or False)) != overwrite
            or _extensions(source) != extensions
        ):
            return False
        customizations = item.get("customizations") or {}
        if (
            customizations.get("redactionFormat") != redaction_format
            or customizations.get("surrogateLocale") != surrogate_locale
            or customizations.get("inputLocale") != input_locale
        ):
            return False
        summary = (successful, failed, canceled, total, processed)
        error = (error_code, error_message, error_target)
        return _summary(item.get("summary")) == summary and _error(item.get("error")) == error
    except (KeyError, TypeError, ValueError, AttributeError):
        return False
