"""Device agent: keeps a websocket to the fleet's command server open so operators can reach the
device. The websocket runs on its own thread; the agent waits until the server has sent the
device identity, then starts serving commands.

Usage: device_agent.py SERVER_HOST SERVER_PORT
"""

import json
import logging
import socket
import sys
import threading

log = logging.getLogger("device-agent")


class CommandChannel:
    def __init__(self, host, port):
        self.host = host
        self.port = port
        self.identity = None
        self.ready_event = threading.Event()
        self._sock = None
        self._thread = threading.Thread(target=self._run, name="command-channel", daemon=True)

    def start(self):
        self._thread.start()

    def _run(self):
        try:
            self._sock = socket.create_connection((self.host, self.port), timeout=10)
            self._sock.sendall(b"GET /m2m/ HTTP/1.1\r\nUpgrade: websocket\r\n\r\n")
            hello = json.loads(self._sock.recv(4096).split(b"\r\n\r\n", 1)[1])
            self.identity = hello["identity"]
            self.ready_event.set()
            self._serve()
        except (OSError, ValueError, KeyError) as exc:
            log.error("command channel to %s:%d closed: %s", self.host, self.port, exc)

    def _serve(self):
        while True:
            data = self._sock.recv(4096)
            if not data:
                return
            log.info("command: %r", data[:80])

    def wait_ready(self, timeout=None):
        if timeout is None:
            while 1:
                if self.ready_event.wait(1):
                    break
        else:
            wait_time = float(timeout)
            while wait_time >= 0.0:
                if self.ready_event.wait(1.0):
                    break
                wait_time -= 1.0
        return self.identity


def main(argv):
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(threadName)s %(levelname)s %(message)s")
    host, port = argv[0], int(argv[1])
    channel = CommandChannel(host, port)
    channel.start()
    log.info("connecting to the command server at %s:%d", host, port)
    identity = channel.wait_ready()
    log.info("registered as %s", identity)


if __name__ == "__main__":
    main(sys.argv[1:])
