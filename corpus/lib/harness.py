"""What every corpus case's `start` script shares: start the program, wait for proof that it reached
the state under test, announce the pid to diagnose, then stay until the runner stops everything.

A `start` script runs with the interpreter under test (`sys.executable`) for Python cases and with
any python3 for native cases, in a scratch copy of its case folder. It prints exactly one line
`HANGDOCTOR-READY <pid>` on stdout once the program is hung (or, for a healthy control, in its
steady state), and then blocks until it is killed. Every wait here is bounded; nothing sleeps and
hopes: readiness is proven by what the program writes or by what a peer receives.
"""

import os
import socket
import subprocess
import sys
import threading
import time

READY_TIMEOUT = float(os.environ.get("CORPUS_READY_TIMEOUT", "60"))
# For a hang that comes at a random moment (a race the program loses sooner or later): at a quiet
# moment it comes within seconds, but on a loaded 2-core machine it can take minutes, and not having
# lost the race yet is no broken start.
RACE_READY_TIMEOUT = READY_TIMEOUT * 5
_POLL = 0.02


class NotReady(RuntimeError):
    """The program did not reach the state under test in time (a corpus bug, not a verdict)."""


def fail(message):
    """Reports a start-up failure on stderr and exits 3 (the runner counts it as "did not start")."""
    print(f"start: {message}", file=sys.stderr, flush=True)
    sys.exit(3)


def spawn(argv, stdin=subprocess.DEVNULL, env=None, log="program"):
    """Starts `argv` with its stdout and stderr in `<log>.out` and `<log>.err` in the case folder.

    The program inherits the case folder as its working directory. `env` entries are added to the
    environment (PYTHONUNBUFFERED is set so the program's log lines reach the files at once).
    """
    full_env = dict(os.environ)
    full_env["PYTHONUNBUFFERED"] = "1"
    full_env.update(env or {})
    out = open(f"{log}.out", "wb")
    err = open(f"{log}.err", "wb")
    return subprocess.Popen(argv, stdin=stdin, stdout=out, stderr=err, env=full_env)


def python(script, *args, **kwargs):
    """Starts `script` with the interpreter under test."""
    return spawn([sys.executable, script, *args], **kwargs)


def wait_until(condition, what, timeout=READY_TIMEOUT, process=None):
    """Polls `condition()` until it is true; fails with `what` after `timeout` seconds or when
    `process` (a Popen) exits first."""
    deadline = time.monotonic() + timeout
    while True:
        value = condition()
        if value:
            return value
        if process is not None and process.poll() is not None:
            fail(f"the program exited with {process.returncode} before {what}{_tail(process)}")
        if time.monotonic() > deadline:
            fail(f"timed out after {timeout:.0f} s waiting for {what}")
        time.sleep(_POLL)


def wait_for_output(text, log="program", stream="out", process=None, count=1, timeout=READY_TIMEOUT):
    """Waits until `<log>.<stream>` contains `text` at least `count` times; returns the file's text."""
    path = f"{log}.{stream}"

    def seen():
        try:
            with open(path, "r", errors="replace") as f:
                content = f.read()
        except FileNotFoundError:
            return None
        return content if content.count(text) >= count else None

    return wait_until(seen, f"{text!r} in {path}", timeout=timeout, process=process)


def ready(pid):
    """Announces the process to diagnose, then blocks until the runner kills the case."""
    print(f"HANGDOCTOR-READY {pid}", flush=True)
    hold()


def hold():
    """Blocks this start script until it is killed (the runner stops the whole process group)."""
    threading.Event().wait()


def _tail(process):
    try:
        with open("program.err", "r", errors="replace") as f:
            lines = f.read().strip().splitlines()[-5:]
    except OSError:
        return ""
    return (": " + " | ".join(lines)) if lines else ""


