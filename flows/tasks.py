"""The pipeline's stages (``pipeline/stages.py``) as Prefect tasks, with names, retries, logging and batching, in
the shape ``pipeline.period.run_period`` takes them. A task run costs ~5 ms, so a task takes a batch of workbooks
or the whole run, never one file."""

from functools import partial

from prefect import get_run_logger, task
from prefect.cache_policies import NO_CACHE
from prefect.tasks import exponential_backoff
from prefect.utilities.annotations import quote

from pipeline import stages
from transforms.inbox import SetAside

BATCH_SIZE = 500

# A stage's inputs are whole runs of workbooks; Prefect's default cache key would pickle and hash them all on every
# call (18 s of a 1,000-workbook run), and a run must re-read its inbox anyway, so nothing is cached.
# A task's name is plain English on purpose: the Prefect UI draws its run graph with a bitmap font of ASCII letters
# only (PixiJS, `chars: ASCII` in its bundle), which drops every Vietnamese letter ("np kho, dng m hnh"). The
# Vietnamese name is the task's description; the logs, drawn as text, stay in both languages.
stage = partial(task, cache_policy=NO_CACHE)


def _transient(task, task_run, state) -> bool:
    """Worth retrying: the file system failed (a file still being copied into the inbox, a network share that
    blinked), not the file's content, which no retry changes."""
    return isinstance(state.result(raise_on_failure=False), OSError)


# up to 3 more tries, 2, 4 then 8 seconds apart
RETRIES = {"retries": 3, "retry_delay_seconds": exponential_backoff(backoff_factor=2), "retry_condition_fn": _transient}


@stage(name="read workbooks", description="đọc bảng tính", task_run_name="read {label}", **RETRIES)
def read_batch(paths, label: str = ""):
    return stages.read(paths)


def read(paths, progress=None):
    """Read in batches of BATCH_SIZE, one task each, submitted together. A task runner's workers may run in another
    folder, or on another machine that mounts the inbox at the same place: they are given absolute paths, and the
    files keep the paths the run knows them by."""
    batches = [paths[i:i + BATCH_SIZE] for i in range(0, len(paths), BATCH_SIZE)]
    get_run_logger().info("%d tệp, %d lô / %d files, %d batches", len(paths), len(batches), len(paths), len(batches))
    futures = [read_batch.submit([path.absolute() for path in batch], label=f"{i + 1}/{len(batches)}")
               for i, batch in enumerate(batches)]
    extracted = []
    for batch, future in zip(batches, futures):
        for path, item in zip(batch, future.result()):
            if isinstance(item, SetAside):
                item = SetAside(path, item.rule)
            else:
                item.workbook.path = path
            extracted.append(item)
    return extracted


_validate = stage(stages.validate, name="validate", description="kiểm tra")


def validate(extracted, period, aliases):
    # quote: Prefect would otherwise walk every cell of every workbook looking for upstream futures
    return _validate(quote(extracted), period, aliases)


quarantine = stage(stages.quarantine, name="quarantine", description="cách ly tệp lỗi", **RETRIES)
_load = stage(stages.load, name="load and model", description="nạp kho, dựng mô hình")


def load(database, run, batch, full=False):
    loaded = _load(database, run, batch, full)
    get_run_logger().info("nạp %d, cách ly %d, chờ xác nhận xã %d / loaded %d, quarantined %d, needs review %d",
                          *[loaded["loaded"], loaded["quarantined"], loaded["needs_review"]] * 2)
    return loaded


check = stage(stages.check, name="expectations", description="kiểm định kho")
write_publication = stage(stages.write_publication, name="write the publication", description="viết bảng tổng hợp",
                          **RETRIES)
release = stage(stages.release, name="publish", description="xuất bản")
