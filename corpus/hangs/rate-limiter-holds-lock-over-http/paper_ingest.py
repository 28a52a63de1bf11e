"""Adds papers to the reference library: looks each arXiv id up on the metadata API and stores the
record. Several ids are looked up in parallel, but the metadata API allows one request at a time
with at least one second between requests, so every lookup goes through one serialized limiter.

Usage: paper_ingest.py API_BASE ID...
"""

import json
import logging
import sys
import threading
import time
import urllib.request
from concurrent.futures import ThreadPoolExecutor

log = logging.getLogger("ingest")


class SerializedRateLimiter:
    """Runs calls one at a time, at least `min_interval` seconds apart."""

    def __init__(self, min_interval):
        self.min_interval = min_interval
        self._lock = threading.Lock()
        self._last_call = 0.0

    def run(self, func, *args, **kwargs):
        with self._lock:
            wait = self._last_call + self.min_interval - time.monotonic()
            if wait > 0:
                time.sleep(wait)
            try:
                return func(*args, **kwargs)
            finally:
                self._last_call = time.monotonic()


METADATA_LIMITER = SerializedRateLimiter(min_interval=1.0)


def fetch_metadata(api_base, arxiv_id):
    with urllib.request.urlopen(f"{api_base}/api/query?id_list={arxiv_id}") as response:
        return json.load(response)


def add_paper(api_base, arxiv_id, library):
    log.info("looking up %s", arxiv_id)
    record = METADATA_LIMITER.run(fetch_metadata, api_base, arxiv_id)
    library[arxiv_id] = record
    log.info("added %s: %s", arxiv_id, record.get("title", "?"))
    return record


def main(argv):
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(threadName)s %(message)s")
    api_base, *ids = argv
    library = {}
    with ThreadPoolExecutor(max_workers=4, thread_name_prefix="add-paper") as pool:
        for arxiv_id in ids:
            pool.submit(add_paper, api_base, arxiv_id, library)
    with open("library.json", "w") as f:
        json.dump(library, f, indent=2)
    log.info("library now has %d papers", len(library))


if __name__ == "__main__":
    main(sys.argv[1:])