class SilentBackend:
    """A TCP peer that accepts connections, reads what is sent, and never answers: the stand-in for
    a database, an upstream API or a stuck service. Runs in the start script, outside the program
    under test. `requests` counts the connections that have sent at least one byte."""

    def __init__(self, host="127.0.0.1"):
        self._server = socket.create_server((host, 0))
        self.port = self._server.getsockname()[1]
        self.address = f"{host}:{self.port}"
        self._lock = threading.Lock()
        self._connections = []
        self.accepted = 0
        self.requests = 0
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self):
        while True:
            conn, _ = self._server.accept()
            with self._lock:
                self.accepted += 1
                self._connections.append(conn)
            threading.Thread(target=self._read, args=(conn,), daemon=True).start()

    def _read(self, conn):
        first = True
        while True:
            try:
                data = conn.recv(65536)
            except OSError:
                return
            if not data:
                return
            if first:
                first = False
                with self._lock:
                    self.requests += 1

    def wait_for_requests(self, count, process=None):
        wait_until(lambda: self.requests >= count, f"{count} request(s) at the backend", process=process)


def free_port():
    """A TCP port that was free a moment ago, for programs that must be told where to listen."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def http_get(port, path="/", timeout=5.0):
    """One HTTP/1.0 GET to 127.0.0.1:`port`; returns the status code, or None when it fails."""
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=timeout) as conn:
            conn.sendall(f"GET {path} HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n".encode())
            head = conn.recv(64).decode("latin-1", "replace")
    except OSError:
        return None
    parts = head.split()
    return int(parts[1]) if len(parts) > 1 and parts[1].isdigit() else None


def send_request_in_background(port, path="/", timeout=None):
    """Sends one HTTP GET from a daemon thread of the start script and leaves it waiting; returns
    an Event set once the request has been written."""
    sent = threading.Event()

    def run():
        conn = socket.create_connection(("127.0.0.1", port))
        conn.sendall(f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".encode())
        sent.set()
        if timeout is not None:
            conn.settimeout(timeout)
        try:
            while conn.recv(65536):
                pass
        except OSError:
            pass

    threading.Thread(target=run, daemon=True).start()
    return sent


def thread_state(pid, tid):
    """The kernel's scheduling state letter of one thread ("S", "R", "D", …), or None if gone."""
    try:
        with open(f"/proc/{pid}/task/{tid}/stat") as f:
            return f.read().rsplit(")", 1)[1].split()[0]
    except (OSError, IndexError):
        return None


def children_of(pid):
    """The pids of `pid`'s direct children (from /proc), for cases that must wait for a fork."""
    try:
        with open(f"/proc/{pid}/task/{pid}/children") as f:
            return [int(p) for p in f.read().split()]
    except OSError:
        return []


# --- Additions for the thread, fork, pipe, exit, spin, native and stopped-process cases ----------


def thread_ids(pid):
    """The tids of every thread of `pid` (from /proc), main thread included."""
    try:
        return sorted(int(t) for t in os.listdir(f"/proc/{pid}/task"))
    except OSError:
        return []


def thread_syscall(pid, tid):
    """The fields of /proc/PID/task/TID/syscall: [number, arg0, ..., arg5, sp, pc] as ints, or
    ["running"] / None (gone). The number is the system call the thread is blocked in (202 futex,
    0 read, 1 write, 61 wait4, 230 clock_nanosleep, 7 poll, 232 epoll_wait, 23 select)."""
    try:
        with open(f"/proc/{pid}/task/{tid}/syscall") as f:
            fields = f.read().split()
    except OSError:
        return None
    if not fields or not fields[0].lstrip("-").isdigit():
        return fields or None
    return [int(fields[0])] + [int(v, 16) for v in fields[1:]]


def untimed_futex_wait(pid, tid):
    """True when the thread sleeps in futex(2) with no timeout (argument 4 is NULL): a lock, join,
    Condition, Event or mutex wait that will not end by itself. GIL waits and timed waits carry a
    timeout and never count."""
    call = thread_syscall(pid, tid)
    return bool(call) and call[0] == 202 and call[4] == 0 and thread_state(pid, tid) == "S"


def untimed_private_futex_wait(pid, tid):
    """Like untimed_futex_wait, for a process-private futex only (FUTEX_PRIVATE_FLAG in the
    operation): a `threading` lock or a pthread mutex of this process, never a semaphore shared
    between processes (multiprocessing's locks and queues wait on shared ones)."""
    call = thread_syscall(pid, tid)
    return (bool(call) and call[0] == 202 and call[4] == 0 and bool(call[2] & 128)
            and thread_state(pid, tid) == "S")


