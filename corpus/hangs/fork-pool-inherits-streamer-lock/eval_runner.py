"""Runs the evaluation instances of a benchmark in a pool of worker processes (a fresh worker for
every instance, since the harness leaks memory) and streams every log line to the central log
service.

Usage: eval_runner.py LOG_SERVICE_URL INSTANCES
"""

import json
import logging
import multiprocessing
import os
import sys
import threading
import urllib.request

log = logging.getLogger("eval")


class LogStreamer:
    """Buffers log lines and ships them to the log service in batches."""

    def __init__(self, url):
        self.url = url
        self._lock = threading.Lock()
        self._buffer = []

    def write(self, line):
        with self._lock:
            self._buffer.append({"pid": os.getpid(), "line": line})

    def flush(self):
        with self._lock:
            if not self._buffer:
                return
            body = json.dumps(self._buffer).encode()
            request = urllib.request.Request(self.url + "/ingest", data=body, method="POST")
            with urllib.request.urlopen(request) as response:
                response.read()
            self._buffer.clear()

    def run_forever(self, stop):
        while not stop.wait(0.2):
            try:
                self.flush()
            except OSError as exc:
                log.warning("log shipping failed: %s", exc)


streamer = None


def run_instance(instance_id):
    log.info("worker %d: starting instance %s", os.getpid(), instance_id)
    streamer.write(f"{instance_id}: setting up workspace")
    score = sum((n * 7919) % 104729 for n in range(200_000)) % 100
    streamer.write(f"{instance_id}: finished with score {score}")
    return instance_id, score


def main(argv):
    global streamer
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(process)d %(message)s")
    url, count = argv[0], int(argv[1])
    streamer = LogStreamer(url)
    stop = threading.Event()
    threading.Thread(target=streamer.run_forever, args=(stop,), name="log-streamer", daemon=True).start()
    instances = [f"task-{n:04d}" for n in range(count)]
    streamer.write(f"evaluation started: {len(instances)} instances")
    log.info("evaluating %d instances", len(instances))
    context = multiprocessing.get_context("fork")
    with context.Pool(processes=3, maxtasksperchild=1) as pool:
        results = dict(pool.map(run_instance, instances, chunksize=1))
    log.info("evaluated %d instances, mean score %.1f", len(results), sum(results.values()) / len(results))
    stop.set()


if __name__ == "__main__":
    main(sys.argv[1:])
