"""The exit guard: a daemon watchdog that names what holds interpreter exit, then ends the process."""

from __future__ import annotations

import atexit
import os
import queue
import signal
import sys
import threading
import time

from ._selfdiagnosis import THREAD_PREFIX, diagnose_self, write_report

_SIGINT_STATUS = 128 + signal.SIGINT
_SIGTERM_STATUS = 128 + signal.SIGTERM


def _write_stderr(text: str) -> None:
    """Write straight to fd 2: the stuck thread may hold sys.stderr's lock."""
    data = text.encode("utf-8", "replace")
    while data:
        try:
            data = data[os.write(2, data) :]
        except InterruptedError:
            continue
        except OSError:
            return


class _Flusher:
    """Flushes stdout and stderr on request, from a thread started in advance (no thread can be
    started once the interpreter is shutting down), and gives up when a stuck thread holds a
    stream's lock."""

    def __init__(self) -> None:
        self._requests: "queue.SimpleQueue[threading.Event]" = queue.SimpleQueue()
        threading.Thread(target=self._run, name=THREAD_PREFIX + "flush", daemon=True).start()

    def _run(self) -> None:
        while True:
            done = self._requests.get()
            for stream in (sys.stdout, sys.stderr):
                try:
                    if stream is not None:
                        stream.flush()
                except Exception:  # noqa: BLE001 - a closed or broken stream must not stop exit
                    pass
            done.set()

    def flush(self, timeout: float = 1.0) -> None:
        done = threading.Event()
        self._requests.put(done)
        done.wait(timeout)


_flusher: _Flusher | None = None
_flusher_lock = threading.Lock()


def start_flusher() -> None:
    """Start the flushing thread now, while threads can still be started."""
    global _flusher
    with _flusher_lock:
        if _flusher is None:
            _flusher = _Flusher()


def _flush_streams(timeout: float = 1.0) -> None:
    if _flusher is not None:
        _flusher.flush(timeout)


class ExitGuard:
    """Arms a deadline when the process starts to exit; diagnoses and `os._exit`s when it passes."""

    def __init__(
        self,
        exit_timeout: float,
        *,
        status: int | None = None,
        report_dir: str | None = None,
        label: str = "hangdoctor_guard",
    ) -> None:
        if exit_timeout <= 0:
            raise ValueError(f"exit_timeout must be positive, not {exit_timeout}")
        self.exit_timeout = float(exit_timeout)
        self.status = status
        self.report_dir = report_dir
        self.label = label
        self.exiting_status = 0
        self._cause: str | None = None
        self._deadline: float | None = None
        self._condition = threading.Condition()
        start_flusher()
        self._thread = threading.Thread(
            target=self._watch, name=THREAD_PREFIX + "exit-guard", daemon=True
        )
        self._thread.start()

    def arm(self, cause: str, timeout: float | None = None, status: int | None = None) -> None:
        """Start the deadline (the first cause wins; a later, shorter one brings it forward)."""
        deadline = time.monotonic() + (self.exit_timeout if timeout is None else timeout)
        with self._condition:
            if status is not None and self._cause is None:
                self.exiting_status = status
            if self._deadline is None or deadline < self._deadline:
                self._deadline = deadline
                self._cause = self._cause or cause
            self._condition.notify_all()

    def disarm(self) -> None:
        """Forget the deadline (the program chose to go on after a SIGINT, say)."""
        with self._condition:
            self._deadline = None
            self._cause = None
            self._condition.notify_all()

    @property
    def armed(self) -> bool:
        return self._deadline is not None

    def _watch(self) -> None:
        with self._condition:
            while True:
                if self._deadline is None:
                    self._condition.wait()
                    continue
                left = self._deadline - time.monotonic()
                if left > 0:
                    self._condition.wait(left)
                    continue
                cause = self._cause
                break
        self._fire(cause or "exit")

    def _fire(self, cause: str) -> None:
        status = self.exiting_status if self.status is None else self.status
        _write_stderr(
            f"\n{self.label}: the process did not exit within {self.exit_timeout:g}s of {cause}; "
            f"diagnosing PID {os.getpid()} with hangdoctor\n"
        )
        verdict = diagnose_self()
        _write_stderr(verdict.text.rstrip() + "\n")
        if self.report_dir:
            try:
                path = write_report(self.report_dir, f"exit-{os.getpid()}", verdict)
                _write_stderr(f"{self.label}: report written to {path}\n")
            except OSError as e:
                _write_stderr(f"{self.label}: could not write the report: {e}\n")
        _write_stderr(f"{self.label}: exiting with status {status} (os._exit)\n")
        _flush_streams()
        os._exit(status)