def thread_cpu_seconds(pid, tid):
    """User plus system CPU time a thread has used so far, in seconds (None if it is gone)."""
    try:
        with open(f"/proc/{pid}/task/{tid}/stat") as f:
            fields = f.read().rsplit(")", 1)[1].split()
    except (OSError, IndexError):
        return None
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def wait_for_cpu_use(pid, tid, share=0.1, interval=1.0, process=None, timeout=READY_TIMEOUT):
    """Waits until the thread used at least `share` of a CPU over one `interval`: proof that it
    spins (or computes), measured rather than assumed (a blocked thread uses none). The default is
    low on purpose: on a loaded machine a spinning thread gets only its share of the cores, and its
    state letter alternates between running and runnable."""
    deadline = time.monotonic() + timeout
    while True:
        before, started = thread_cpu_seconds(pid, tid), time.monotonic()
        wait_until(lambda: time.monotonic() - started >= interval, "the measuring interval",
                   timeout=interval * 5, process=process)
        after, elapsed = thread_cpu_seconds(pid, tid), time.monotonic() - started
        if before is not None and after is not None and (after - before) / elapsed >= share:
            return (after - before) / elapsed
        if time.monotonic() > deadline:
            fail(f"thread {tid} of {pid} did not use {share:.0%} of a CPU within {timeout:.0f} s")


def wait_for_steady(predicate, what, polls=25, process=None, timeout=READY_TIMEOUT):
    """Waits until `predicate()` has been true on `polls` consecutive polls (20 ms apart), so a state
    that only passes by (a lock wait that is about to be granted) is never taken for the state under
    test. Returns the last true value."""
    streak = [0, None]

    def steady():
        value = predicate()
        if value:
            streak[0] += 1
            streak[1] = value
        else:
            streak[0] = 0
        return streak[1] if streak[0] >= polls else None

    return wait_until(steady, what, timeout=timeout, process=process)


def wait_for_blocked_threads(pid, count, predicate=untimed_futex_wait, process=None):
    """Waits until at least `count` threads of `pid` satisfy `predicate(pid, tid)` steadily; returns
    their tids."""

    def blocked():
        tids = [t for t in thread_ids(pid) if predicate(pid, t)]
        return tids if len(tids) >= count else None

    return wait_for_steady(blocked, f"{count} thread(s) of {pid} blocked", process=process)


def process_state(pid):
    """The state letter of a whole process ("S", "R", "T", "Z", …), or None if it is gone."""
    return thread_state(pid, pid)


def forked_by_any_thread(pid):
    """The pids of `pid`'s direct children, whichever of its threads forked them (children_of reads
    the main thread's list only)."""
    kids = []
    for tid in thread_ids(pid):
        try:
            with open(f"/proc/{pid}/task/{tid}/children") as f:
                kids.extend(int(p) for p in f.read().split())
        except OSError:
            pass
    return kids


def descendants_of(pid):
    """Every descendant pid of `pid`, children first (from /proc), whichever thread forked them."""
    found, todo = [], [pid]
    while todo:
        kids = forked_by_any_thread(todo.pop(0))
        found.extend(kids)
        todo.extend(kids)
    return found


def cmdline(pid):
    """The command line of `pid` as a list of words ([] if it is gone)."""
    try:
        with open(f"/proc/{pid}/cmdline", "rb") as f:
            return [w.decode(errors="replace") for w in f.read().split(b"\0") if w]
    except OSError:
        return []


def compile_c(source, output, *extra):
    """Compiles one C file of the case folder with `cc` (debug info, frame pointers, pthreads), the
    way a native case's `start` builds its program; fails the start on a compiler error."""
    argv = [os.environ.get("CC", "cc"), "-g", "-O0", "-fno-omit-frame-pointer", "-pthread",
            "-o", output, source, *extra]
    result = subprocess.run(argv, capture_output=True, text=True)
    if result.returncode != 0:
        fail(f"{' '.join(argv)} failed: {result.stderr.strip()[-500:]}")
    return os.path.abspath(output)


