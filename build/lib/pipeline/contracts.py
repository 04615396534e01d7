"""What a run is asked to do, and the stages it is done with: the settings the CLI and the flow both build, and the
shape of the stage functions that ``pipeline.stages`` provides and ``flows.tasks`` provides again as Prefect tasks."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:  # annotations only: the CLI builds settings without importing polars and DuckDB
    import polars as pl

    from checks.validated import Validated
    from transforms.inbox import SetAside
    from transforms.tables import Extracted
    from vocabulary.paths import Returned
    from vocabulary.profile import Profile
    from warehouse.load import RunRecord


@dataclass(frozen=True)
class RunSettings:
    """One period's run: where its files are and go, and how it judges them."""

    period: str
    inbox: Path
    warehouse: Path
    out: Path
    aliases: Path  # the confirmed names of communes (aliases.csv)
    thresholds: dict[str, float] | None = None  # rule -> threshold, over the seed's defaults
    due_date: date | None = None  # default: the period's
    # when files the warehouse has never seen arrived, for files received before giamngheo read them (default: now)
    received_on: datetime | None = None
    full: bool = False  # read every file again and republish every area
    synthetic: bool = False  # the files read for the first time are made up (a demonstration)
    # where refused household registers go back to their communes (default: registers-returned beside the warehouse)
    returned: Returned | None = None
    profile: Profile | None = None  # the district's, which its documents print (default: vocabulary.profile)

    def __post_init__(self):
        for name in ("inbox", "warehouse", "out", "aliases"):
            object.__setattr__(self, name, Path(getattr(self, name)))


# (stage, done, total): how far a stage has got, for a progress bar
Progress = Callable[[str, int, int], None]


class Stages(Protocol):
    """The stages ``run_period`` calls through its ``stages`` argument (the others it calls in the library): each
    over all the workbooks of a run."""

    def read(self, paths: list[Path], progress: Progress | None = None) -> list[Extracted | SetAside]: ...

    def validate(self, extracted: list[Extracted], period: str, aliases: Path) -> Validated: ...

    def quarantine(self, errors: pl.DataFrame, submissions: pl.DataFrame, directory: Path,
                   registers: Path | None = None) -> list[dict]: ...

    def load(self, database: Path, run: RunRecord, batch: Validated, full: bool = False) -> dict: ...

    def write_publication(self, database: Path, period: str, aside: Path, progress: Progress | None = None,
                          areas: list[str] | None = None, profile: Profile | None = None) -> dict: ...

    def check(self, database: Path, period: str, docs_dir: Path,
              scope: dict[str, list[str]] | None = None) -> dict: ...

    def release(self, database: Path, warehouse: Path, out: Path, period: str, run_id: str,
                written: dict | None) -> dict: ...
