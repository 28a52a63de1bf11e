"""Start-up and memory of short hangdoctor commands against their peers, side by side.

Run by bench/startup (which builds and installs the peers). Every round runs each variant of a
row once, in an order that alternates between rounds, so a loaded machine slows all of them
alike; the table shows medians of wall time and of peak RSS (the process's own, from wait4), and
ratios of the medians. Figures go to stdout, progress to stderr.
"""

import argparse
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import datetime, timezone

TARGET = r"""
import os, sys, threading, time
n = int(sys.argv[1])
ev = threading.Event()
for _ in range(n - 1):
    threading.Thread(target=ev.wait, daemon=True).start()
print("READY", flush=True)
time.sleep(3600)
"""


def log(message):
    print("... " + message, file=sys.stderr, flush=True)


class Target:
    """A CPython process with n threads parked on an Event; ready once it printed READY."""

    def __init__(self, python, threads):
        self.process = subprocess.Popen(
            [python, "-c", TARGET, str(threads)],
            stdout=subprocess.PIPE,
            stdin=subprocess.DEVNULL,
            text=True,
        )
        line = self.process.stdout.readline()
        if line.strip() != "READY":
            self.close()
            raise SystemExit(f"startup: the {threads}-thread target did not start ({line!r})")
        self.pid = self.process.pid

    def close(self):
        self.process.kill()
        self.process.wait(timeout=30)


def measure(command, env):
    """Wall seconds, peak RSS (KiB) and CPU seconds (user + system) of one run; fails loudly on a
    non-zero exit.

    The peak RSS and CPU time come from GNU time, a small C program: a child forked from this
    Python would count the harness's own pages as its peak until it execs. CPU time is what a
    loaded machine disturbs least: wall time there includes the waits for a core.
    """
    fd, rss_file = tempfile.mkstemp(prefix="startup-rss")
    os.close(fd)
    try:
        started = time.perf_counter()
        result = subprocess.run(
            ["/usr/bin/time", "-f", "%M %U %S", "-o", rss_file] + command,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            stdin=subprocess.DEVNULL,
            env={**os.environ, **env},
            check=False,
        )
        wall = time.perf_counter() - started
        with open(rss_file) as lines:
            fields = lines.read().split()
            rss = int(fields[-3])
            cpu = float(fields[-2]) + float(fields[-1])
    finally:
        os.unlink(rss_file)
    if result.returncode != 0:
        err = result.stderr.decode(errors="replace").strip()[:400]
        raise SystemExit(f"startup: {' '.join(command)} exited {result.returncode}: {err}")
    return wall, rss, cpu


class Row:
    """One line of the table: hangdoctor's variants and a peer, run the same number of times."""

    def __init__(self, label, variants, peer):
        self.label = label
        self.variants = variants  # [(name, command, env)]
        self.peer = peer  # (name, command, env) or None
        self.samples = {}

    def all(self):
        return self.variants + ([self.peer] if self.peer else [])

    def run(self, rounds, warmup):
        runs = self.all()
        for name, command, env in runs:
            for _ in range(warmup):
                measure(command, env)
        for round_ in range(rounds):
            order = runs if round_ % 2 == 0 else list(reversed(runs))
            for name, command, env in order:
                self.samples.setdefault(name, []).append(measure(command, env))

    def median(self, name, index):
        return statistics.median(sample[index] for sample in self.samples[name])


def seconds(value):
    return f"{value:.3f} s"


