"""Telemetry gateway: sensors connect over TCP and send one reading per line
("<sensor-id> <metric> <value>"); the gateway acknowledges each reading and stores it in the
site's SQLite database, which the nightly report job also writes to.

Usage: telemetry_gateway.py PORT DB_PATH
"""

import logging
import os
import sqlite3
import sys
import time

from twisted.internet import defer, reactor
from twisted.internet.protocol import Factory
from twisted.protocols.basic import LineReceiver

log = logging.getLogger("telemetry")
DB_BUSY_TIMEOUT = float(os.environ.get("TELEMETRY_DB_BUSY_TIMEOUT", "900"))


class ReadingStore:
    def __init__(self, path):
        self.db = sqlite3.connect(path, timeout=DB_BUSY_TIMEOUT)
        self.db.execute(
            "CREATE TABLE IF NOT EXISTS readings (ts REAL, sensor TEXT, metric TEXT, value REAL)")
        self.db.commit()

    def store(self, reading):
        sensor, metric, value = reading
        log.info("storing %s %s from %s", metric, value, sensor)
        self.db.execute("INSERT INTO readings VALUES (?, ?, ?, ?)", (time.time(), sensor, metric, value))
        self.db.commit()
        return reading


class SensorProtocol(LineReceiver):
    delimiter = b"\n"

    def lineReceived(self, line):
        try:
            sensor, metric, value = line.decode().split()
            reading = (sensor, metric, float(value))
        except ValueError:
            self.sendLine(b"ERR malformed")
            return
        d = defer.succeed(reading)
        d.addCallback(self.factory.store.store)
        d.addCallback(lambda _: self.sendLine(b"OK"))
        d.addErrback(self._failed)

    def _failed(self, failure):
        log.error("could not store reading: %s", failure.getErrorMessage())
        self.sendLine(b"ERR storage")


class SensorFactory(Factory):
    protocol = SensorProtocol

    def __init__(self, store):
        self.store = store


if __name__ == "__main__":
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(message)s")
    port, db_path = int(sys.argv[1]), sys.argv[2]
    reactor.listenTCP(port, SensorFactory(ReadingStore(db_path)), interface="127.0.0.1")
    log.info("telemetry gateway listening on %d", port)
    reactor.run()
