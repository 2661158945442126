"""The service's rules for job specifications, checked the same way by the emulator and the client."""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import urlsplit

from .api_versions import PREVIEW, ApiVersion
from .models import JobSpec, Operation

JOB_NAME_PATTERN = re.compile(r"^[a-zA-Z0-9][a-zA-Z0-9\-_]+[a-zA-Z0-9]$")
JOB_NAME_MIN, JOB_NAME_MAX = 3, 36
PREFIX_MAX = 1024
REDACTION_FORMAT_MAX = 16
REDACTION_VARIABLES = ("{type}", "{Type}", "{TYPE}", "{len}")
DEFAULT_REDACTION_FORMAT = "[{type}]"
DEFAULT_SURROGATE_LOCALE = "en-US"
MAX_DOCUMENTS_PER_JOB = 10_000
MAX_DOCUMENT_BYTES = 2 * 1024 * 1024

# Locales the service documents for surrogates; the emulator's PHI engine supports each of them.
SURROGATE_LOCALES: tuple[str, ...] = (
    "en-US",
    "en-GB",
    "en-AU",
    "en-CA",
    "fr-CA",
    "fr-FR",
    "de-DE",
    "es-ES",
    "es-MX",
    "it-IT",
    "pt-PT",
    "pt-BR",
    "nl-NL",
)


@dataclass(frozen=True, slots=True)
class Problem:
    """One reason a specification is invalid; `target` names the offending field as the REST API does."""

    target: str
    message: str

    def __str__(self) -> str:
        return f"{self.target}: {self.message}"


def check_job_name(name: str) -> Problem | None:
    if not isinstance(name, str) or not name:
        return Problem("name", "a job name is required")
    if not JOB_NAME_MIN <= len(name) <= JOB_NAME_MAX:
        return Problem(
            "name",
            f"job name {name!r} is {len(name)} characters long; it must be {JOB_NAME_MIN} to {JOB_NAME_MAX}",
        )
    if not JOB_NAME_PATTERN.match(name):
        return Problem(
            "name",
            f"job name {name!r} may only contain letters, digits, '-' and '_', "
            "and must start and end with a letter or digit",
        )
    return None


def check_container_url(url: str, target: str) -> Problem | None:
    if not isinstance(url, str) or not url.strip():
        return Problem(target, "a storage container URL is required")
    try:
        parts = urlsplit(url)
    except ValueError as exc:
        return Problem(target, f"{url!r} is not a valid URL ({exc})")
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return Problem(target, f"{url!r} is not an http(s) URL of a storage container")
    if parts.query or parts.fragment:
        return Problem(
            target,
            "the container URL must not carry a query string or fragment (no SAS token: "
            "the service reaches storage with its managed identity)",
        )
    try:
        from .paths import parse_container_url

        parse_container_url(url)
    except ValueError as exc:
        return Problem(target, str(exc))
    return None


def check_prefix(prefix: str, target: str, *, required: bool) -> Problem | None:
    if not isinstance(prefix, str):
        return Problem(target, "the prefix must be a string")
    if required and not prefix:
        return Problem(target, "a prefix is required")
    if len(prefix) > PREFIX_MAX:
        return Problem(target, f"the prefix is {len(prefix)} characters long; at most {PREFIX_MAX} are allowed")
    if any(ord(ch) < 0x20 or ord(ch) == 0x7F for ch in prefix):
        return Problem(target, "the prefix contains control characters")
    return None


def check_prefix_path(prefix: str, target: str) -> Problem | None:
    """A prefix that no sensible blob path has: a leading '/' or an empty folder name ('//').

    Storage takes both literally: a source prefix starting with '/' matches nothing a tool wrote,
    and a target with '//' writes outputs under an empty folder name. The service accepts them
    (and fails later or writes there); deidtui refuses to submit them.
    """
    if prefix.startswith("/"):
        return Problem(target, f"the prefix {prefix!r} starts with '/': blob paths do not; remove the leading '/'")
    if "//" in prefix:
        return Problem(target, f"the prefix {prefix!r} contains '//', an empty folder name; use a single '/'")
    return None


