"""Run `hangdoctor diagnose` on this very process, from a helper process, and read its verdict.

A process cannot stop to look at itself while its own thread is stuck, so the watchdogs of the
pytest plugin and of the exit guard start the hangdoctor CLI as a child process and point it at
their own pid. The CLI reads /proc and this process's memory (/proc/PID/mem); under Yama
`ptrace_scope=1` only an ancestor may do that, so the helper is first allowed as this process's
tracer with prctl(PR_SET_PTRACER). Under `ptrace_scope=2` only a process with CAP_SYS_PTRACE may
read another's memory and under 3 no process may: the verdict then says what could not be read.
"""

from __future__ import annotations

import ctypes
import json
import os
import re
import shutil
import subprocess
import tempfile
import textwrap
from dataclasses import dataclass
from pathlib import Path

# prctl option from <linux/prctl.h> (Yama): PR_SET_PTRACER, 'Yama' in ASCII.
_PR_SET_PTRACER = 0x59616D61

#: Threads whose name starts with this belong to hangdoctor's own watchdogs; the CLI never
#: blames them (hangdoctor-rules, the thread roles).
THREAD_PREFIX = "hangdoctor-"

_DIAGNOSE_TIMEOUT_SECONDS = 120.0


class HangdoctorNotFound(Exception):
    """No hangdoctor executable: not in $HANGDOCTOR, not on the PATH, none bundled."""


def locate() -> list[str]:
    """The command that runs the hangdoctor CLI.

    In order: $HANGDOCTOR (the launcher, or a hangdoctor.jar run with java), `hangdoctor` on the
    PATH, then the jar bundled in this package by the release build (run with $JAVA_HOME/bin/java
    or java on the PATH).
    """
    given = os.environ.get("HANGDOCTOR")
    if given:
        if given.endswith(".jar"):
            return _java_command(Path(given))
        if not (os.path.isfile(given) and os.access(given, os.X_OK)):
            raise HangdoctorNotFound(f"HANGDOCTOR={given} is not an executable file")
        return [given]
    on_path = shutil.which("hangdoctor")
    if on_path:
        return [on_path]
    bundled = Path(__file__).resolve().parent / "_bundled" / "hangdoctor.jar"
    if bundled.is_file():
        return _java_command(bundled)
    raise HangdoctorNotFound(
        "no hangdoctor executable: put it on the PATH or set HANGDOCTOR=/path/to/bin/hangdoctor"
    )


def _java_command(jar: Path) -> list[str]:
    if not jar.is_file():
        raise HangdoctorNotFound(f"HANGDOCTOR={jar}: no such jar")
    home = os.environ.get("JAVA_HOME")
    java = os.path.join(home, "bin", "java") if home else shutil.which("java")
    if not java or not os.access(java, os.X_OK):
        raise HangdoctorNotFound(f"{jar} needs Java 17 or later: no java on the PATH or JAVA_HOME")
    return [java, "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-jar", str(jar)]


def yama_ptrace_scope() -> int | None:
    """Yama's ptrace_scope (0 to 3), or None when Yama is not there."""
    try:
        return int(Path("/proc/sys/kernel/yama/ptrace_scope").read_text().strip())
    except (OSError, ValueError):
        return None


def _allow_tracer(pid: int) -> None:
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(_PR_SET_PTRACER, ctypes.c_ulong(pid), 0, 0, 0)
    except (OSError, AttributeError):
        pass  # not Linux glibc, or no Yama: nothing to allow


def _ptrace_advice(scope: int | None) -> str | None:
    if scope == 2 and os.geteuid() != 0:
        return (
            "Yama ptrace_scope=2: only a process with CAP_SYS_PTRACE may read this one's memory; "
            "run as root, or give hangdoctor's java the capability "
            "(setcap cap_sys_ptrace+ep), to get Python stacks"
        )
    if scope == 3:
        return (
            "Yama ptrace_scope=3: no process may read another's memory until reboot; "
            "the verdict rests on what /proc shows"
        )
    return None


@dataclass(frozen=True)
class Verdict:
    """What `hangdoctor diagnose` said about this process, short and in full."""

    kind: str
    """HANG, STOPPED, NO_HANG, COULD_NOT_LOOK (the CLI's headline), or UNAVAILABLE (no CLI ran)."""
    headline: str
    rule_id: str | None = None
    confidence: str | None = None
    thread: str | None = None
    frame: str | None = None
    fix: str | None = None
    text: str = ""
    """The full report in words: every finding with its frames, evidence and fix."""
    json_report: str | None = None
    exit_status: int | None = None

    def short(self) -> str:
        """Three lines at most: the headline, where, and the fix."""
        lines = [self.headline]
        if self.frame:
            lines.append(f"at {self.frame}")
        if self.fix:
            lines.append(f"fix: {self.fix}")
        return "\n".join(lines)

    def properties(self) -> list[tuple[str, str]]:
        """Name-value pairs for a junit XML <properties> element."""
        pairs = [("hangdoctor.kind", self.kind), ("hangdoctor.headline", self.headline)]
        for name, value in (
            ("hangdoctor.rule", self.rule_id),
            ("hangdoctor.confidence", self.confidence),
            ("hangdoctor.thread", self.thread),
            ("hangdoctor.frame", self.frame),
            ("hangdoctor.fix", self.fix),
        ):
            if value:
                pairs.append((name, value))
        return pairs


