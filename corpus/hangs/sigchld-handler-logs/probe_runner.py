"""Runs the health probes of the local services: every probe is a short command (`test -S` on a
socket, `pg_isready`, a tiny script) started without waiting; finished probes are reaped by the
SIGCHLD handler, since this agent also runs as PID 1 in its container and must reap whatever
exits. Logs go through a queue to a listener thread, so probes are never slowed by log I/O.

Usage: probe_runner.py SERVICES_FILE
"""

import json
import logging
import logging.handlers
import os
import queue
import signal
import sys
import time

log = logging.getLogger("probes")


def setup_logging():
    records = queue.Queue()
    console = logging.StreamHandler(sys.stderr)
    console.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(message)s"))
    listener = logging.handlers.QueueListener(records, console)
    listener.start()
    root = logging.getLogger()
    root.addHandler(logging.handlers.QueueHandler(records))
    root.setLevel(logging.DEBUG)
    return listener


def reap_children(signum, frame):
    while True:
        try:
            pid, status = os.waitpid(-1, os.WNOHANG)
        except ChildProcessError:
            return
        if pid == 0:
            return
        log.info("Reaped pid=%s, exit status=%s", pid, os.waitstatus_to_exitcode(status))


class ProbeScheduler:
    def __init__(self, services):
        self.services = services
        self.next_due = {name: 0.0 for name in services}
        self.launched = 0

    def launch(self, name, command):
        pid = os.posix_spawnp(command[0], command, os.environ)
        self.launched += 1
        log.debug("probe %s started as pid %d (%s)", name, pid, " ".join(command))

    def run_forever(self):
        while True:
            now = time.monotonic()
            for name, spec in self.services.items():
                if now >= self.next_due[name]:
                    self.launch(name, spec["command"])
                    self.next_due[name] = now + spec["interval"]
                log.debug("service %s next probe in %.3f s", name, self.next_due[name] - now)
            if self.launched and self.launched % 500 == 0:
                log.info("%d probes launched", self.launched)


def main(argv):
    listener = setup_logging()
    with open(argv[0]) as f:
        services = json.load(f)
    signal.signal(signal.SIGCHLD, reap_children)
    log.info("probing %d services", len(services))
    try:
        ProbeScheduler(services).run_forever()
    finally:
        listener.stop()


if __name__ == "__main__":
    main(sys.argv[1:])
