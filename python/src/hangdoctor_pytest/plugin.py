"""pytest plugin: when a test hangs, say why (hangdoctor diagnose), fail it, and keep the run's reports.

A watchdog thread holds a deadline for each phase of each test (setup, call, teardown), for the
session's finish and for interpreter exit. When one passes it runs `hangdoctor diagnose` on this
process from a helper process, then:

- puts the verdict in the test's failure report, the junit XML (<properties> and <system-err>),
  the terminal summary and, with --hang-report-dir, a text and a JSON report per hang;
- interrupts the test when Python can (a signal whose handler raises HangTimeout in the main
  thread: Python code, sleeps, lock waits and socket calls give way): the test fails and the
  session goes on;
- otherwise (the main thread is stuck in C that ignores signals) reports the test as failed,
  finishes the session (summary, junit XML) and ends the process with HANG_EXIT_STATUS.

Opt out with `-p no:hangdoctor`.
"""

from __future__ import annotations

import os
import signal
import sys
import threading
import time
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field

import pytest

from hangdoctor_guard._guard import ExitGuard, _flush_streams, _write_stderr, start_flusher
from hangdoctor_guard._selfdiagnosis import THREAD_PREFIX, Verdict, diagnose_self, write_report

#: The exit status of a run that hung where the plugin could not interrupt it (after the
#: reports are written): a test stuck in C, the session's finish, or interpreter exit.
HANG_EXIT_STATUS = 7

# A real-time signal nobody else uses (pytest-timeout uses SIGALRM): its handler raises in the
# main thread, which interrupts sleeps, lock waits and socket calls there.
_INTERRUPT_SIGNAL = signal.SIGRTMAX - 2
_PHASES = ("setup", "call", "teardown")
_KIND = "hangdoctor.kind"
_PHASE = "hangdoctor.phase"


class HangTimeout(BaseException):
    """Raised in a test that outlived its hang timeout. A BaseException, so that a test's own
    `except Exception` does not swallow it."""


@dataclass
class _Phase:
    what: str  # "test_x.py::test_y (call)", "session finish", "interpreter exit"
    seconds: float
    item: pytest.Item | None = None
    when: str | None = None
    started: float = field(default_factory=time.monotonic)
    verdict: Verdict | None = None
    hung: bool = False
    report_path: str | None = None

    @property
    def deadline(self) -> float:
        return self.started + self.seconds

    def message(self) -> str:
        head = f"{self.what} hung: still running after {self.seconds:g}s (--hang-timeout)"
        return head if self.verdict is None else f"{head}\n{self.verdict.short()}"


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("hangdoctor", "diagnose hung tests (hangdoctor)")

    def add(flag: str, ini: str, help: str, kind: str = "string") -> None:
        group.addoption(flag, dest=ini, default=None, help=help)
        parser.addini(ini, help, type=kind, default=None)

    add(
        "--hang-timeout",
        "hang_timeout",
        "Seconds each test phase (setup, call, teardown) may take before hangdoctor diagnoses "
        "why it hangs and fails it; also the default of the budgets below. 0: off (default).",
    )
    add("--hang-setup-timeout", "hang_setup_timeout", "Seconds for a test's setup.")
    add("--hang-teardown-timeout", "hang_teardown_timeout", "Seconds for a test's teardown.")
    add(
        "--hang-session-timeout",
        "hang_session_timeout",
        "Seconds for the session's finish (pytest_sessionfinish hooks).",
    )
    add(
        "--hang-exit-timeout",
        "hang_exit_timeout",
        "Seconds from the end of the session to the end of the process (threads joined at "
        f"interpreter exit); then the process is diagnosed and exits {HANG_EXIT_STATUS}.",
    )
    add(
        "--hang-interrupt-grace",
        "hang_interrupt_grace",
        "Seconds an interrupted test has to end before the session is finished and the process "
        f"exits {HANG_EXIT_STATUS} (default 5).",
    )
    add("--hang-report-dir", "hang_report_dir", "Write each hang's full report (text, JSON) here.")


_UNITS = {"ms": 0.001, "s": 1.0, "m": 60.0, "h": 3600.0}