def diagnose_self(samples: int = 3, interval: str = "500ms") -> Verdict:
    """Diagnose this process from a helper process; never raises for a missing or failing CLI."""
    try:
        command = locate()
    except HangdoctorNotFound as e:
        return Verdict("UNAVAILABLE", f"hangdoctor could not diagnose: {e}", text=str(e))
    scope = yama_ptrace_scope()
    args = command + [
        "diagnose",
        str(os.getpid()),
        "--json",
        f"--samples={samples}",
        f"--interval={interval}",
    ]
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        try:
            helper = subprocess.Popen(
                args, stdin=subprocess.DEVNULL, stdout=out, stderr=err, close_fds=True
            )
        except (OSError, RuntimeError) as e:
            return Verdict("UNAVAILABLE", f"hangdoctor could not start: {e}", text=str(e))
        if scope == 1:
            _allow_tracer(helper.pid)
        try:
            status = helper.wait(timeout=_DIAGNOSE_TIMEOUT_SECONDS)
        except subprocess.TimeoutExpired:
            helper.kill()
            helper.wait()
            return Verdict(
                "UNAVAILABLE",
                f"hangdoctor diagnose did not finish in {_DIAGNOSE_TIMEOUT_SECONDS:.0f}s",
            )
        finally:
            if scope == 1:
                _allow_tracer(0)
        out.seek(0)
        err.seek(0)
        stdout = out.read().decode("utf-8", "replace")
        stderr = err.read().decode("utf-8", "replace").strip()
    return parse_report(stdout, status, stderr, _ptrace_advice(scope))


def parse_report(stdout: str, status: int, stderr: str = "", advice: str | None = None) -> Verdict:
    """The verdict in `hangdoctor diagnose --json` output (a pure function over its text)."""
    try:
        report = json.loads(stdout)
    except ValueError:
        why = stderr.splitlines()[-1] if stderr else f"exit status {status}, no report"
        return Verdict("UNAVAILABLE", f"hangdoctor diagnose failed: {why}", exit_status=status)
    headline = report.get("headline") or {}
    kind = headline.get("kind") or "UNAVAILABLE"
    text_headline = headline.get("text") or kind
    findings = list(_findings(report))
    lead = _leading(findings, headline)
    extra = [advice] if advice else []
    if lead is None:
        reasons = report.get("healthyReasons") or []
        spots = [f"{b.get('what')}: {b.get('why')}" for b in report.get("blindSpots") or []]
        body = "\n".join([text_headline] + [f"  {r}" for r in reasons + spots + extra])
        return Verdict(
            kind, text_headline, text=body, json_report=stdout, exit_status=status
        )
    pid, finding = lead
    frames = finding.get("keyFrames") or []
    return Verdict(
        kind,
        text_headline,
        rule_id=finding.get("ruleId"),
        confidence=finding.get("confidence"),
        thread=finding.get("threadName"),
        frame=_frame(frames[0]) if frames else None,
        fix=finding.get("fix"),
        text="\n".join([text_headline] + [_render(p, f) for p, f in findings] + extra),
        json_report=stdout,
        exit_status=status,
    )


def _findings(report: dict):
    pid = (report.get("inspection") or {}).get("pid")
    for finding in report.get("findings") or []:
        yield pid, finding
    for child in report.get("children") or []:
        yield from _findings(child)


def _leading(findings, headline):
    for pid, finding in findings:
        if (
            pid == headline.get("pid")
            and finding.get("ruleId") == headline.get("ruleId")
            and finding.get("tid") == headline.get("tid")
        ):
            return pid, finding
    return findings[0] if findings else None


def _frame(frame: dict) -> str:
    name = frame.get("qualifiedName") or frame.get("function")
    return f"{name} ({frame.get('file')}:{frame.get('line')})"


def _render(pid, finding: dict) -> str:
    wrap = textwrap.TextWrapper(width=100, initial_indent="  ", subsequent_indent="      ")
    lines = [
        f"PID {pid}: {finding.get('kind')}  {finding.get('confidence')}  [{finding.get('ruleId')}]"
    ]
    if finding.get("threadName"):
        lines.append(f"  thread {finding['threadName']!r} (tid {finding.get('tid')})")
    lines += [f"  at {_frame(f)}" for f in finding.get("keyFrames") or []]
    lines += wrap.wrap("evidence: " + " | ".join(finding.get("evidence") or []))
    if finding.get("explanation"):
        lines += wrap.wrap("why: " + finding["explanation"])
    if finding.get("fix"):
        lines += wrap.wrap("fix: " + finding["fix"])
    return "\n".join(lines)


def write_report(directory: str | os.PathLike, name: str, verdict: Verdict) -> Path:
    """Write the verdict's text (NAME.txt) and JSON (NAME.json) to DIRECTORY, each atomically."""
    folder = Path(directory)
    folder.mkdir(parents=True, exist_ok=True)
    safe = re.sub(r"[^A-Za-z0-9_.-]+", "_", name).strip("_")[:150] or "hang"
    text_path = folder / f"{safe}.txt"
    _write_atomically(text_path, verdict.text + "\n")
    if verdict.json_report:
        _write_atomically(folder / f"{safe}.json", verdict.json_report)
    return text_path


def _write_atomically(path: Path, content: str) -> None:
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    tmp.write_text(content, encoding="utf-8")
    os.replace(tmp, path)
