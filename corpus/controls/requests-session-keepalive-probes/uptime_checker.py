"""Uptime checker: probes each endpoint every few hundred milliseconds and records status and
latency. Responses are streamed, their small JSON body read for the reported status, and closed;
one Session keeps the connections alive between probes.

Usage: uptime_checker.py URL [URL ...]
"""

import collections
import logging
import sys
import time

import requests
from requests.adapters import HTTPAdapter

log = logging.getLogger("uptime")
INTERVAL = 0.2


class Check:
    def __init__(self, session, url):
        self.session = session
        self.url = url
        self.recent = collections.deque(maxlen=300)
        self.failures = 0

    def probe(self):
        started = time.monotonic()
        try:
            with self.session.get(self.url, stream=True, timeout=5) as response:
                reported = response.json().get("status") if response.ok else None
                latency_ms = (time.monotonic() - started) * 1000
                self.recent.append((response.status_code, latency_ms))
                if response.status_code >= 500 or reported != "ok":
                    self.failures += 1
                    log.warning("%s returned %d (%s)", self.url, response.status_code, reported)
                return latency_ms
        except requests.RequestException as e:
            self.failures += 1
            self.recent.append((None, None))
            log.warning("%s failed: %s", self.url, e)
            return None


def run(urls):
    session = requests.Session()
    session.mount("http://", HTTPAdapter(max_retries=2))
    checks = [Check(session, u) for u in urls]
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
