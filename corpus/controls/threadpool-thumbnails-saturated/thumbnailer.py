"""Thumbnail backfill: regenerates thumbnails for the whole media library with a fixed pool of
four threads. The library is large; the job runs for hours with every thread busy, reporting
progress every 200 images.

Usage: thumbnailer.py
"""

import hashlib
import itertools
import logging
import time
import zlib
from concurrent.futures import FIRST_COMPLETED, ThreadPoolExecutor, wait

log = logging.getLogger("backfill")
WORKERS = 4
IN_FLIGHT = 16


def load_original(media_id):
    seed = hashlib.sha256(str(media_id).encode()).digest()
    return seed * 2048


def make_thumbnail(media_id):
    data = load_original(media_id)
    for _ in range(3):
        data = zlib.compress(data, 6)
    time.sleep(0.01)
    return media_id, len(data)


def backfill(media_ids):
    done_count = 0
    with ThreadPoolExecutor(max_workers=WORKERS, thread_name_prefix="thumb") as pool:
        pending = set()
        for media_id in media_ids:
            pending.add(pool.submit(make_thumbnail, media_id))
            if len(pending) >= IN_FLIGHT:
                finished, pending = wait(pending, return_when=FIRST_COMPLETED)
                for future in finished:
                    future.result()
                    done_count += 1
                    if done_count % 200 == 0:
                        log.info("%d thumbnails regenerated", done_count)


if __name__ == "__main__":
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(message)s")
    log.info("backfilling thumbnails with %d threads", WORKERS)
    backfill(itertools.count(1))
