"""What the `start` scripts of JVM cases share: compile the program with the JDK under test
(`$JAVA_HOME`), run it, and prove from the outside that its threads reached the state under test.

Every wait is bounded (harness.READY_TIMEOUT); readiness is proven by what the program logs and by
what the kernel says about its threads (state and CPU time in /proc), never by sleeping.
"""

import glob
import os
import time

import harness

JAVA_HOME = os.environ.get("JAVA_HOME", "")


def feature():
    """The feature version of the JDK under test (17, 25, ...), read from its `release` file."""
    try:
        with open(os.path.join(JAVA_HOME, "release")) as f:
            for line in f:
                if line.startswith("JAVA_VERSION="):
                    version = line.split("=", 1)[1].strip().strip('"')
                    return int(version.split(".")[0].split("-")[0])
    except (OSError, ValueError):
        pass
    harness.fail(f"JAVA_HOME={JAVA_HOME!r} is not a JDK (no readable release file)")


def compile_sources(*sources, out="classes"):
    """Compiles the given .java files (default: every .java file in the folder) into `out`."""
    javac = os.path.join(JAVA_HOME, "bin", "javac")
    if not os.access(javac, os.X_OK):
        harness.fail(f"no javac in JAVA_HOME={JAVA_HOME!r}")
    files = list(sources) or sorted(glob.glob("**/*.java", recursive=True))
    compiler = harness.spawn([javac, "-nowarn", "-d", out, *files], log="compile")
    try:
        code = compiler.wait(timeout=harness.READY_TIMEOUT * 2)
    except Exception:
        compiler.kill()
        harness.fail("javac did not finish")
    if code != 0:
        with open("compile.err", errors="replace") as f:
            harness.fail("javac failed: " + " | ".join(f.read().strip().splitlines()[-5:]))
    return out


def java(main_class, *args, jvm_args=(), classpath="classes", log="program"):
    """Starts `main_class` on the JDK under test; its stdout and stderr go to <log>.out/.err."""
    launcher = os.path.join(JAVA_HOME, "bin", "java")
    return harness.spawn([launcher, *jvm_args, "-cp", classpath, main_class, *args], log=log)


def threads(pid):
    """{tid: (comm, state letter, utime+stime ticks)} of every thread of `pid`."""
    found = {}
    for task in glob.glob(f"/proc/{pid}/task/*"):
        try:
            with open(os.path.join(task, "comm")) as f:
                comm = f.read().rstrip("\n")
            with open(os.path.join(task, "stat")) as f:
                fields = f.read().rsplit(")", 1)[1].split()
            found[int(os.path.basename(task))] = (comm, fields[0], int(fields[11]) + int(fields[12]))
        except (OSError, IndexError, ValueError):
            continue
    return found


def wait_blocked(process, *name_prefixes, count=1, settle=1.0):
    """Waits until at least `count` threads whose kernel name (comm, the Java name cut to 15
    characters) starts with one of `name_prefixes` exist, and every one of them has been asleep
    (state S or D) without using CPU across a whole `settle` seconds: blocked, not slow."""
    pid = process.pid

    def matching():
        return {tid: info for tid, info in threads(pid).items()
                if any(info[0].startswith(p) for p in name_prefixes)}

    def asleep(found):
        return len(found) >= count and all(info[1] in "SD" for info in found.values())

    deadline = time.monotonic() + harness.READY_TIMEOUT
    while True:
        first = matching()
        if asleep(first):
            settled_at = time.monotonic() + settle
            while time.monotonic() < settled_at:
                if process.poll() is not None:
                    break
                time.sleep(0.05)
            second = matching()
            if asleep(second) and all(second.get(t, (None, None, -1))[2] == first[t][2]
                                      for t in first):
                return sorted(first)
        if process.poll() is not None:
            harness.fail(f"the program exited with {process.returncode} before its threads blocked")
        if time.monotonic() > deadline:
            harness.fail(f"timed out waiting for threads {name_prefixes} to block")
        time.sleep(0.05)


def wait_busy(process, name_prefix, settle=1.0, min_share=0.5):
    """Waits until a thread whose comm starts with `name_prefix` used at least `min_share` of a CPU
    over `settle` seconds (a thread that runs, e.g. a loop that never reaches a safepoint)."""
    ticks_per_second = os.sysconf("SC_CLK_TCK")
    deadline = time.monotonic() + harness.READY_TIMEOUT
    while time.monotonic() < deadline:
        before = {t: i for t, i in threads(process.pid).items() if i[0].startswith(name_prefix)}
        started = time.monotonic()
        while time.monotonic() - started < settle:
            if process.poll() is not None:
                harness.fail(f"the program exited with {process.returncode}")
            time.sleep(0.05)
        after = threads(process.pid)
        elapsed = time.monotonic() - started
        for tid, info in before.items():
            if tid in after and (after[tid][2] - info[2]) / ticks_per_second >= min_share * elapsed:
                return tid
    harness.fail(f"no thread {name_prefix!r} ran busy within {harness.READY_TIMEOUT:.0f} s")
