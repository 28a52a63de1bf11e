"""Computes per-shard statistics of the event log in child processes and merges them. Each child
sends its partial counts back through a multiprocessing queue.

Usage: shard_stats.py EVENTS_FILE SHARDS
"""

import collections
import logging
import multiprocessing
import sys

log = logging.getLogger("shard-stats")


def count_shard(path, shard, shards, results):
    counts = collections.Counter()
    with open(path) as f:
        for n, line in enumerate(f):
            if n % shards == shard:
                user, action, _ = line.split(",", 2)
                counts[(user, action)] += 1
    for (user, action), count in counts.items():
        results.put((user, action, count))
    results.put(None)


def shard_stats(path, shards):
    results = multiprocessing.Queue()
    workers = [multiprocessing.Process(target=count_shard, args=(path, n, shards, results), name=f"shard-{n}")
               for n in range(shards)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    merged = collections.Counter()
    finished = 0
    while finished < shards:
        item = results.get()
        if item is None:
            finished += 1
            continue
        user, action, count = item
        merged[(user, action)] += count
    return merged


def main(argv):
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(processName)s %(message)s")
    path, shards = argv[0], int(argv[1])
    log.info("counting %s in %d shards", path, shards)
    merged = shard_stats(path, shards)
    log.info("%d distinct (user, action) pairs", len(merged))


if __name__ == "__main__":
    main(sys.argv[1:])
