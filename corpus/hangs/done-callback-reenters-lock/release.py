"""Release helper: runs the steps of a release one after the other and tells whoever listens
(the terminal, the team channel) how each step went.

Usage: release.py VERSION
"""

import logging
import subprocess
import sys
import threading

log = logging.getLogger("release")


class Step:
    """One command of the release, with listeners called once it has finished."""

    def __init__(self, name, argv):
        self.name = name
        self.argv = argv
        self._process = None
        self._wait_lock = threading.Lock()
        self._exit_code = None
        self._output = b""
        self._done_listeners = []

    def on_done(self, listener):
        self._done_listeners.append(listener)

    def start(self):
        log.info("step %s: %s", self.name, " ".join(self.argv))
        self._process = subprocess.Popen(self.argv, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
        return self

    def wait(self):
        with self._wait_lock:
            if self._exit_code is None:
                self._output, _ = self._process.communicate()
                self._exit_code = self._process.returncode
                self._finished()
            return self._exit_code

    def _finished(self):
        for listener in self._done_listeners:
            listener(self, self._exit_code == 0, self._exit_code)

    @property
    def output(self):
        self.wait()
        return self._output.decode(errors="replace").strip()

    def __str__(self):
        return f"{self.name} ({' '.join(self.argv)}): {self.output}"


def announce(step, success, exit_code):
    status = "ok" if success else f"failed with {exit_code}"
    log.info("step %s %s", step.name, status)
    print(f"[release] {step} -> {status}", flush=True)


def release(version):
    steps = [
        Step("tag", ["sh", "-c", f"echo tagged v{version}"]),
        Step("changelog", ["sh", "-c", f"echo changelog for {version} written"]),
        Step("publish", ["sh", "-c", f"echo published {version}"]),
    ]
    for step in steps:
        step.on_done(announce)
        if step.start().wait() != 0:
            log.error("release %s stopped at %s", version, step.name)
            return 1
    log.info("release %s done", version)
    return 0


def main(argv):
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(message)s")
    return release(argv[0])


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
