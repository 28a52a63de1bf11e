"""Build agent: accepts build jobs from the coordinator over TCP (line-delimited JSON) and runs them.
Before each job it checks out a seat from the site licence server for the proprietary compiler.

Usage: build_agent.py LISTEN_PORT LICENSE_HOST:PORT
"""

import json
import logging
import socket
import sys

import trio

log = logging.getLogger("build-agent")


class LicenseClient:
    """Talks the licence server's tiny text protocol: 'CHECKOUT <feature>' -> 'GRANTED <token>'."""

    def __init__(self, address):
        host, port = address.rsplit(":", 1)
        self.address = (host, int(port))
        self._sock = None

    def _connect(self):
        if self._sock is None:
            self._sock = socket.create_connection(self.address)
        return self._sock

    def checkout(self, feature):
        sock = self._connect()
        sock.sendall(f"CHECKOUT {feature}\n".encode())
        reply = sock.recv(4096).decode().strip()
        if not reply.startswith("GRANTED"):
            raise RuntimeError(f"licence refused: {reply}")
        return reply.split()[1]


async def run_job(job, licenses):
    log.info("job %s: checking out licence for %s", job["id"], job["toolchain"])
    token = licenses.checkout(job["toolchain"])
    log.info("job %s: licence %s, compiling %d targets", job["id"], token, len(job["targets"]))
    await trio.sleep(0.1 * len(job["targets"]))
    return {"id": job["id"], "status": "ok"}


async def handle_coordinator(stream, licenses):
    buffer = b""
    async for chunk in stream:
        buffer += chunk
        while b"\n" in buffer:
            line, buffer = buffer.split(b"\n", 1)
            result = await run_job(json.loads(line), licenses)
            await stream.send_all(json.dumps(result).encode() + b"\n")


async def heartbeat():
    while True:
        log.debug("agent alive")
        await trio.sleep(5)


async def main(port, license_address):
    licenses = LicenseClient(license_address)
    async with trio.open_nursery() as nursery:
        nursery.start_soon(heartbeat)
        log.info("build agent listening on port %d", port)
        await trio.serve_tcp(lambda stream: handle_coordinator(stream, licenses), port, host="127.0.0.1")


if __name__ == "__main__":
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(message)s")
    trio.run(main, int(sys.argv[1]), sys.argv[2])