def parse_duration(text) -> float:
    """Seconds in a duration written like timeout(1)'s: a bare number is seconds; or 500ms, 30s,
    5m, 1h. Raises ValueError otherwise."""
    if isinstance(text, (int, float)):
        return float(text)
    raw = str(text).strip().lower()
    for unit in ("ms", "s", "m", "h"):
        if raw.endswith(unit) and raw[: -len(unit)].strip():
            return float(raw[: -len(unit)]) * _UNITS[unit]
    return float(raw)


def _seconds(config: pytest.Config, name: str, fallback: float | None) -> float | None:
    raw = getattr(config.option, name, None)
    if raw is None:
        raw = config.getini(name)
    if raw in (None, ""):
        return fallback
    try:
        value = parse_duration(raw)
    except ValueError:
        raise pytest.UsageError(
            f"--{name.replace('_', '-')}: not a duration: {raw!r} (seconds, or 500ms, 30s, 5m, 1h)"
        )
    if value < 0:
        raise pytest.UsageError(f"--{name.replace('_', '-')}: must be 0 or more, not {raw}")
    return value or None


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers",
        "hang_timeout(seconds, *, setup=None, teardown=None): this test's hang timeout in "
        "seconds (call phase; setup and teardown too unless given); 0 turns it off.",
    )
    plugin = HangdoctorPlugin(config)
    config.pluginmanager.register(plugin, "hangdoctor-watchdog")


