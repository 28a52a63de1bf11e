"""Partner feed poller: pulls new catalogue entries from a partner's HTTP feed and hands them to
the indexer, while a second task reports queue depth to the metrics endpoint.

Usage: feed_poller.py FEED_URL
Runs on uvloop; every poll is one GET /feed?since=CURSOR.
"""

import asyncio
import logging
import sys
import time

import httpx
import uvloop

log = logging.getLogger("feed-poller")
POLL_INTERVAL = 2.0


class FeedPoller:
    def __init__(self, client):
        self.client = client
        self.cursor = 0
        self.pending = []

    def _respect_rate_limit(self, response):
        delay = int(response.headers.get("Retry-After", "30"))
        log.warning("rate limited by partner feed, retrying in %ds", delay)
        time.sleep(delay)

    async def poll_once(self):
        response = await self.client.get("/feed", params={"since": self.cursor})
        if response.status_code == 429:
            self._respect_rate_limit(response)
            return
        response.raise_for_status()
        batch = response.json()
        self.pending.extend(batch["entries"])
        self.cursor = batch["cursor"]
        log.info("received %d entries, cursor now %s", len(batch["entries"]), self.cursor)

    async def run(self):
        while True:
            await self.poll_once()
            await asyncio.sleep(POLL_INTERVAL)


async def report_depth(poller):
    while True:
        log.debug("pending entries: %d", len(poller.pending))
        await asyncio.sleep(1.0)


async def main(feed_url):
    async with httpx.AsyncClient(base_url=feed_url, timeout=10.0) as client:
        poller = FeedPoller(client)
        log.info("polling %s", feed_url)
        await asyncio.gather(poller.run(), report_depth(poller))


if __name__ == "__main__":
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(message)s")
    uvloop.run(main(sys.argv[1]))
