"""Exchange-rate refresher: keeps a local copy of the treasury's daily rates so the billing jobs
never call out on their own. The treasury client is plain urllib, so each refresh runs in a worker
thread (anyio.to_thread.run_sync) under a refresh timeout. Runs on anyio's default backend.

Usage: rates_refresher.py TREASURY_HOST:PORT CACHE_FILE
"""

import json
import logging
import os
import sys
import urllib.request

import anyio

log = logging.getLogger("rates")
REFRESH_TIMEOUT = 4.0
REFRESH_EVERY = 900.0


def download_rates(base_url):
    with urllib.request.urlopen(f"{base_url}/v1/rates/daily?base=EUR") as response:
        return json.load(response)


def store(cache_file, rates):
    tmp = cache_file + ".tmp"
    with open(tmp, "w") as f:
        json.dump(rates, f)
    os.replace(tmp, cache_file)


class Freshness:
    def __init__(self):
        self.refresh_started = None


async def refresh(base_url, cache_file, freshness):
    freshness.refresh_started = anyio.current_time()
    try:
        with anyio.fail_after(REFRESH_TIMEOUT):
            rates = await anyio.to_thread.run_sync(download_rates, base_url)
    except TimeoutError:
        log.warning("rate refresh timed out after %.0fs; keeping the cached rates", REFRESH_TIMEOUT)
        return
    finally:
        freshness.refresh_started = None
    await anyio.to_thread.run_sync(store, cache_file, rates)
    log.info("stored %d rates", len(rates.get("rates", {})))


async def refresh_forever(base_url, cache_file, freshness):
    while True:
        await refresh(base_url, cache_file, freshness)
        await anyio.sleep(REFRESH_EVERY)


async def watch_freshness(freshness):
    while True:
        await anyio.sleep(2.0)
        started = freshness.refresh_started
        if started is not None and anyio.current_time() - started > REFRESH_TIMEOUT:
            log.warning(
                "rate refresh running for %.0fs, over its %.0fs timeout",
                anyio.current_time() - started,
                REFRESH_TIMEOUT,
            )


async def main(treasury, cache_file):
    base_url = f"http://{treasury}"
    freshness = Freshness()
    log.info("refreshing rates from %s every %.0fs", base_url, REFRESH_EVERY)
    async with anyio.create_task_group() as tg:
        tg.start_soon(watch_freshness, freshness)
        tg.start_soon(refresh_forever, base_url, cache_file, freshness)


if __name__ == "__main__":
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(message)s")
    anyio.run(main, sys.argv[1], sys.argv[2])