class GatedBackend:
    """An HTTP/1.0 peer in the start script that answers every request with `200` and a small JSON
    body, but only once `release()` was called (requests that arrive after it are answered at once).
    It stands for a database API, a config service or a log collector that is slow at the moment
    the case needs it to be: the program is held inside a call until the start script has seen
    what it needs (a fork happened, two requests overlap), then let go. `held(request_line)`
    chooses the requests that wait for the release (default: all); the others are answered at
    once. `requests` lists the request lines received so far."""

    def __init__(self, body=b'{"ok": true}', host="127.0.0.1", held=None):
        self._server = socket.create_server((host, 0))
        self.port = self._server.getsockname()[1]
        self.address = f"{host}:{self.port}"
        self.url = f"http://{self.address}"
        self.body = body
        self.held = held or (lambda request_line: True)
        self.requests = []
        self._lock = threading.Lock()
        self._released = threading.Event()
        threading.Thread(target=self._accept, daemon=True).start()

    def release(self):
        self._released.set()

    def wait_for_requests(self, count, process=None):
        wait_until(lambda: len(self.requests) >= count, f"{count} request(s) at the backend",
                   process=process)

    def _accept(self):
        while True:
            conn, _ = self._server.accept()
            threading.Thread(target=self._serve, args=(conn,), daemon=True).start()

    def _serve(self, conn):
        with conn:
            data = b""
            try:
                while b"\r\n\r\n" not in data:
                    chunk = conn.recv(65536)
                    if not chunk:
                        return
                    data += chunk
                head, _, rest = data.partition(b"\r\n\r\n")
                length = 0
                for line in head.split(b"\r\n")[1:]:
                    name, _, value = line.partition(b":")
                    if name.strip().lower() == b"content-length":
                        length = int(value.strip() or 0)
                while len(rest) < length:
                    chunk = conn.recv(65536)
                    if not chunk:
                        break
                    rest += chunk
                request_line = head.split(b"\r\n")[0].decode("latin-1")
                with self._lock:
                    self.requests.append(request_line)
                if self.held(request_line):
                    self._released.wait()
                conn.sendall(b"HTTP/1.0 200 OK\r\nContent-Type: application/json\r\n"
                             + f"Content-Length: {len(self.body)}\r\n\r\n".encode() + self.body)
            except OSError:
                return


def tcp_sockets_of(pid, state=None):
    """The TCP sockets `pid` holds open, as (local port, remote port, state, rx_queue) tuples read
    from /proc; `state` filters by the kernel's state name ("ESTABLISHED", "CLOSE_WAIT", …).
    For cases whose state under test is a socket state (a CLOSE_WAIT pile-up, a growing Recv-Q)."""
    inodes = set()
    try:
        for fd in os.listdir(f"/proc/{pid}/fd"):
            try:
                target = os.readlink(f"/proc/{pid}/fd/{fd}")
            except OSError:
                continue
            if target.startswith("socket:["):
                inodes.add(target[8:-1])
    except OSError:
        return []
    found = []
    for table in ("tcp", "tcp6"):
        try:
            with open(f"/proc/{pid}/net/{table}") as f:
                rows = f.read().splitlines()[1:]
        except OSError:
            continue
        for row in rows:
            fields = row.split()
            if fields[9] not in inodes:
                continue
            name = _TCP_STATES.get(fields[3], fields[3])
            if state is None or name == state:
                local_port = int(fields[1].rsplit(":", 1)[1], 16)
                remote_port = int(fields[2].rsplit(":", 1)[1], 16)
                rx_queue = int(fields[4].split(":")[1], 16)
                found.append((local_port, remote_port, name, rx_queue))
    return found


_TCP_STATES = {"01": "ESTABLISHED", "02": "SYN_SENT", "03": "SYN_RECV", "04": "FIN_WAIT1",
               "05": "FIN_WAIT2", "06": "TIME_WAIT", "07": "CLOSE", "08": "CLOSE_WAIT",
               "09": "LAST_ACK", "0A": "LISTEN", "0B": "CLOSING"}
