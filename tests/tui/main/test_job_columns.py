"""The queue's columns give back every brief as it was put, whatever its fields hold, and keep the
order jobs were first added through removals and compaction."""

from __future__ import annotations

import random
from dataclasses import replace

from deidtui.domain.briefs import JobBrief, brief_of
from deidtui.tui.widgets.job_columns import FieldsAt, JobColumns

from .test_queue_order import view


def briefs(count: int, seed: int) -> list[JobBrief]:
    rng = random.Random(seed)
    made = []
    for i in range(count):
        brief = brief_of(view(f"job-{i:03}", rng, 1 + i))
        made.append(
            replace(
                brief,
                profile=rng.choice(["prod", "test", "prod-eus"]),
                run=rng.choice([None, None, "run-notes-1a2b", "run-x"]),
                started=rng.choice([None, brief.started]),
                summarized=rng.random() < 0.5,
                failed=rng.randrange(3),
                done=rng.randrange(2**31),
                total=rng.randrange(2**32),
                revision=rng.randrange(2**40),
                route=rng.choice([brief.route, "in/é\0out/ñ", "\0"]),
            )
        )
    return made


def test_every_brief_put_is_the_brief_given_back_and_what_the_filter_reads():
    columns = JobColumns()
    made = briefs(300, 1)
    slots = [columns.put(brief.name, brief) for brief in made]
    assert slots == list(range(300))
    fields = FieldsAt(columns)
    for slot, brief in zip(slots, made, strict=True):
        assert columns.brief(slot) == brief
        fields.slot = slot
        read = (fields.name, fields.route, fields.profile, fields.status, fields.outcome, fields.operation, fields.run)
        assert read == (brief.name, brief.route, brief.profile, brief.status, brief.outcome, brief.operation, brief.run)
        assert fields.deleted == brief.deleted and columns.is_deleted(slot) == brief.deleted
        assert columns.is_active(slot) == brief.status.is_active
    newer = replace(made[7], status=made[8].status, revision=made[7].revision + 1, route="moved/\0out/")
    assert columns.put(newer.name, newer) == 7 and columns.brief(7) == newer  # a new state, the same slot


def test_the_fleets_keys_are_not_the_jobs_names():
    columns = JobColumns(keyed_by_name=False)
    made = briefs(5, 2)
    for brief in made:
        columns.put(f"{brief.profile}/{brief.name}", brief)
    assert [columns.brief(slot) for slot in columns.slots()] == made
    assert columns.keys[0] == f"{made[0].profile}/{made[0].name}"


def test_removed_jobs_leave_empty_slots_until_compacted_and_the_rest_keep_their_order():
    columns = JobColumns(keyed_by_name=False)
    made = briefs(50, 3)
    for brief in made:
        columns.put("svc/" + brief.name, brief)
    gone = {f"svc/job-{i:03}" for i in range(0, 50, 3)}
    for key in gone:
        columns.forget(key)
    assert columns.forget("svc/no-such-job") is None
    kept = [brief for brief in made if "svc/" + brief.name not in gone]
    assert len(columns) == len(kept) and columns.size == 50
    assert [columns.brief(slot) for slot in columns.slots()] == kept
    columns.compact()
    assert columns.size == len(kept)
    assert [columns.brief(slot) for slot in columns.slots()] == kept  # first-added order kept
    assert [columns.slot_of("svc/" + brief.name) for brief in kept] == list(range(len(kept)))
    again = columns.put("svc/" + made[0].name, made[0])  # added anew: after every job held
    assert again == len(kept)
