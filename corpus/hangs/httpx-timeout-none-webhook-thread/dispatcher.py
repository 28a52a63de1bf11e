"""Webhook dispatcher: reads delivery jobs from the local spool directory and POSTs them to the
customers' endpoints from a few dispatcher threads. Customer endpoints can be slow, so the shared
httpx client is created with timeout=None ("let slow customers finish").

Usage: dispatcher.py SPOOL_DIR
"""

import json
import logging
import os
import queue
import sys
import threading
import time

import httpx

log = logging.getLogger("dispatcher")
THREADS = 3


class Dispatcher:
    def __init__(self, spool):
        self.spool = spool
        self.jobs = queue.Queue()
        self.client = httpx.Client(timeout=None, headers={"User-Agent": "hookd/1.4"})
        self.delivered = 0

    def deliver(self, job):
        response = self.client.post(job["url"], json=job["payload"])
        response.raise_for_status()

    def worker(self):
        while True:
            job = self.jobs.get()
            log.info("delivering %s to %s", job["id"], job["url"])
            try:
                self.deliver(job)
                self.delivered += 1
            except httpx.HTTPError as exc:
                log.warning("delivery %s failed: %s", job["id"], exc)

    def scan_spool(self):
        for name in sorted(os.listdir(self.spool)):
            path = os.path.join(self.spool, name)
            with open(path) as f:
                self.jobs.put(json.load(f))
            os.remove(path)

    def run(self):
        for n in range(THREADS):
            threading.Thread(target=self.worker, name=f"dispatch-{n}", daemon=True).start()
        while True:
            self.scan_spool()
            time.sleep(1.0)


if __name__ == "__main__":
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(threadName)s %(message)s")
    Dispatcher(sys.argv[1]).run()
