"""Desktop-notification bridge: long-polls the notification service for new events and shows
each one. The service holds every poll open for up to 25 s and answers with an empty list when
nothing happened, so the client spends nearly all its time waiting in a read, on purpose.
"""

import json
import logging
import sys
import urllib.request

log = logging.getLogger("notify")
POLL_SECONDS = 25


def poll_once(base, cursor):
    url = f"{base}/events?cursor={cursor}&wait={POLL_SECONDS}"
    with urllib.request.urlopen(url, timeout=POLL_SECONDS + 10) as response:
        return json.load(response)


def show(event):
    log.info("notification: %s", event.get("title", "(untitled)"))


def run(base):
    cursor = 0
    while True:
        batch = poll_once(base, cursor)
        for event in batch["events"]:
            show(event)
        cursor = batch["cursor"]


def main(argv):
    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(message)s")
    log.info("listening for notifications from %s", argv[0])
    run(argv[0])


if __name__ == "__main__":
    main(sys.argv[1:])
