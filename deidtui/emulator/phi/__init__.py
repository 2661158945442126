"""The emulator's PHI engine: detect, redact and surrogate protected health information.

Pure Python (no I/O). `tag` finds PHI in English and French clinical text, `redact`
replaces it with placeholders, and `SurrogateSession` replaces it with consistent,
locale-specific fakes.
"""

from .categories import CATEGORIES
from .entity import PhiEntity
from .faker_pool import SUPPORTED_LOCALES
from .offsets import StringIndex
from .redaction import redact
from .surrogates import SurrogateSession
from .tagger import tag, tagger_result

__all__ = [
    "CATEGORIES",
    "SUPPORTED_LOCALES",
    "PhiEntity",
    "StringIndex",
    "SurrogateSession",
    "redact",
    "tag",
    "tagger_result",
]
