"""Ingests sensor readings pushed by the edge gateways and files them per device. Warnings and
errors are also forwarded to the telemetry collector by a background transport thread, so that
operations sees them without reading every host's log.

Usage: ingest_service.py SPOOL_DIR
"""

import json
import logging
import os
import queue
import random
import sys
import threading

log = logging.getLogger("ingest")


class EventBatchQueue(queue.Queue):
    """A queue whose get() hands out up to 50 events at once, already shaped for the collector."""

    def _get(self):
        batch = []
        while self.queue and len(batch) < 50:
            event = self.queue.popleft()
            batch.append({"event_id": event["id"], "level": event["level"], "payload": dict(event),
                          "tags": [("service", "ingest"), ("host", os.uname().nodename)]})
        return batch


class TelemetryTransport:
    def __init__(self, spool_path):
        self._queue = EventBatchQueue()
        self._spool_path = spool_path
        self._next_id = 0
        self._worker = threading.Thread(target=self._run, name="telemetry-worker", daemon=True)
        self._worker.start()

    def capture(self, level, message):
        self._next_id += 1
        self._queue.put({"id": self._next_id, "level": level, "message": message})

    def _run(self):
        with open(self._spool_path, "a") as spool:
            while True:
                batch = self._queue.get()
                for event in batch:
                    spool.write(json.dumps(event) + "\n")
                spool.flush()


class TelemetryHandler(logging.Handler):
    def __init__(self, transport):
        super().__init__(level=logging.WARNING)
        self.transport = transport

    def emit(self, record):
        self.transport.capture(record.levelname, self.format(record))


class ResponseParser:
    def __init__(self, connection):
        self.connection = connection
        self.readings = []

    def feed(self, payload):
        self.readings.extend(json.loads(payload)["readings"])
        return self.readings


class GatewayConnection:
    """A connection to one edge gateway; must be closed by whoever opened it."""

    def __init__(self, gateway):
        self.gateway = gateway
        self.parser = ResponseParser(self)
        self.closed = False

    def fetch(self):
        count = random.randint(0, 6)
        readings = [{"device": f"{self.gateway}-d{n}", "value": random.random()} for n in range(count)]
        return json.dumps({"readings": readings})

    def close(self):
        self.closed = True

    def __del__(self):
        if not self.closed:
            log.warning("connection to %s garbage-collected without close()", self.gateway)


def ingest_forever(gateways, transport, spool_dir):
    while True:
        gateway = random.choice(gateways)
        connection = GatewayConnection(gateway)
        readings = connection.parser.feed(connection.fetch())
        if not readings:
            continue
        for reading in readings:
            transport.capture("INFO", f"reading {reading['device']}={reading['value']:.3f}")
        connection.close()


def main(argv):
    spool_dir = argv[0]
    os.makedirs(spool_dir, exist_ok=True)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(threadName)s %(levelname)s %(message)s")
    transport = TelemetryTransport(os.path.join(spool_dir, "telemetry.jsonl"))
    logging.getLogger().addHandler(TelemetryHandler(transport))
    gateways = [f"gw{n:02d}" for n in range(12)]
    workers = [threading.Thread(target=ingest_forever, args=(gateways, transport, spool_dir), name=f"ingest-{n}")
               for n in range(3)]
    for worker in workers:
        worker.start()
    log.info("ingesting from %d gateways with %d workers", len(gateways), len(workers))
    for worker in workers:
        worker.join()


if __name__ == "__main__":
    main(sys.argv[1:])
