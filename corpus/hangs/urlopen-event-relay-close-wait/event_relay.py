"""Event relay: turns local heartbeats and alerts into events for the incident API. Each event is
POSTed as JSON; the API answers 202 with a dedup key, and the receipts are kept so that a later
acknowledgement can be matched to the event that raised it.

Usage: event_relay.py EVENTS_URL
"""

import json
import logging
import socket
import sys
import time
import urllib.request

log = logging.getLogger("relay")
HEARTBEAT_EVERY = 0.25


class Relay:
    def __init__(self, url, routing_key):
        self.url = url
        self.routing_key = routing_key
        self.receipts = {}
        self.sent = 0

    def send(self, summary, severity="info"):
        event = {
            "routing_key": self.routing_key,
            "event_action": "trigger",
            "payload": {"summary": summary, "source": socket.gethostname(), "severity": severity},
        }
        request = urllib.request.Request(
            self.url,
            data=json.dumps(event).encode(),
            headers={"Content-Type": "application/json"},
            method="POST",
        )
        response = urllib.request.urlopen(request, timeout=5)
        if response.status != 202:
            log.warning("event rejected: %d %s", response.status, response.reason)
            return None
        self.sent += 1
        self.receipts[self.sent] = response
        return self.sent


def main(url):
    relay = Relay(url, routing_key="R0UT1NGK3Y")
    log.info("relaying to %s", url)
    while True:
        relay.send("heartbeat from %s" % socket.gethostname())
        if relay.sent % 100 == 0:
            log.info("%d events sent", relay.sent)
        time.sleep(HEARTBEAT_EVERY)


if __name__ == "__main__":
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(message)s")
    main(sys.argv[1])
