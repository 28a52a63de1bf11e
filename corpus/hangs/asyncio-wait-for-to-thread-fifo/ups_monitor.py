"""UPS monitor: polls the UPS daemon's status FIFO every few seconds and publishes battery charge
and load to the building-management dashboard over HTTP. Reading the FIFO is blocking file I/O,
so it runs in a thread with a timeout around it.

Usage: ups_monitor.py STATUS_FIFO DASHBOARD_PORT
"""

import asyncio
import json
import logging
import sys

log = logging.getLogger("ups-monitor")
POLL_SECONDS = 1.0
READ_TIMEOUT = 2.0


def read_status(path):
    with open(path) as fifo:
        return dict(field.split("=", 1) for field in fifo.readline().split())


class Monitor:
    def __init__(self, fifo_path):
        self.fifo_path = fifo_path
        self.latest = {"state": "unknown"}
        self.timeouts = 0

    async def poll_once(self):
        try:
            self.latest = await asyncio.wait_for(asyncio.to_thread(read_status, self.fifo_path), READ_TIMEOUT)
        except asyncio.TimeoutError:
            self.timeouts += 1
            log.warning("UPS status read timed out (%d so far)", self.timeouts)

    async def poll_forever(self):
        while True:
            await self.poll_once()
            await asyncio.sleep(POLL_SECONDS)


async def serve_dashboard(monitor, reader, writer):
    await reader.readuntil(b"\r\n\r\n")
    body = json.dumps({**monitor.latest, "read_timeouts": monitor.timeouts}).encode()
    writer.write(b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: %d\r\n\r\n%s" % (len(body), body))
    await writer.drain()
    writer.close()


async def main(fifo_path, port):
    monitor = Monitor(fifo_path)
    server = await asyncio.start_server(lambda r, w: serve_dashboard(monitor, r, w), "127.0.0.1", port)
    log.info("dashboard feed on port %d", port)
    async with server:
        await monitor.poll_forever()


if __name__ == "__main__":
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(message)s")
    asyncio.run(main(sys.argv[1], int(sys.argv[2])))