class HangdoctorPlugin:
    """The per-session state: budgets, the watchdog, the hangs seen."""

    def __init__(self, config: pytest.Config) -> None:
        self.config = config
        base = _seconds(config, "hang_timeout", None)
        self.budgets = {
            "setup": _seconds(config, "hang_setup_timeout", base),
            "call": base,
            "teardown": _seconds(config, "hang_teardown_timeout", base),
        }
        self.session_budget = _seconds(config, "hang_session_timeout", base)
        self.exit_budget = _seconds(config, "hang_exit_timeout", base)
        self.grace = _seconds(config, "hang_interrupt_grace", 5.0) or 5.0
        report_dir = getattr(config.option, "hang_report_dir", None) or config.getini(
            "hang_report_dir"
        )
        self.report_dir = os.path.abspath(report_dir) if report_dir else None
        self.session: pytest.Session | None = None
        self.hung_reports: list[pytest.TestReport] = []
        self._armed: _Phase | None = None
        self._interrupting: _Phase | None = None
        self._condition = threading.Condition()
        self._main_ident = threading.main_thread().ident
        self._can_signal = False
        self._thread: threading.Thread | None = None

    # --- arming -------------------------------------------------------------------------------

    def _start(self) -> None:
        if self._thread is not None:
            return
        start_flusher()
        if threading.current_thread() is threading.main_thread():
            try:
                signal.signal(_INTERRUPT_SIGNAL, self._on_interrupt_signal)
                self._can_signal = True
            except (ValueError, OSError):
                self._can_signal = False
        self._thread = threading.Thread(
            target=self._watch, name=THREAD_PREFIX + "pytest-watchdog", daemon=True
        )
        self._thread.start()

    def _arm(self, phase: _Phase) -> None:
        self._start()
        with self._condition:
            self._armed = phase
            self._condition.notify_all()

    def _disarm(self, phase: _Phase) -> None:
        with self._condition:
            if self._armed is phase:
                self._armed = None
            if self._interrupting is phase:
                self._interrupting = None
            self._condition.notify_all()

    def _budget(self, item: pytest.Item, when: str) -> float | None:
        marker = item.get_closest_marker("hang_timeout")
        if marker is None:
            return self.budgets[when]
        call = marker.args[0] if marker.args else marker.kwargs.get("seconds")
        value = marker.kwargs.get(when, call) if when != "call" else call
        if value is None:
            return self.budgets[when]
        try:
            seconds = parse_duration(value)
        except (TypeError, ValueError):
            raise pytest.UsageError(f"{item.nodeid}: hang_timeout({value!r}): not seconds")
        return seconds if seconds > 0 else None

    @pytest.hookimpl(wrapper=True, tryfirst=True)
    def pytest_runtest_setup(self, item):
        return (yield from self._guarded(item, "setup"))

    @pytest.hookimpl(wrapper=True, tryfirst=True)
    def pytest_runtest_call(self, item):
        return (yield from self._guarded(item, "call"))

    @pytest.hookimpl(wrapper=True, tryfirst=True)
    def pytest_runtest_teardown(self, item):
        return (yield from self._guarded(item, "teardown"))

    def _guarded(self, item: pytest.Item, when: str):
        seconds = self._budget(item, when)
        if not seconds:
            return (yield)
        phase = _Phase(f"{item.nodeid} ({when})", seconds, item, when)
        item.stash[_phase_key(when)] = phase
        self._arm(phase)
        try:
            return (yield)
        finally:
            self._disarm(phase)

    @pytest.hookimpl(wrapper=True)
    def pytest_runtest_makereport(self, item, call):
        report = yield
        phase = item.stash.get(_phase_key(call.when), None)
        if phase is not None and phase.hung:
            self._attach(item, report, phase)
        return report

    def _attach(self, item: pytest.Item, report: pytest.TestReport, phase: _Phase) -> None:
        props = phase.verdict.properties() + [(_PHASE, phase.when)]
        if phase.report_path:
            props.append(("hangdoctor.report", phase.report_path))
        item.user_properties.extend(props)
        if report.user_properties is not item.user_properties:
            report.user_properties.extend(props)
        report.sections.append(("hangdoctor verdict", phase.verdict.text))

    # --- session finish and interpreter exit --------------------------------------------------

    @pytest.hookimpl(tryfirst=True)
    def pytest_sessionstart(self, session: pytest.Session) -> None:
        self.session = session

    @pytest.hookimpl(wrapper=True, tryfirst=True)
    def pytest_sessionfinish(self, session, exitstatus):
        phase = None
        if self.session_budget:
            phase = _Phase("the session's finish", self.session_budget)
            self._arm(phase)
        try:
            return (yield)
        finally:
            if phase is not None:
                self._disarm(phase)

    @pytest.hookimpl(trylast=True)
    def pytest_unconfigure(self, config: pytest.Config) -> None:
        if self._can_signal:
            try:
                signal.signal(_INTERRUPT_SIGNAL, signal.SIG_DFL)
            except (ValueError, OSError):
                pass
        if self.exit_budget:
            guard = ExitGuard(
                self.exit_budget,
                status=HANG_EXIT_STATUS,
                report_dir=self.report_dir,
                label="hangdoctor (pytest)",
            )
            guard.arm("the end of the test session (threads joined at interpreter exit)")

    # --- reporting (in the process that reports: the xdist controller, or this one) ------------

    @pytest.hookimpl(tryfirst=True)
    def pytest_runtest_logreport(self, report: pytest.TestReport) -> None:
        props = dict(report.user_properties)
        if props.get(_PHASE) != report.when or _KIND not in props:
            return
        self.hung_reports.append(report)
        try:
            from _pytest.junitxml import xml_key
        except ImportError:
            return
        xml = self.config.stash.get(xml_key, None)
        if xml is not None:
            node = ET.Element("system-err")
            node.text = _verdict_text(report)
            xml.node_reporter(report).append(node)

    def pytest_terminal_summary(self, terminalreporter) -> None:
        if not self.hung_reports:
            return
        terminalreporter.write_sep("=", f"hangdoctor: {len(self.hung_reports)} hung", red=True)
        for report in self.hung_reports:
            props = dict(report.user_properties)
            terminalreporter.write_line(f"{report.nodeid} ({report.when}): {props.get('hangdoctor.headline')}")
            for key, label in (("hangdoctor.frame", "at"), ("hangdoctor.fix", "fix:"), ("hangdoctor.report", "report:")):
                if props.get(key):
                    terminalreporter.write_line(f"    {label} {props[key]}")

    # --- the watchdog -------------------------------------------------------------------------

    def _watch(self) -> None:
        while True:
            with self._condition:
                phase = self._armed
                if phase is None:
                    self._condition.wait()
                    continue
                left = phase.deadline - time.monotonic()
                if left > 0:
                    self._condition.wait(left)
                    continue
            self._expired(phase)

    def _expired(self, phase: _Phase) -> None:
        phase.verdict = diagnose_self()
        if self.report_dir:
            try:
                name = phase.item.nodeid + "-" + phase.when if phase.item else phase.what
                phase.report_path = str(write_report(self.report_dir, name, phase.verdict))
            except OSError as e:
                _write_stderr(f"hangdoctor: could not write the report: {e}\n")
        with self._condition:
            if self._armed is not phase:
                return  # it ended while being diagnosed: slow, not hung
            self._armed = None
            phase.hung = True
        if phase.item is not None and self._interrupt(phase):
            return
        self._finish_and_exit(phase)

    def _interrupt(self, phase: _Phase) -> bool:
        """Raise HangTimeout in the main thread; True when the phase then ended in time."""
        if not self._can_signal or threading.main_thread().ident != self._main_ident:
            return False
        with self._condition:
            self._interrupting = phase
        try:
            signal.pthread_kill(self._main_ident, _INTERRUPT_SIGNAL)
        except (OSError, ValueError):
            return False
        deadline = time.monotonic() + self.grace
        with self._condition:
            while self._interrupting is phase:
                left = deadline - time.monotonic()
                if left <= 0:
                    self._interrupting = None
                    return False
                self._condition.wait(left)
        return True

    def _on_interrupt_signal(self, signum, frame) -> None:
        __tracebackhide__ = True
        with self._condition:
            phase = self._interrupting
        if phase is not None:
            raise HangTimeout(phase.message())

    def _finish_and_exit(self, phase: _Phase) -> None:
        """The main thread cannot be interrupted: report, finish the session, end the process."""
        capture = self.config.pluginmanager.getplugin("capturemanager")
        try:
            if capture is not None:
                capture.stop_global_capturing()  # the terminal's output goes to the terminal again
        except Exception:  # noqa: BLE001 - best effort: the reports matter more than the screen
            pass
        try:
            if phase.item is not None:
                self._report_uninterruptible(phase)
            if hasattr(self.config, "workerinput"):
                pass  # an xdist worker: the controller reports the worker's end and goes on
            elif self.session is not None and phase.what != "the session's finish":
                # TESTS_FAILED, not HANG_EXIT_STATUS: the terminal prints its summary only for
                # the statuses it knows; the process exits HANG_EXIT_STATUS below.
                self.config.hook.pytest_sessionfinish(
                    session=self.session, exitstatus=pytest.ExitCode.TESTS_FAILED
                )
            else:
                _write_stderr(f"\nhangdoctor: {phase.message()}\n{phase.verdict.text}\n")
        except Exception as e:  # noqa: BLE001 - the process must end whatever a plugin does
            _write_stderr(f"hangdoctor: finishing the session failed: {e!r}\n")
        _write_stderr(
            f"hangdoctor: {phase.what} could not be interrupted; exiting with status "
            f"{HANG_EXIT_STATUS}\n"
        )
        _flush_streams()
        os._exit(HANG_EXIT_STATUS)

    def _report_uninterruptible(self, phase: _Phase) -> None:
        item = phase.item
        longrepr = (
            f"{phase.message()}\n(the main thread did not give way to an interrupt within "
            f"{self.grace:g}s: the session was ended; tests after it did not run)"
        )
        hung = pytest.TestReport(
            item.nodeid,
            item.location,
            {k: 1 for k in item.keywords},
            "failed",
            longrepr,
            phase.when,
            duration=time.monotonic() - phase.started,
            user_properties=list(item.user_properties),
        )
        self._attach(item, hung, phase)
        item.ihook.pytest_runtest_logreport(report=hung)
        if phase.when != "teardown":
            closing = pytest.TestReport(
                item.nodeid,
                item.location,
                {k: 1 for k in item.keywords},
                "passed",
                None,
                "teardown",
                user_properties=list(item.user_properties),
            )
            item.ihook.pytest_runtest_logreport(report=closing)
        item.ihook.pytest_runtest_logfinish(nodeid=item.nodeid, location=item.location)


def _verdict_text(report: pytest.TestReport) -> str:
    for name, content in report.sections:
        if name == "hangdoctor verdict":
            return content
    return dict(report.user_properties).get("hangdoctor.headline", "")


_PHASE_KEYS = {when: pytest.StashKey[_Phase]() for when in _PHASES}


def _phase_key(when: str):
    return _PHASE_KEYS[when]
