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
