"""Per-customer request accounting for the API gateway: eight worker threads parse the access log
stream and add every request to a shared table of counters behind one lock; every second the
table is written to disk, under the same lock so that the snapshot is consistent. The lock is hot:
the workers queue on it during every snapshot, and each of them holds it for a few dictionary
updates.

Usage: rate_counter.py ACCESS_LOG SNAPSHOT
"""

import collections
import itertools
import json
import logging
import os
import sys
import threading

log = logging.getLogger("rates")


class CounterTable:
    def __init__(self):
        self.lock = threading.Lock()
        self.requests = collections.Counter()
        self.bytes = collections.Counter()
        self.status = collections.Counter()

    def add(self, customer, path, size, status):
        with self.lock:
            self.requests[(customer, path)] += 1
            self.bytes[customer] += size
            self.status[(customer, status // 100)] += 1

    def write_snapshot(self, path):
        with self.lock:
            with open(path + ".tmp", "w") as f:
                json.dump({"requests": {f"{c} {p}": n for (c, p), n in self.requests.items()},
                           "bytes": self.bytes}, f)
            os.replace(path + ".tmp", path)
            return sum(self.requests.values()), len(self.bytes)


def parse(line):
    customer, _, path, size, status = line.split()
    return customer, path, int(size), int(status)


def account(lines, table, stop):
    for line in lines:
        if stop.is_set():
            return
        customer, path, size, status = parse(line)
        table.add(customer, path, size, status)


def snapshots(table, path, stop):
    while not stop.wait(1.0):
        requests, customers = table.write_snapshot(path)
        log.info("snapshot: %d requests from %d customers", requests, customers)


def main(argv):
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(message)s")
    with open(argv[0]) as f:
        sample = f.read().splitlines()
    table, stop = CounterTable(), threading.Event()
    workers = [threading.Thread(target=account, args=(itertools.cycle(sample[n::8]), table, stop), name=f"accounting-{n}")
               for n in range(8)]
    for worker in workers:
        worker.start()
    threading.Thread(target=snapshots, args=(table, argv[1], stop), name="snapshot", daemon=True).start()
    log.info("accounting with %d workers", len(workers))
    for worker in workers:
        worker.join()


if __name__ == "__main__":
    main(sys.argv[1:])