def check_redaction_format(fmt: str | None, operation: Operation) -> Problem | None:
    target = "customizations.redactionFormat"
    # A format on a Tag or Surrogate job is accepted and has no effect, as on the service.
    if fmt is None:
        return None
    if not isinstance(fmt, str) or not fmt:
        return Problem(target, "the redaction format must be a non-empty string")
    if len(fmt) > REDACTION_FORMAT_MAX:
        return Problem(target, f"the redaction format {fmt!r} is {len(fmt)} characters; at most {REDACTION_FORMAT_MAX}")
    for variable in REDACTION_VARIABLES:
        if fmt.count(variable) > 1:
            return Problem(target, f"the variable {variable} may appear at most once in the redaction format")
    if fmt.startswith("{len}"):
        return Problem(target, "{len} repeats the character before it, so it cannot come first")
    stray = re.sub(r"\{type\}|\{Type\}|\{TYPE\}|\{len\}", "", fmt)
    unknown = re.search(r"\{[^{}]*\}", stray)
    if unknown:
        return Problem(
            target,
            f"unknown variable {unknown.group(0)} in the redaction format; use {{type}}, {{Type}}, {{TYPE}} or {{len}}",
        )
    return None


def check_locale(locale: str | None, operation: Operation) -> Problem | None:
    target = "customizations.surrogateLocale"
    if locale is None:
        return None
    if locale not in SURROGATE_LOCALES:
        return Problem(
            target, f"surrogate locale {locale!r} is not supported; use one of {', '.join(SURROGATE_LOCALES)}"
        )
    return None


def check_input_locale(locale: str | None, api_version: str | None) -> Problem | None:
    """`customizations.inputLocale`: a documented locale, on an api-version that knows it (None:
    any version, as the service itself checks it)."""
    target = "customizations.inputLocale"
    if locale is None:
        return None
    if api_version is not None and not ApiVersion(api_version).has_input_locale:
        return Problem(
            target,
            f"the input locale needs api_version {PREVIEW} (this profile uses {api_version}); "
            "set api_version in the profile, or leave the input locale out",
        )
    if locale not in SURROGATE_LOCALES:
        return Problem(target, f"input locale {locale!r} is not supported; use one of {', '.join(SURROGATE_LOCALES)}")
    return None


def check_extensions(extensions: tuple[str, ...] | list[str]) -> Problem | None:
    target = "sourceLocation.extensions"
    if not extensions:
        return Problem(target, "at least one extension (or '*') is required")
    for ext in extensions:
        if not isinstance(ext, str) or not ext.strip():
            return Problem(target, "extensions must be non-empty strings such as '*.txt' or '*'")
        if "/" in ext or "\\" in ext:
            return Problem(target, f"extension {ext!r} must not contain a path separator")
    return None


def validate_spec(spec: JobSpec, *, as_service: bool = False, api_version: str | None = None) -> list[Problem]:
    """Every problem with a specification, in the order a form shows its fields.

    `as_service`: only the rules the service applies (the emulator); otherwise also the paths
    deidtui refuses to submit (`check_prefix_path`). `api_version`: the profile's, for the fields
    only some versions know."""
    paths = not as_service
    checks = [
        check_container_url(spec.source_location, "sourceLocation.location"),
        check_prefix(spec.source_prefix, "sourceLocation.prefix", required=False)
        or (check_prefix_path(spec.source_prefix, "sourceLocation.prefix") if paths else None),
        check_extensions(spec.extensions),
        check_container_url(spec.effective_target_location, "targetLocation.location"),
        check_prefix(spec.target_prefix, "targetLocation.prefix", required=True)
        or (check_prefix_path(spec.target_prefix, "targetLocation.prefix") if paths else None),
        check_redaction_format(spec.redaction_format, spec.operation),
        check_locale(spec.surrogate_locale, spec.operation),
        check_input_locale(spec.input_locale, api_version),
    ]
    return [problem for problem in checks if problem is not None]
