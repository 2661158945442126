"""What an operator does to jobs: submit (checked first), cancel, delete, resubmit, retry, preview.

The engine lets an action through only when it can run (`Engine.cannot`: read-only, its state, the
job's). Each spends the request budget at the highest priority, is written to the audit log with
its outcome, and writes its result to the cache at once: the cache's feed shows it on every screen
without waiting for the next poll.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import partial
from typing import TYPE_CHECKING

from ..cache import Intent, IntentState, JobCache
from ..domain.errors import Conflict, DeidError, NotFound
from ..domain.models import Document, Job, JobSpec, JobStatus, Operation, utcnow
from ..domain.paths import output_blob_name, split_blob_url
from ..domain.rules import OUTPUT_EXISTS, split_retryable
from .activity import ActivityLog
from .budget import Priority
from .checks import check_submission
from .events import EventBus
from .naming import first_free, resubmission_base
from .outcomes import ActionRefused, ActionResult, PreviewItem, RetryPlan, Settlement, SpecCheck, SubmitRejected
from .poller import Poller
from .preview import preview_documents
from .retrying import AMBIGUOUS, RETRYABLE, read_quietly, read_retried, until_known
from .service import ServiceGateway
from .settling import IntentSettler, resolve_once

if TYPE_CHECKING:  # the storage SDK loads only for a profile with storage
    from .storage import StorageBrowser

SUBMIT_ATTEMPTS = 5
RETRY_FOLDER = "_retry"


class Actions:
    def __init__(
        self,
        profile: str,
        gateway: ServiceGateway,
        cache: JobCache,
        storage: StorageBrowser | None,
        poller: Poller,
        bus: EventBus,
        activity: ActivityLog,
        read_only: bool,
        api_version: str | None = None,
    ) -> None:
        self._profile = profile
        self._gateway = gateway
        self._cache = cache
        self._storage = storage
        self._poller = poller
        self._bus = bus
        self._activity = activity
        self.read_only = read_only
        self.api_version = api_version  # the profile's: which fields a job may carry
        self._settler = IntentSettler(
            profile, cache, gateway, bus, existing=self._existing, put=self._put, record=self._record, audit=self._audit
        )

    async def _taken_names(self) -> set[str]:
        return {c.name for c in await self._cache.jobs(self._profile, include_deleted=False)}

    async def _record(self, job: Job) -> None:
        self._poller.track(job)
        await self._cache.upsert_jobs(self._profile, [job], seen_at=utcnow())

    async def _audit(self, action: str, targets: list[str] | str, ok: bool, detail: str) -> None:
        await self._cache.audit(self._profile, action, targets, "ok" if ok else "error", detail)  # type: ignore[arg-type]
        self._activity.add(
            "action", action, ", ".join(targets) if isinstance(targets, list) else targets, "ok" if ok else detail[:120]
        )

    async def check(self, spec: JobSpec, name: str | None = None) -> SpecCheck:
        """Validate locally: the spec, the name, and what the prefix matches in storage."""
        return await check_submission(
            spec, name, await self._taken_names(), self._storage, api_version=self.api_version
        )

    # -- submitting -------------------------------------------------------------------------------

    async def submit(
        self,
        spec: JobSpec,
        name: str | None = None,
        *,
        kind: str = "submit",
        parent: str | None = None,
        check: bool = True,
        warnings: Iterable[str] = (),
    ) -> ActionResult:
        """Check, record the intent, PUT (retrying a lost answer idempotently), and confirm."""
        result = await self.check(spec, name) if check else SpecCheck(name=name or "")
        if not result.ok:
            await self._audit(kind, result.name, False, f"rejected locally: {result.problems[0]}")
            raise SubmitRejected(result)
        name = result.name
        intent = await self._cache.record_intent(self._profile, name, spec, kind=kind, parent=parent)  # type: ignore[arg-type]
        try:
            job = await self._put(name, spec)
        except RETRYABLE as error:
            # Whether the service created the job is unknown: the intent stays pending, and the
            # next command (or start) settles it from what the service then says.
            await self._audit(kind, name, False, f"outcome unknown, settled later: {error}")
            error.detail = (
                f"{error.detail} The submission of {name} could not be confirmed; it stays pending and is "
                "settled the next time deidtui reaches the service (never submitted twice)."
            ).strip()
            raise
        except DeidError as error:
            await self._resolve(intent, "failed", str(error))
            await self._audit(kind, name, False, str(error))
            raise
        await self._resolve(intent, "confirmed")  # the job exists: that stands, whoever resolved first
        await self._record(job)
        if parent:
            await self._cache.set_parent(self._profile, name, parent, kind="retry" if kind == "retry" else "resubmit")
        all_warnings = tuple(result.warnings) + tuple(warnings)
        await self._audit(kind, name, True, f"{spec.operation.value} {spec.source_prefix} -> {spec.target_prefix}")
        return ActionResult(name, True, f"Submitted {name}", job, all_warnings)

    async def _put(self, name: str, spec: JobSpec) -> Job:
        """Create the job, until the service shows it. The PUT of the same body is idempotent on
        the service, so an answer lost to a dropped connection or a 5xx is read back (the job may
        exist now) and otherwise sent again; a 409 is ours only if the job there is the same."""

        async def put() -> Job:
            try:
                return await self._gateway.create_job(name, spec)
            except Conflict:
                existing = await read_quietly(lambda: self._existing(name))
                if existing is not None and existing.spec.same_job_as(spec):
                    return existing  # an earlier attempt of ours went through
                raise

        async def read_back() -> Job | None:
            existing = await read_quietly(lambda: self._existing(name))
            if existing is None or existing.spec.same_job_as(spec):
                return existing
            raise Conflict(f"A different job named {name!r} exists on the service.", resource=name)

        return await until_known(put, read_back, attempts=SUBMIT_ATTEMPTS)

    async def _existing(self, name: str) -> Job | None:
        """The job of that name on the service, or None if there is none."""
        try:
            return await self._gateway.get_job(name, Priority.ACTION)
        except NotFound:
            return None

    async def _resolve(self, intent: Intent, state: IntentState, message: str | None = None) -> bool:
        return await resolve_once(self._cache, self._profile, intent, state, message)

    async def reconcile_intents(self, *, max_requests: int | None = None) -> list[Settlement]:
        """Settle submissions a crash left between intent and confirmation (see `settling`)."""
        return await self._settler.settle_all(max_requests=max_requests)

    # -- cancel and delete --------------------------------------------------------------------------

    async def cancel(self, names: Iterable[str]) -> list[ActionResult]:
        """Cancel each job, retried within the budget until the service shows the outcome; a job
        that had already finished is reported as skipped, not as canceled nor as an error."""
        results = []
        for name in names:
            cached = await self._cache.job(self._profile, name)
            if cached is not None and cached.status.is_terminal:
                results.append(
                    ActionResult(
                        name, False, f"{name} already finished ({cached.status.value})", cached.job, skipped=True
                    )
                )
                continue
            try:
                job = await self._cancel_one(name)
            except DeidError as error:
                await self._audit("cancel", name, False, str(error))
                results.append(ActionResult(name, False, str(error), error=error))
                continue
            await self._record(job)
            if job.status is not JobStatus.CANCELED and job.status.is_terminal:
                # It finished before the cancel arrived: the service ignores a cancel then.
                await self._audit("cancel", name, True, f"nothing to do: already {job.status.value}")
                results.append(
                    ActionResult(name, False, f"{name} already finished ({job.status.value})", job, skipped=True)
                )
                continue
            await self._audit("cancel", name, True, f"now {job.status.value}")
            results.append(ActionResult(name, True, f"Canceled {name}", job))
        return results

    async def delete(self, names: Iterable[str]) -> list[ActionResult]:
        """Delete finished jobs' records (documents are never touched); running jobs must be canceled
        first. Retried within the budget until the service shows the job gone."""
        results = []
        for name in names:
            cached = await self._cache.job(self._profile, name)
            if cached is not None and cached.status.is_active:
                results.append(
                    ActionResult(name, False, f"{name} is {cached.status.value}; cancel it first", cached.job)
                )
                continue
            try:
                await self._delete_one(name)
            except NotFound as error:
                if cached is None:  # never known here either: a wrong name, say so
                    results.append(ActionResult(name, False, str(error), error=error))
                    continue
                # Known here but already gone from the service: the outcome the operator wanted.
            except DeidError as error:
                await self._audit("delete", name, False, str(error))
                results.append(ActionResult(name, False, str(error), error=error))
                continue
            await self._poller.forget(name)
            await self._audit("delete", name, True, "record deleted; documents kept")
            results.append(ActionResult(name, True, f"Deleted {name} (its documents are kept)"))
        return results

    async def _cancel_one(self, name: str) -> Job:
        """Cancel until the service shows the job finished (canceled, or done before the cancel)."""

        seen: list[Job] = []

        async def read_back() -> Job | None:
            job = await read_quietly(lambda: self._gateway.get_job(name, Priority.ACTION))
            if job is not None:
                seen.append(job)
            return job if job is not None and job.status.is_terminal else None

        try:
            return await until_known(lambda: self._gateway.cancel_job(name), read_back)
        except RETRYABLE as error:
            last = f"; it was still {seen[-1].status.value} when last read back" if seen else ""
            error.detail = f"{error.detail} The cancel of {name} could not be confirmed{last}.".strip()
            raise

    async def _delete_one(self, name: str) -> None:
        """DELETE until the service no longer has the job. NotFound: it never had it (or it was gone
        before the first attempt)."""
        maybe_done = False

        async def delete() -> bool:
            nonlocal maybe_done
            try:
                await self._gateway.delete_job(name)
            except NotFound:
                if maybe_done:  # an earlier attempt went through, and its answer was lost
                    return True
                raise
            except AMBIGUOUS:
                maybe_done = True
                raise
            return True

        async def read_back() -> bool | None:
            try:
                await read_quietly(lambda: self._gateway.get_job(name, Priority.ACTION))
            except NotFound:
                return True
            return None

        await until_known(delete, read_back)

    # -- resubmit and retry ---------------------------------------------------------------------------

    async def _job(self, name: str) -> Job:
        cached = await self._cache.job(self._profile, name)
        if cached is not None:
            return cached.job
        return await self._gateway.get_job(name, Priority.ACTION)

    async def _free_name(self, base: str, suffix: str) -> str:
        taken = {c.name for c in await self._cache.jobs(self._profile, include_deleted=True)}
        while True:
            candidate = first_free(base, taken, suffix)
            if await read_retried(partial(self._existing, candidate)) is None:
                return candidate
            taken.add(candidate)

    async def resubmit(self, name: str, **changes: object) -> ActionResult:
        """The same specification (with `changes`, e.g. `overwrite=True` or another
        `target_prefix`) under a new name (`<name>-r2`, `-r3`...), lineage recorded."""
        job = await self._job(name)
        spec = job.spec.with_changes(**changes) if changes else job.spec
        new_name = await self.resubmission_name(name)
        return await self.submit(spec, new_name, kind="resubmit", parent=name)

    async def resubmission_name(self, name: str) -> str:
        """The name a resubmission of `name` gets: `<name>-r2`, `-r3`... the first one free."""
        return await self._free_name(resubmission_base(name), "r")

    async def retry_plan(self, name: str) -> RetryPlan:
        """Which failed documents of `name` a retry can fix, and why each other one cannot: an
        existing output counts as fixable once it is gone (the operator cleared the way)."""
        job = await self._job(name)
        if job.status.is_active:
            raise ActionRefused(
                f"{name} is still {job.status.value}; retry its failed documents once it finishes.",
                title="Job still running",
            )
        if self._storage is None:
            raise DeidError("Retrying needs storage access, and this profile has none.", title="No storage")
        failed: list[Document] = []
        listing = self._gateway.list_documents(name, Priority.ACTION, 1000)
        async for page in listing:
            failed += [d for d in page if d.status is JobStatus.FAILED]
        if not failed:
            raise ActionRefused(f"{name} has no failed documents.", title="Nothing to retry")
        retry, skipped = split_retryable(failed, job.spec)
        cleared = await self._outputs_cleared([d for d, reason in skipped if reason == OUTPUT_EXISTS], job.spec)
        retry += cleared
        unfixable = tuple((d, reason) for d, reason in skipped if d not in cleared)
        return RetryPlan(name, tuple(retry), unfixable, folder=f"{RETRY_FOLDER}/{name}/")

    async def retry_failed(self, name: str, *, include_unretryable: bool = False) -> ActionResult:
        """Copy the failed inputs a retry can fix under `_retry/<job>/` and submit a job writing
        where the original would have. Failures a retry cannot fix (the input itself: too large,
        not UTF-8, gone; an existing output the job may not overwrite) are left out and named in
        the result's warnings, unless `include_unretryable` (the operator insists)."""
        job = await self._job(name)
        plan = await self.retry_plan(name)
        spec = job.spec
        if include_unretryable:
            retry, left_out = [*plan.retryable, *(d for d, _ in plan.unfixable)], []
        else:
            retry, left_out = list(plan.retryable), plan.by_reason()
        if not retry:
            raise ActionRefused(
                f"None of the {plan.failed} failed document(s) of {name} can succeed on a retry: "
                + " · ".join(f"{count} × {reason}" for reason, count in left_out)
                + ".",
                title="Nothing a retry can fix",
                hint="Fix the inputs and resubmit, resubmit with overwrite, or retry them anyway "
                "(a in the dashboard's retry dialog, --include-unfixable in the CLI).",
            )
        folder = plan.folder
        for document in retry:
            container, blob_name = split_blob_url(document.input.location)
            relative = blob_name[len(spec.source_prefix) :] if blob_name.startswith(spec.source_prefix) else blob_name
            await self._storage.copy_within_account(container.url, blob_name, folder + relative)  # type: ignore[union-attr]
        retry_spec = spec.with_changes(source_prefix=folder)
        new_name = await self._free_name(resubmission_base(name), "retry")
        warnings = [
            f"{len(retry)} failed document(s) copied under {folder}; outputs go where {name} would have written them"
        ]
        if include_unretryable and plan.unfixable:
            warnings.append(f"{len(plan.unfixable)} of them will likely fail again: a retry cannot fix their failure")
        warnings += [f"{count} left out: {reason}" for reason, count in left_out]
        if spec.operation is Operation.SURROGATE:
            warnings.append(
                "consistent surrogation does not span the two jobs: a name surrogated in "
                f"{name} may get a different surrogate in {new_name}"
            )
        return await self.submit(retry_spec, new_name, kind="retry", parent=name, warnings=warnings)

    async def _outputs_cleared(self, documents: list[Document], spec: JobSpec) -> list[Document]:
        """The documents that failed on an existing output whose output is gone now (the operator
        cleared the way): a retry can succeed for those."""
        assert self._storage is not None
        cleared = []
        for document in documents:
            _container, blob_name = split_blob_url(document.input.location)
            output = output_blob_name(blob_name, spec.source_prefix, spec.target_prefix)
            target = spec.effective_target_location
            if not await self._storage.exists(target, output):
                cleared.append(document)
        return cleared

    # -- preview ----------------------------------------------------------------------------------

    async def preview(self, spec: JobSpec, samples: int = 3) -> list[PreviewItem]:
        """Run the synchronous endpoint on up to `samples` matching documents, before launching a job."""
        if self._storage is None:
            raise DeidError("Previewing needs storage access, and this profile has none.", title="No storage")
        return await preview_documents(self._storage, self._gateway, spec, samples)
