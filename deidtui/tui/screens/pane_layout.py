"""Which of the dashboard's three panes take the screen, for its size and the pane the operator chose.

Wide and tall screens show them together: the storage pane at the left (from 110 columns), the
queue with the detail pane below it (beside it from 170 columns). Where they would be cramped,
panes take turns, each one key away (`1` queue, `2` storage, `3` detail):

- below 110 columns the storage pane (34 columns) would leave the queue too narrow for its
  STATUS, PROGRESS and TIME: it is shown alone, across the whole width, when chosen;
- below 30 rows the queue and the detail pane stacked would each get about ten rows, too few to
  read either (the detail pane would drop to its minimal density): the chosen one takes the height.

At 80x24 both apply, so one pane has the screen at a time. Nothing here touches widgets: the
screen applies the `Arrangement` to the panes' own styles (`display`, `width`), never through a
class, which would restyle every pane's subtree at each key.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Pane = Literal["containers", "jobs", "detail"]

WIDE_SCREEN = 170  # columns from which the detail pane sits beside the queue rather than below it
CONTAINERS_MIN_WIDTH = 110  # below this, the storage pane is shown alone when chosen
STACK_MIN_HEIGHT = 30  # below this many rows, the queue and the detail pane take turns
PANE_TITLES: dict[Pane, str] = {"containers": "Storage", "jobs": "Jobs", "detail": "Detail"}


@dataclass(frozen=True, slots=True)
class Arrangement:
    containers: bool
    jobs: bool
    detail: bool
    storage_alone: bool  # the storage pane spans the whole width

    @property
    def alone(self) -> Pane | None:
        """The one pane on screen, if only one is."""
        shown: list[Pane] = [pane for pane in ("containers", "jobs", "detail") if getattr(self, pane)]
        return shown[0] if len(shown) == 1 else None


def arrange(width: int, height: int, pane: Pane, job_pane: Pane, storage_open: bool) -> Arrangement:
    """The panes to show at `width` x `height`: `pane` is the one chosen last, `job_pane` the last
    of the queue and the detail pane, `storage_open` whether the operator keeps the storage pane
    beside the others where it fits."""
    if width < CONTAINERS_MIN_WIDTH and pane == "containers":
        return Arrangement(containers=True, jobs=False, detail=False, storage_alone=True)
    containers = storage_open and width >= CONTAINERS_MIN_WIDTH
    if height < STACK_MIN_HEIGHT and width < WIDE_SCREEN:
        return Arrangement(containers, jobs=job_pane != "detail", detail=job_pane == "detail", storage_alone=False)
    return Arrangement(containers, jobs=True, detail=True, storage_alone=False)