_installed: ExitGuard | None = None
_install_lock = threading.Lock()


def install(
    exit_timeout: float = 10.0,
    on_sigint: bool | float = True,
    on_sigterm: bool | float = True,
    *,
    status: int | None = None,
    report_dir: str | None = None,
) -> ExitGuard:
    """Guard this process's exit: if it has not ended `exit_timeout` seconds after it began to
    exit, say which thread holds it (hangdoctor diagnose) and end it with os._exit.

    Exit begins at the end of the main thread (normal end, sys.exit, an uncaught exception),
    and, when `on_sigint`/`on_sigterm` is set, at SIGINT (Ctrl+C) or SIGTERM; a number there is
    the budget after that signal instead of `exit_timeout`. The status is the one the program
    was exiting with (sys.exit's code, 1 after an uncaught exception, 130 after SIGINT, 143
    after SIGTERM), or `status` when given. Nothing happens when exit is fast. Call it from the
    main thread, after installing your own signal handlers (they are chained, not replaced).
    Installing twice returns the first guard.
    """
    global _installed
    with _install_lock:
        if _installed is not None:
            return _installed
        guard = ExitGuard(exit_timeout, status=status, report_dir=report_dir)
        _watch_exit_status(guard)
        # concurrent.futures joins its workers from a threading atexit hook; these hooks run
        # last-registered first, so importing it now puts the guard's hook ahead of that join.
        import concurrent.futures.thread  # noqa: F401

        try:
            threading._register_atexit(lambda: guard.arm("the end of the main thread"))
        except (AttributeError, RuntimeError):
            pass
        atexit.register(lambda: guard.arm("interpreter exit"))
        if on_sigint is not False:
            _chain_signal(guard, signal.SIGINT, "SIGINT (Ctrl+C)", on_sigint, _SIGINT_STATUS)
        if on_sigterm is not False:
            _chain_signal(guard, signal.SIGTERM, "SIGTERM", on_sigterm, _SIGTERM_STATUS)
        _installed = guard
        return guard


def _budget(value: bool | float, guard: ExitGuard) -> float:
    return guard.exit_timeout if value is True else float(value)


def _chain_signal(guard: ExitGuard, signum: int, name: str, budget, status: int) -> None:
    previous = signal.getsignal(signum)
    if previous in (signal.SIG_IGN, None):
        return  # ignored: it starts no exit
    if previous == signal.SIG_DFL and signum != signal.SIGINT:
        return  # the kernel ends the process at once: nothing can hang

    def handler(sig, frame):
        guard.arm(name, _budget(budget, guard), status)
        if callable(previous):
            return previous(sig, frame)
        raise KeyboardInterrupt  # SIGINT's default in Python

    try:
        signal.signal(signum, handler)
    except ValueError:
        pass  # not the main thread: signals cannot be handled here


def _watch_exit_status(guard: ExitGuard) -> None:
    """Remember the status the program exits with: sys.exit's code, 1 for an uncaught exception."""
    original_exit = sys.exit
    original_hook = sys.excepthook

    def exit(code=None):
        guard.exiting_status = _status_of(code)
        original_exit(code)

    def excepthook(kind, value, tb):
        guard.exiting_status = _SIGINT_STATUS if issubclass(kind, KeyboardInterrupt) else 1
        original_hook(kind, value, tb)

    sys.exit = exit
    sys.excepthook = excepthook


def _status_of(code) -> int:
    if code is None:
        return 0
    if isinstance(code, int):
        return code & 0xFF
    return 1
