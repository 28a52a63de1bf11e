"""Metrics collector: every 10 s scrapes the /stats endpoint of each application server listed
in the config and forwards the numbers to the time-series database.

Usage: collector.py STATS_URL [STATS_URL ...]
"""

import logging
import sys
import time

import requests

log = logging.getLogger("collector")
INTERVAL = 10.0


class Collector:
    def __init__(self, targets):
        self.targets = targets
        self.session = requests.Session()
        self.session.headers["User-Agent"] = "stats-collector/3.2"
        self.samples = []

    def collect_from(self, url):
        response = self.session.get(url)
        response.raise_for_status()
        return response.json()

    def run_once(self):
        for url in self.targets:
            log.info("scraping %s", url)
            stats = self.collect_from(url)
            self.samples.append((time.time(), url, stats))
        log.info("collected %d samples", len(self.samples))

    def run_forever(self):
        while True:
            started = time.monotonic()
            self.run_once()
            time.sleep(max(0.0, INTERVAL - (time.monotonic() - started)))


if __name__ == "__main__":
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(message)s")
    Collector(sys.argv[1:]).run_forever()