def mebibytes(kib):
    return f"{kib / 1024:.1f} MB"


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--root", required=True)
    parser.add_argument("--python", required=True)
    parser.add_argument("--py-spy", dest="py_spy")
    parser.add_argument("--pystack")
    parser.add_argument("--timeout", required=True)
    parser.add_argument("--jdk17")
    parser.add_argument("--native")
    parser.add_argument("--baseline-jar")
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--warmup", type=int, default=2)
    args = parser.parse_args()

    launcher = os.path.join(args.root, "bin", "hangdoctor")
    fast = {}  # the launcher's choice: the newest JDK, its start-up cache
    routes = [("JVM, default", [launcher], fast)]
    if args.jdk17:
        routes.append(("JVM, JDK 17", [launcher], {"HANGDOCTOR_JAVA": args.jdk17}))
    if args.native:
        routes.insert(0, ("native", [args.native], {}))
    if args.baseline_jar:
        java = args.jdk17 or shutil.which("java")
        routes.append(
            (
                "before (baseline jar)",
                [java, "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-XX:-UsePerfData",
                 "-jar", args.baseline_jar],
                {},
            )
        )

    def hangdoctor(*verb):
        return [(name, prefix + list(verb), env) for name, prefix, env in routes]

    load_before = os.getloadavg()
    targets = {}
    rows = []
    try:
        for threads in (4, 50, 1000):
            log(f"starting a CPython target with {threads} threads ({args.python})")
            targets[threads] = Target(args.python, threads)
        for threads in (4, 50, 1000):
            pid = str(targets[threads].pid)
            peer = None
            if args.py_spy:
                peer = ("py-spy dump --nonblocking", [args.py_spy, "dump", "--nonblocking", "--pid", pid], {})
            rows.append(Row(f"`dump`, {threads} threads", hangdoctor("dump", pid), peer))
            if args.pystack and threads >= 50:
                rows.append(
                    Row(
                        f"`dump`, {threads} threads, vs pystack",
                        hangdoctor("dump", pid)[:1],
                        ("pystack remote --no-block", [args.pystack, "remote", "--no-block", pid], {}),
                    )
                )
        for threads in (50, 1000):
            pid = str(targets[threads].pid)
            rows.append(
                Row(
                    f"`diagnose --samples 1`, {threads} threads",
                    hangdoctor("diagnose", pid, "--samples", "1"),
                    None,
                )
            )
        peer = (f"py-spy --version", [args.py_spy, "--version"], {}) if args.py_spy else None
        rows.append(Row("`--version`", hangdoctor("--version"), peer))
        rows.append(
            Row(
                "`run -- true`",
                hangdoctor("run", "--", "true"),
                ("timeout 60 true", [args.timeout, "60", "true"], {}),
            )
        )
        for row in rows:
            log(f"{row.label}: {args.runs} interleaved rounds of {len(row.all())} commands")
            row.run(args.runs, args.warmup)
    finally:
        for target in targets.values():
            target.close()
    load_after = os.getloadavg()

    print(f"# bench/startup, {datetime.now(timezone.utc).strftime('%Y-%m-%d %H:%M UTC')}")
    print(
        f"{os.cpu_count()} cores, load average {load_before[0]:.1f} before and "
        f"{load_after[0]:.1f} after; {platform.platform()}; targets on {args.python}; "
        f"medians of {args.runs} interleaved runs after {args.warmup} untimed"
    )
    print()
    print(
        "| command | route | wall | CPU (user+sys) | peak RSS | peer | peer wall | peer CPU"
        " | peer RSS | wall ratio | RSS ratio |"
    )
    print("|---|---|---|---|---|---|---|---|---|---|---|")
    for row in rows:
        for name, _, _ in row.variants:
            wall = row.median(name, 0)
            rss = row.median(name, 1)
            cpu = row.median(name, 2)
            if row.peer:
                peer_wall = row.median(row.peer[0], 0)
                peer_rss = row.median(row.peer[0], 1)
                peer_cpu = row.median(row.peer[0], 2)
                cells = [row.peer[0], seconds(peer_wall), seconds(peer_cpu), mebibytes(peer_rss),
                         f"{wall / peer_wall:.1f}x", f"{rss / peer_rss:.1f}x"]
                if "timeout" in row.peer[0]:
                    cells[4] = f"+{(wall - peer_wall) * 1000:.0f} ms"
            else:
                cells = ["", "", "", "", "", ""]
            print(
                "| "
                + " | ".join([row.label, name, seconds(wall), seconds(cpu), mebibytes(rss)] + cells)
                + " |"
            )
    if not args.native:
        print()
        print("native: not built here (no GraalVM native-image; see the README's FAQ)")


if __name__ == "__main__":
    main()
