"""What a client asks of a job (`PUT /jobs/{name}`), checked per api-version, and how it is echoed.

The emulator keeps its own model of the request rather than deidtui's domain `JobSpec`: it must
know every operation and field of every served api-version, including ones deidtui itself does
not use, and echo them in the shapes the recordings show.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

from ..domain.models import JobSpec, Operation
from ..domain.validation import DEFAULT_REDACTION_FORMAT, DEFAULT_SURROGATE_LOCALE, SURROGATE_LOCALES, validate_spec
from .api_errors import bad_request
from .api_versions import ApiVersion

# deidtui's rules know Tag, Redact and Surrogate; SurrogateOnly is checked like Surrogate.
_RULE_OPERATION = {"Tag": Operation.TAG, "Redact": Operation.REDACT}
SURROGATE_OPERATIONS = ("Surrogate", "SurrogateOnly")


def parse_operation(value: Any, version: ApiVersion) -> str:
    """The canonical spelling of `value` (the service's enums are case-insensitive), or a 400."""
    if value is None:
        return "Surrogate"
    for operation in version.operations:
        if isinstance(value, str) and value.lower() == operation.lower():
            return operation
    hint = ""
    if isinstance(value, str) and value.lower() == "surrogateonly":
        hint = " (SurrogateOnly needs api-version 2025-07-15-preview)"
    raise bad_request(f"operation {value!r} is not one of {', '.join(version.operations)}{hint}.", "operation")


def check_input_locale(locale: Any) -> None:
    """`customizations.inputLocale`: one of the locales the service documents."""
    if locale is None:
        return
    if not isinstance(locale, str) or locale not in SURROGATE_LOCALES:
        raise bad_request(
            f"input locale {locale!r} is not supported; use one of {', '.join(SURROGATE_LOCALES)}.",
            "customizations.inputLocale",
        )


def rule_operation(operation: str) -> Operation:
    return _RULE_OPERATION.get(operation, Operation.SURROGATE)


@dataclass(frozen=True, slots=True)
class JobDefinition:
    """A job's request as the emulator stores it: only what the client sent, defaults applied on output."""

    operation: str
    source_location: str
    source_prefix: str
    extensions: tuple[str, ...]
    target_location: str
    target_prefix: str
    overwrite: bool
    redaction_format: str | None = None
    surrogate_locale: str | None = None
    input_locale: str | None = None

    @classmethod
    def from_request(cls, body: dict[str, Any], version: ApiVersion) -> JobDefinition:
        """Check a `PUT /jobs/{name}` body; raises ApiError(400) naming the first bad field."""
        for field in ("sourceLocation", "targetLocation"):
            value = body.get(field)
            if not isinstance(value, dict):
                raise bad_request(f"{field} is required and must be an object.", field)
            for key in ("location", "prefix"):
                if not isinstance(value.get(key), str):
                    raise bad_request(f"{field}.{key} is required and must be a string.", f"{field}.{key}")
        source, target = body["sourceLocation"], body["targetLocation"]
        extensions = source.get("extensions")
        if extensions is not None and (
            not isinstance(extensions, list) or not all(isinstance(e, str) for e in extensions)
        ):
            raise bad_request("sourceLocation.extensions must be a list of strings.", "sourceLocation.extensions")
        overwrite = target.get("overwrite")
        if overwrite is not None and not isinstance(overwrite, bool):
            raise bad_request("targetLocation.overwrite must be true or false.", "targetLocation.overwrite")
        customizations = body.get("customizations")
        if customizations is None:
            customizations = {}
        if not isinstance(customizations, dict):
            raise bad_request("customizations must be an object.", "customizations")
        operation = parse_operation(body.get("operation"), version)
        if operation == "SurrogateOnly":
            # Nothing in the 2025-07-15-preview job model carries the caller's entities (only
            # `POST /deid` has `taggedEntities`), so such a job could not know what to replace.
            raise bad_request(
                "operation SurrogateOnly replaces only entities the caller tags, and a job has no "
                "field to carry them (taggedEntities exists only on POST /deid); use Surrogate for jobs.",
                "operation",
            )
        definition = cls(
            operation=operation,
            source_location=source["location"],
            source_prefix=source["prefix"],
            extensions=tuple(extensions) if extensions else ("*",),
            target_location=target["location"],
            target_prefix=target["prefix"],
            overwrite=bool(overwrite),
            redaction_format=customizations.get("redactionFormat"),
            surrogate_locale=customizations.get("surrogateLocale"),
            # A GA request cannot mean inputLocale: the field does not exist in that version.
            input_locale=customizations.get("inputLocale") if version.has_input_locale else None,
        )
        definition.check()
        return definition

    def check(self) -> None:
        """The service's rules for what both versions share (deidtui's own), then the input locale."""
        shared = JobSpec(
            source_location=self.source_location,
            source_prefix=self.source_prefix,
            target_prefix=self.target_prefix,
            operation=rule_operation(self.operation),
            target_location=self.target_location,
            extensions=self.extensions,
            overwrite=self.overwrite,
            redaction_format=self.redaction_format,
            surrogate_locale=self.surrogate_locale,
        )
        problems = validate_spec(shared, as_service=True)  # the service's rules, not the client's stricter ones
        if problems:
            raise bad_request(problems[0].message, problems[0].target)
        check_input_locale(self.input_locale)

    # -- storage ----------------------------------------------------------------------

    def to_storage(self) -> dict[str, Any]:
        data = asdict(self)
        data["extensions"] = list(self.extensions)
        return data

    @classmethod
    def from_storage(cls, data: dict[str, Any]) -> JobDefinition:
        """Read a stored definition; also reads the REST-shaped specs older emulators stored."""
        if "sourceLocation" not in data:
            return cls(**{**data, "extensions": tuple(data["extensions"])})
        source, target = data["sourceLocation"], data["targetLocation"]
        customizations = data.get("customizations") or {}
        return cls(
            operation=data.get("operation") or "Surrogate",
            source_location=source["location"],
            source_prefix=source["prefix"],
            extensions=tuple(source.get("extensions") or ("*",)),
            target_location=target["location"],
            target_prefix=target["prefix"],
            overwrite=bool(target.get("overwrite")),
            redaction_format=customizations.get("redactionFormat"),
            surrogate_locale=customizations.get("surrogateLocale"),
            input_locale=customizations.get("inputLocale"),
        )

    # -- what the job does -------------------------------------------------------------

    @property
    def effective_redaction_format(self) -> str | None:
        if self.redaction_format is not None:
            return self.redaction_format
        return DEFAULT_REDACTION_FORMAT if self.operation == "Redact" else None

    @property
    def effective_surrogate_locale(self) -> str | None:
        if self.surrogate_locale is not None:
            return self.surrogate_locale
        return DEFAULT_SURROGATE_LOCALE if self.operation in SURROGATE_OPERATIONS else None

    @property
    def effective_input_locale(self) -> str:
        return self.input_locale or DEFAULT_SURROGATE_LOCALE

    # -- what the service echoes ----------------------------------------------------------

    def to_rest(self, version: ApiVersion) -> dict[str, Any]:
        """`sourceLocation`, `targetLocation`, `operation`, `customizations`, as the recordings order them.

        The service echoes its defaults: `surrogateLocale` is "en-US" for Surrogate and null for
        Tag and Redact, Redact shows its redaction format, and from 2025-07-15-preview every job
        shows `inputLocale` ("en-US" unless the client chose one).
        """
        customizations: dict[str, Any] = {}
        if self.effective_redaction_format is not None:
            customizations["redactionFormat"] = self.effective_redaction_format
        customizations["surrogateLocale"] = self.effective_surrogate_locale
        if version.has_input_locale:
            customizations["inputLocale"] = self.effective_input_locale
        return {
            "sourceLocation": {
                "location": self.source_location,
                "prefix": self.source_prefix,
                "extensions": list(self.extensions),
            },
            "targetLocation": {
                "location": self.target_location,
                "prefix": self.target_prefix,
                "overwrite": self.overwrite,
            },
            "operation": self.operation,
            "customizations": customizations,
        }
