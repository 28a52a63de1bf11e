"""The fixes hangdoctor's verdicts recommend, one import away."""

from __future__ import annotations

import asyncio
import logging
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from typing import Any, Callable, Iterator, TypeVar

from ._selfdiagnosis import diagnose_self

_log = logging.getLogger("hangdoctor")
T = TypeVar("T")


class WorkersOutlivedDeadline(RuntimeWarning):
    """Raised (when asked) after a nonblocking_executor's worker outlived its join deadline."""


@contextmanager
def nonblocking_executor(
    max_workers: int | None = None,
    *,
    thread_name_prefix: str = "",
    join_timeout: float | None = None,
    diagnose: bool = True,
    raise_on_stuck: bool = False,
    **kwargs: Any,
) -> Iterator[ThreadPoolExecutor]:
    """A ThreadPoolExecutor whose `with` block never waits for work still queued or running.

    Leaving the block calls `shutdown(wait=False, cancel_futures=True)`: queued work is
    cancelled and the caller goes on at once, where `with ThreadPoolExecutor()` would wait for
    every worker (the hang hangdoctor reports as executor-shutdown-blocks-loop). With
    `join_timeout`, it then waits up to that many seconds for the running workers to finish;
    a worker still running after it is logged (logger "hangdoctor") with, when `diagnose`, what
    it is stuck on (hangdoctor diagnose), and raised as WorkersOutlivedDeadline when
    `raise_on_stuck`. A worker that never returns still holds interpreter exit (CPython joins
    executor workers at exit): give its call a timeout, and install hangdoctor_guard for exit.
    """
    executor = ThreadPoolExecutor(max_workers, thread_name_prefix=thread_name_prefix, **kwargs)
    try:
        yield executor
    finally:
        executor.shutdown(wait=False, cancel_futures=True)
        if join_timeout is not None:
            _join_until(executor, join_timeout, diagnose, raise_on_stuck)


def _join_until(executor: ThreadPoolExecutor, timeout: float, diagnose: bool, raise_on_stuck: bool):
    deadline = time.monotonic() + timeout
    workers = list(getattr(executor, "_threads", ()))
    for worker in workers:
        worker.join(max(0.0, deadline - time.monotonic()))
    stuck = [w.name for w in workers if w.is_alive()]
    if not stuck:
        return
    message = f"executor workers still running {timeout:g}s after shutdown: {', '.join(stuck)}"
    if diagnose:
        message += "\n" + diagnose_self().text
    _log.warning(message)
    if raise_on_stuck:
        raise WorkersOutlivedDeadline(message)


async def run_blocking(func: Callable[..., T], /, *args: Any, timeout: float, **kwargs: Any) -> T:
    """Run a blocking call in its own daemon thread and await it with a real deadline.

    Raises TimeoutError after `timeout` seconds, whatever the call is doing: the awaiting task
    goes on, the call keeps its thread until it returns (Python cannot stop a thread), and,
    the thread being a daemon, neither the event loop's executor nor interpreter exit waits for
    it. Use it where `await asyncio.to_thread(f)` or `loop.run_in_executor(None, f)` would hold
    an executor worker, and the loop's shutdown, for as long as `f` blocks.
    """
    loop = asyncio.get_running_loop()
    future: asyncio.Future[T] = loop.create_future()

    def settle(outcome: Callable[[], None]) -> None:
        if not future.done():
            outcome()

    def work() -> None:
        try:
            result = func(*args, **kwargs)
        except BaseException as e:  # noqa: BLE001 - handed to the awaiting task
            error = e
            _call_soon(loop, settle, lambda: future.set_exception(error))
        else:
            _call_soon(loop, settle, lambda: future.set_result(result))

    name = getattr(func, "__qualname__", None) or repr(func)
    thread = threading.Thread(target=work, name=f"run_blocking({name})", daemon=True)
    thread.start()
    try:
        async with asyncio.timeout(timeout):
            return await future
    except TimeoutError:
        raise TimeoutError(
            f"{name} did not return within {timeout:g}s; it goes on in daemon thread {thread.name!r}"
        ) from None


def _call_soon(loop: asyncio.AbstractEventLoop, callback, *args) -> None:
    try:
        loop.call_soon_threadsafe(callback, *args)
    except RuntimeError:
        pass  # the loop is closed: nobody awaits the result any more
