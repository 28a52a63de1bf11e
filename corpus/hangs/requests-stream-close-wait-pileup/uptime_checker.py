"""Uptime checker: probes each endpoint every few hundred milliseconds and records status and
latency. Only the status line and headers are needed, so responses are opened with stream=True
and the body is never downloaded; the last responses are kept for the /debug page.

Usage: uptime_checker.py URL [URL ...]
"""

import collections
import logging
import sys
import time

import requests

log = logging.getLogger("uptime")
INTERVAL = 0.2


class Check:
    def __init__(self, url):
        self.url = url
        self.recent = collections.deque(maxlen=300)
        self.failures = 0

    def probe(self):
        started = time.monotonic()
        response = requests.get(self.url, stream=True, timeout=5)
        latency_ms = (time.monotonic() - started) * 1000
        self.recent.append(response)
        if response.status_code >= 500:
            self.failures += 1
            log.warning("%s returned %d", self.url, response.status_code)
        return latency_ms


def run(urls):
    checks = [Check(u) for u in urls]
    log.info("checking %d endpoints every %.1fs", len(checks), INTERVAL)
    rounds = 0
    while True:
        for check in checks:
            check.probe()
        rounds += 1
        if rounds % 50 == 0:
            log.info("%d rounds done", rounds)
        time.sleep(INTERVAL)


if __name__ == "__main__":
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(message)s")
    run(sys.argv[1:])
