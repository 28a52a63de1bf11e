import json
import socket
import subprocess
import sys
import threading

import pytest


class ServiceUnderTest:
    """Starts a service as a child process and waits for its readiness line on stdout."""

    def __init__(self, argv, ready_text):
        self.argv = argv
        self.ready_text = ready_text
        self._ready = threading.Event()
        self.proc = None

    def _watch_stdout(self):
        for line in self.proc.stdout:
            if self.ready_text in line:
                self._ready.set()

    def start(self):
        self.proc = subprocess.Popen(self.argv, stdout=subprocess.PIPE, text=True)
        threading.Thread(target=self._watch_stdout, name="ledger-stdout", daemon=True).start()

    def wait_until_ready(self):
        self._ready.wait()

    def stop(self):
        self.proc.terminate()
        self.proc.wait()


def _free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="session")
def ledger(tmp_path_factory):
    workdir = tmp_path_factory.mktemp("ledger")
    port = _free_port()
    settings = {"port": port, "journal": {"file": str(workdir / "journal.txt")}}
    (workdir / "journal.txt").write_text("acme 1200\nglobex 80\n")
    (workdir / "settings.json").write_text(json.dumps(settings))
    service = ServiceUnderTest([sys.executable, "ledger_service.py", str(workdir / "settings.json")], "ledger ready")
    service.start()
    service.wait_until_ready()
    yield ("127.0.0.1", port)
    service.stop()
