"""Analyses that can be stopped: each runs in a worker process that is killed when its time is up.

A thread cannot be stopped from outside, so a timed-out analysis in a thread keeps its memory and CPU long after
the client got its 504. Here every analysis runs in one of ``workers`` child processes (each loads the models
once). When the time limit passes, the process is killed and waited for *before* its slot is given back, and a
fresh process is started and warmed before it takes work. The time limit counts from the request's arrival:
a request that waited its whole budget in the queue is answered 504 without starting.

The job a worker runs is a ``module:function`` taking one picklable payload and returning a picklable result;
``module:warm`` (if the module has it) runs once when the worker starts. ``UnspinError``s raised by the job
come back as the same class; anything else as ``WorkerCrashed``.
"""

from __future__ import annotations

import asyncio
import importlib
import logging
import multiprocessing as mp
import os
import time
from collections.abc import Callable
from multiprocessing.connection import Connection
from typing import Any

from unspin import errors

log = logging.getLogger("unspin.web")

DEFAULT_JOB = "unspin.web.jobs:analyse"
READY_TIMEOUT_S = 300.0


class Busy(Exception):
    """More requests are waiting than the queue allows."""


class WorkerCrashed(Exception):
    """The analysis process died or raised something unexpected."""


def _load(spec: str) -> tuple[Callable[[Any], Any], Callable[[], None]]:
    module_name, _, fn_name = spec.partition(":")
    module = importlib.import_module(module_name)
    return getattr(module, fn_name), getattr(module, "warm", lambda: None)


def _child(conn: Connection, job: str, threads: int, parent_pid: int) -> None:
    """A worker process: warm up, say ready, then answer one payload at a time until the pipe closes."""
    from unspin.lifeline import die_with_parent

    die_with_parent(parent_pid)
    try:
        if threads:
            from unspin import api

            api.configure(threads=threads)
        fn, warm = _load(job)
        warm()
    except BaseException as exc:  # noqa: BLE001 - reported to the parent, which refuses work with the reason
        conn.send(("failed", type(exc).__name__, str(exc)))
        return
    conn.send(("ready", os.getpid(), ""))
    while True:
        try:
            payload = conn.recv()
        except (EOFError, OSError):
            return
        try:
            conn.send(("ok", fn(payload), ""))
        except errors.UnspinError as exc:
            conn.send(("error", type(exc).__name__, str(exc)))
        except Exception as exc:  # noqa: BLE001 - the parent answers 500 and keeps this worker
            conn.send(("crash", type(exc).__name__, str(exc)))


async def _readable(conn: Connection, timeout: float | None) -> None:
    loop = asyncio.get_running_loop()
    fut: asyncio.Future[None] = loop.create_future()
    fd = conn.fileno()
    def wake() -> None:
        if not fut.done():
            fut.set_result(None)

    loop.add_reader(fd, wake)
    try:
        await asyncio.wait_for(fut, timeout)
    finally:
        loop.remove_reader(fd)


class Worker:
    """One child process and the pipe to it."""

    def __init__(self, ctx: Any, job: str, threads: int) -> None:
        self.conn, child_end = ctx.Pipe()
        self.proc = ctx.Process(target=_child, args=(child_end, job, threads, os.getpid()), daemon=True,
                                name="unspin-analysis")
        self.proc.start()  # from the event loop's thread: a child dies with the thread that started it (Linux)
        child_end.close()

    async def ready(self, timeout: float) -> None:
        await _readable(self.conn, timeout)
        try:
            kind, a, b = self.conn.recv()
        except (EOFError, OSError):
            raise WorkerCrashed("the analysis process exited while loading its models") from None
        if kind != "ready":
            raise WorkerCrashed(f"the analysis process could not start: {a}: {b}")

    async def call(self, payload: Any, timeout: float) -> Any:
        loop = asyncio.get_running_loop()
        await loop.run_in_executor(None, self.conn.send, payload)
        await _readable(self.conn, timeout)
        try:
            kind, a, b = await loop.run_in_executor(None, self.conn.recv)
        except (EOFError, OSError):
            raise WorkerCrashed("the analysis process died (out of memory?)") from None
        if kind == "ok":
            return a
        if kind == "error":
            cls = getattr(errors, a, errors.UnspinError)
            raise cls(b)
        raise WorkerCrashed(f"{a}: {b}")

    def alive(self) -> bool:
        return self.proc.is_alive()

    async def stop(self) -> None:
        """Kill the process and wait until it is gone: only then has its work stopped."""
        self.proc.kill()
        await asyncio.get_running_loop().run_in_executor(None, self.proc.join, 10)
        self.conn.close()


class Runner:
    """At most ``workers`` analyses at once, ``queue`` more waiting, each stopped at its deadline."""

    def __init__(self, workers: int = 1, queue: int = 16, job: str = DEFAULT_JOB, threads: int | None = None) -> None:
        self.size = max(1, workers)
        self.capacity = self.size + max(0, queue)
        self.job = job
        self.threads = threads if threads is not None else max(1, (os.cpu_count() or 1) // self.size)
        self.ctx = mp.get_context("spawn")
        self.inside = 0
        self.idle: asyncio.Queue[Worker] | None = None
        self.workers: set[Worker] = set()
        self.failure: str | None = None
        self.stopped = 0  # analyses killed at their deadline (for /api/health and tests)

    def start(self) -> None:
        """Start the worker processes (call inside the running event loop); idempotent."""
        if self.idle is not None:
            return
        self.idle = asyncio.Queue()
        for _ in range(self.size):
            self._spawn()

    def _spawn(self) -> None:
        worker = Worker(self.ctx, self.job, self.threads)
        self.workers.add(worker)
        asyncio.get_running_loop().create_task(self._welcome(worker))

    async def _welcome(self, worker: Worker) -> None:
        try:
            await worker.ready(READY_TIMEOUT_S)
        except (WorkerCrashed, TimeoutError) as exc:
            self.failure = str(exc) or "the analysis process did not start in time"
            log.error("unspin: %s", self.failure)
            await self._discard(worker)
            return
        self.failure = None
        assert self.idle is not None
        self.idle.put_nowait(worker)

    async def _discard(self, worker: Worker) -> None:
        self.workers.discard(worker)
        await worker.stop()

    async def run(self, payload: Any, timeout: float) -> Any:
        """The job's result, or ``TimeoutError`` once ``timeout`` seconds have passed since the call (the work
        is then stopped), ``Busy`` when the queue is full, the job's ``UnspinError``, or ``WorkerCrashed``."""
        self.start()
        assert self.idle is not None
        if self.inside >= self.capacity:
            raise Busy
        if self.failure and not self.workers:
            raise errors.ModelError(self.failure)
        deadline = time.monotonic() + timeout
        self.inside += 1
        try:
            worker = await asyncio.wait_for(self.idle.get(), timeout)
            try:
                result = await worker.call(payload, max(0.0, deadline - time.monotonic()))
            except TimeoutError:
                self.stopped += 1
                await self._discard(worker)
                self._spawn()
                raise
            except WorkerCrashed:
                if worker.alive():
                    self.idle.put_nowait(worker)
                else:
                    await self._discard(worker)
                    self._spawn()
                raise
            except asyncio.CancelledError:  # the request went away mid-analysis: stop that work too
                await self._discard(worker)
                self._spawn()
                raise
            except BaseException:
                self.idle.put_nowait(worker)
                raise
            self.idle.put_nowait(worker)
            return result
        finally:
            self.inside -= 1

    async def close(self) -> None:
        for worker in list(self.workers):
            await self._discard(worker)
        self.idle = None
