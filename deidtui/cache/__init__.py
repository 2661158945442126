"""The local cache (SQLite via aiosqlite): jobs, documents, history, intents, lineage, audit.

deidtui starts from it before any network call and keeps working from it while the service is
unreachable. The polling engine writes what it sees; the dashboard and the CLI read it.
"""

from .errors import CacheBusy, CacheCorrupt, CacheError, CacheTooNew, DuplicateIntent
from .files import default_cache_path
from .job_reads import META_LAST_SWEEP, JobQuery
from .records import AuditEntry, DocumentChange, Intent, IntentState, JobChange, JobView, RowChange, Transition
from .schema import latest_version
from .spans import StoredSpan
from .store import JobCache, peek_jobs

__all__ = [
    "META_LAST_SWEEP",
    "AuditEntry",
    "CacheBusy",
    "CacheCorrupt",
    "CacheError",
    "CacheTooNew",
    "DocumentChange",
    "DuplicateIntent",
    "Intent",
    "IntentState",
    "JobCache",
    "JobChange",
    "JobQuery",
    "JobView",
    "RowChange",
    "StoredSpan",
    "Transition",
    "default_cache_path",
    "latest_version",
    "peek_jobs",
]
