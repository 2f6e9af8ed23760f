"""Run units on local worker processes or a Dask cluster; commit each result as it arrives.

The per-unit function must be picklable (a module-level function): the same one runs in a local
process, in a process started by a cluster worker, or inline (one worker, for tests and debugging).
"""

from __future__ import annotations

import contextlib
import multiprocessing as mp
import os
import signal
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from multiprocessing.connection import Connection, wait
from typing import Any

from corpus.batch.worker import UnitReport, UnitTask

UnitFn = Callable[[UnitTask], UnitReport]
# A unit whose worker process died this many times (killed, out of memory, crashed) is given up.
MAX_ATTEMPTS = 3


@dataclass(frozen=True)
class Failed:
    """A unit that gave no result: why (the run goes on; a rerun tries it again)."""

    task: UnitTask
    reason: str


Outcome = tuple[UnitTask, UnitReport | Failed]


def run_inline(fn: UnitFn, tasks: Iterable[UnitTask]) -> Iterator[Outcome]:
    for task in tasks:
        try:
            yield task, fn(task)
        except Exception as exc:  # noqa: BLE001 - a unit's failure is reported, the run goes on
            yield task, Failed(task, f"{type(exc).__name__}: {exc}")


# -- local processes -------------------------------------------------------------------------------
def _worker_main(fn: UnitFn, conn: Connection) -> None:
    """Loop in a worker process: receive a task, send back (report | error text); stop on None/EOF."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle
    while True:
        try:
            task = conn.recv()
        except (EOFError, OSError):
            break
        if task is None:
            break
        try:
            result: UnitReport | str = fn(task)
        except Exception as exc:  # noqa: BLE001 - sent to the parent as this unit's failure
            result = f"{type(exc).__name__}: {exc}"
        try:
            conn.send(result)
        except (BrokenPipeError, OSError):
            break
    conn.close()
    os._exit(0)  # skip finalisers of state inherited from the parent (its open store)


class _Slot:
    """One worker process and the unit it is busy with."""

    def __init__(self, ctx: Any, fn: UnitFn) -> None:
        self.conn, child = ctx.Pipe()
        self.proc = ctx.Process(target=_worker_main, args=(fn, child), daemon=True)
        self.proc.start()
        child.close()
        self.task: UnitTask | None = None

    def stop(self) -> None:
        with contextlib.suppress(BrokenPipeError, OSError):
            self.conn.send(None)
        self.proc.join(timeout=5)
        if self.proc.is_alive():
            self.proc.kill()
            self.proc.join()
        self.conn.close()


def _context() -> Any:
    # forkserver: workers start from a clean process, not a copy of this one with its threads
    # (progress bar, open store); the models are loaded once in the server (corpus.batch.preload)
    # and shared by every worker forked from it.
    if "forkserver" in mp.get_all_start_methods():
        ctx = mp.get_context("forkserver")
        ctx.set_forkserver_preload(["corpus.batch.worker", "corpus.batch.preload"])
        return ctx
    return mp.get_context("spawn")


def run_local(
    fn: UnitFn,
    tasks: Iterable[UnitTask],
    workers: int,
    on_retry: Callable[[UnitTask, str], None] | None = None,
) -> Iterator[Outcome]:
    """Run tasks on `workers` processes; a dead worker is replaced and its unit retried."""
    if workers <= 1:
        yield from run_inline(fn, tasks)
        return
    ctx = _context()
    pending = iter(tasks)
    retry: deque[UnitTask] = deque()
    attempts: dict[str, int] = {}
    slots = [_Slot(ctx, fn) for _ in range(workers)]
    try:

        def next_task() -> UnitTask | None:
            if retry:
                return retry.popleft()
            return next(pending, None)

        def feed(slot: _Slot) -> None:
            task = next_task()
            slot.task = task
            if task is not None:
                slot.conn.send(task)

        for slot in slots:
            feed(slot)
        while any(s.task is not None for s in slots):
            busy = [s for s in slots if s.task is not None]
            ready = wait([s.conn for s in busy] + [s.proc.sentinel for s in busy])
            for i, slot in enumerate(slots):
                task = slot.task
                if task is None:
                    continue
                if slot.conn in ready:
                    try:
                        result = slot.conn.recv()
                    except (EOFError, OSError):
                        result = None  # died while sending: handled as a dead worker below
                    if result is not None:
                        outcome = result if isinstance(result, UnitReport) else Failed(task, str(result))
                        yield task, outcome
                        feed(slot)
                        continue
                if slot.proc.sentinel in ready or not slot.proc.is_alive():
                    slot.proc.join()
                    code = slot.proc.exitcode
                    why = f"signal {-code}" if code is not None and code < 0 else f"exit code {code}"
                    attempts[task.unit.key] = attempts.get(task.unit.key, 0) + 1
                    slot.conn.close()
                    slots[i] = _Slot(ctx, fn)
                    if attempts[task.unit.key] >= MAX_ATTEMPTS:
                        yield (
                            task,
                            Failed(task, f"its worker process died {MAX_ATTEMPTS} times (last: {why})"),
                        )
                    else:
                        if on_retry:
                            on_retry(task, f"worker process died ({why}); unit retried")
                        retry.append(task)
                    feed(slots[i])
    finally:
        for slot in slots:
            slot.stop()


# -- Dask ------------------------------------------------------------------------------------------
def run_dask(
    fn: UnitFn,
    tasks: Iterable[UnitTask],
    scheduler: str | None,
    workers: int,
    on_retry: Callable[[UnitTask, str], None] | None = None,
) -> Iterator[Outcome]:
    """Run tasks on a Dask cluster (`scheduler` address), or on a LocalCluster of `workers` processes."""
    try:
        from dask.distributed import Client, LocalCluster, as_completed
    except ImportError:
        raise RuntimeError("--engine dask needs dask[distributed]: pip install 'vnpress[dask]'") from None
    cluster = None
    if scheduler:
        client = Client(scheduler, timeout="30s")
    else:
        cluster = LocalCluster(
            n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None
        )
        client = Client(cluster)
    try:
        # Enough units in flight to keep every worker thread busy; results stream back as they finish.
        threads = max(sum(client.nthreads().values()), 1)
        window = 2 * threads
        pending = iter(tasks)
        by_key: dict[str, UnitTask] = {}
        queue = as_completed()
        for task in _take(pending, window):
            queue.add(_submit(client, fn, task, by_key))
        for future in queue:
            task = by_key.pop(future.key)
            if future.status == "finished":
                yield task, future.result()
            else:
                exc = future.exception()
                yield task, Failed(task, f"{type(exc).__name__}: {exc}")
            future.release()
            for nxt in _take(pending, 1):
                queue.add(_submit(client, fn, nxt, by_key))
    finally:
        client.close()
        if cluster is not None:
            cluster.close()


def _take(it: Iterator[UnitTask], n: int) -> list[UnitTask]:
    out = []
    for _ in range(n):
        task = next(it, None)
        if task is None:
            break
        out.append(task)
    return out


def _submit(client: Any, fn: UnitFn, task: UnitTask, by_key: dict[str, UnitTask]) -> Any:
    # pure=False: a rerun must really run; the key names the unit in the dashboard.
    future = client.submit(fn, task, key=f"vnpress-unit-{task.unit.key}-{os.urandom(4).hex()}", pure=False)
    by_key[future.key] = task
    return future
