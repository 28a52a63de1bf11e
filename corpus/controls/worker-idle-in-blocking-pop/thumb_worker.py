"""Thumbnail worker: takes jobs from the broker's `queue:thumbnails` list with a blocking pop and
renders them. Between jobs the worker simply waits in BLPOP (timeout 0: for as long as it takes),
which is how a queue worker stays idle without polling.

Usage: thumb_worker.py BROKER_HOST BROKER_PORT
"""

import hashlib
import json
import logging
import socket
import sys

log = logging.getLogger("worker")


class BrokerConnection:
    """The few commands of the broker's RESP protocol this worker needs."""

    def __init__(self, host, port):
        self.sock = socket.create_connection((host, port))
        self.reader = self.sock.makefile("rb")

    def command(self, *words):
        payload = f"*{len(words)}\r\n".encode()
        for word in words:
            data = word.encode()
            payload += f"${len(data)}\r\n".encode() + data + b"\r\n"
        self.sock.sendall(payload)
        return self._reply()

    def _reply(self):
        line = self.reader.readline().rstrip(b"\r\n")
        kind, rest = line[:1], line[1:]
        if kind == b"+":
            return rest.decode()
        if kind == b"-":
            raise RuntimeError(rest.decode())
        if kind == b":":
            return int(rest)
        if kind == b"$":
            length = int(rest)
            if length < 0:
                return None
            data = self.reader.read(length + 2)[:-2]
            return data.decode()
        if kind == b"*":
            count = int(rest)
            return None if count < 0 else [self._reply() for _ in range(count)]
        raise RuntimeError(f"unexpected reply {line!r}")


def render(job):
    digest = hashlib.sha256(job["image"].encode()).hexdigest()
    return {"image": job["image"], "thumbnail": f"thumbs/{digest[:16]}.webp"}


def work(broker):
    while True:
        _, raw = broker.command("BLPOP", "queue:thumbnails", "0")
        job = json.loads(raw)
        result = render(job)
        broker.command("RPUSH", "queue:thumbnails:done", json.dumps(result))
        log.info("rendered %s", result["thumbnail"])


def main(argv):
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(message)s")
    broker = BrokerConnection(argv[0], int(argv[1]))
    if broker.command("PING") != "PONG":
        raise SystemExit("broker did not answer PING")
    log.info("waiting for jobs on queue:thumbnails")
    work(broker)


if __name__ == "__main__":
    main(sys.argv[1:])
