"""Search indexer: rebuilds the product search index in a worker thread (the tokenizer is plain
Python) under a generous deadline, and warms its caches at start-up with short time limits: a
warm-up that misses its limit is skipped (or, for the dictionary, left to finish in the
background). Runs on anyio's default backend.

Usage: search_indexer.py DOCUMENT_COUNT
"""

import hashlib
import logging
import sys
import time

import anyio

log = logging.getLogger("indexer")
REINDEX_DEADLINE = 3600.0
WARMUP_LIMIT = 0.5
HOUSEKEEPING_BUDGET = 0.5


def tokenize(text):
    return [word.strip(".,;:").lower() for word in text.split() if len(word) > 2]


def rebuild_index(count):
    index = {}
    for doc_id in range(count):
        text = f"stainless kettle k{doc_id % 997} litre cordless model m{doc_id % 4093}"
        for token in tokenize(text):
            index[token] = index.get(token, 0) + 1
        if doc_id % 200_000 == 0:
            log.info("indexed %d of %d documents", doc_id, count)
    return index


def load_dictionary():
    words = [hashlib.sha1(str(i).encode()).hexdigest()[:8] for i in range(50_000)]
    time.sleep(1.5)
    log.info("spelling dictionary loaded (%d words)", len(words))
    return set(words)


def warm_price_cache():
    time.sleep(1.5)
    log.info("price cache warmed")
    return {}


def write_checkpoint(rounds):
    digest = hashlib.sha256()
    block = bytes(256 * 1024)
    for n in range(rounds):
        digest.update(block)
        time.sleep(0.05)
        if n == 20:
            log.info("checkpoint being written")
    log.info("checkpoint written: %s", digest.hexdigest()[:12])


async def prune_sessions():
    for _ in range(20):
        await anyio.sleep(0.1)
    log.info("sessions pruned")


async def housekeeping():
    with anyio.move_on_after(HOUSEKEEPING_BUDGET):
        await prune_sessions()
    with anyio.CancelScope(shield=True):
        await anyio.to_thread.run_sync(write_checkpoint, 1_000_000)


async def reindex(count):
    with anyio.fail_after(REINDEX_DEADLINE):
        index = await anyio.to_thread.run_sync(rebuild_index, count)
    log.info("index rebuilt: %d terms", len(index))


async def warm_up():
    async with anyio.create_task_group() as tg:
        tg.start_soon(warm_dictionary)
        tg.start_soon(warm_prices)


async def warm_dictionary():
    with anyio.move_on_after(WARMUP_LIMIT):
        await anyio.to_thread.run_sync(load_dictionary, abandon_on_cancel=True)
        return
    log.info("dictionary warm-up over its limit; it finishes in the background")


async def warm_prices():
    with anyio.move_on_after(WARMUP_LIMIT) as scope:
        await anyio.to_thread.run_sync(warm_price_cache)
    if scope.cancelled_caught:
        log.info("price cache warm-up went over its limit")


async def main(count):
    log.info("indexer starting: %d documents", count)
    async with anyio.create_task_group() as tg:
        tg.start_soon(reindex, count)
        await anyio.sleep(0.2)
        await warm_up()
        log.info("warm-up done")
        tg.start_soon(housekeeping)


if __name__ == "__main__":
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(message)s")
    anyio.run(main, int(sys.argv[1]))
