"""Order sync worker: follows the shop's order event stream (newline-delimited JSON over TCP) and
writes the orders to the accounting system in batches. A reader task decodes events into an
asyncio.Queue; the batch writer drains the queue.

Usage: order_sync.py EVENTS_HOST:PORT
"""

import asyncio
import json
import logging
import sys
from dataclasses import dataclass

log = logging.getLogger("order-sync")
BATCH_SIZE = 20


@dataclass
class OrderEvent:
    order_id: str
    total_cents: int
    currency: str

    @classmethod
    def decode(cls, raw):
        data = json.loads(raw)
        return cls(data["order_id"], int(round(float(data["total"]) * 100)), data["currency"])


class EventReader:
    def __init__(self, reader, queue):
        self.reader = reader
        self.queue = queue

    async def run(self):
        while True:
            line = await self.reader.readline()
            if not line:
                await self.queue.put(None)
                return
            await self.queue.put(OrderEvent.decode(line))


class BatchWriter:
    def __init__(self, queue):
        self.queue = queue
        self.written = 0

    async def run(self):
        batch = []
        while True:
            event = await self.queue.get()
            if event is None:
                break
            batch.append(event)
            if len(batch) >= BATCH_SIZE:
                await self.flush(batch)
                batch = []
        if batch:
            await self.flush(batch)

    async def flush(self, batch):
        self.written += len(batch)
        log.info("wrote %d orders to accounting (%d total)", len(batch), self.written)
        await asyncio.sleep(0.01)


async def main(address):
    host, port = address.rsplit(":", 1)
    reader, writer = await asyncio.open_connection(host, int(port))
    writer.write(b"SUBSCRIBE orders\n")
    await writer.drain()
    queue = asyncio.Queue(maxsize=500)
    reading = asyncio.create_task(EventReader(reader, queue).run(), name="event-reader")
    log.info("following order events from %s", address)
    await BatchWriter(queue).run()
    await reading
    log.info("event stream ended")


if __name__ == "__main__":
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(message)s")
    asyncio.run(main(sys.argv[1]))
