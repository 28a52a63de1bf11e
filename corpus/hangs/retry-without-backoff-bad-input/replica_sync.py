"""Registers the replicas of a dataset with the catalogue. Registration goes over a flaky link, so
each call is retried on transient errors.

Usage: replica_sync.py MANIFEST
"""

import functools
import hashlib
import json
import logging
import sys
import threading
import time

log = logging.getLogger("replica-sync")


class TransientError(Exception):
    """The catalogue could not take the request right now; trying again may work."""


class ChecksumMismatch(TransientError):
    """The replica's bytes do not match the checksum declared for it (maybe still being written)."""


def retry(exceptions, tries=4, delay=0.0, backoff=2.0):
    def decorate(func):
        @functools.wraps(func)
        def wrapper(*args, **kwargs):
            mtries, mdelay = tries, delay
            while mtries > 1:
                try:
                    return func(*args, **kwargs)
                except exceptions as exc:
                    log.debug("%s: %s, retrying in %.1f s", func.__name__, exc, mdelay)
                    if mdelay:
                        time.sleep(mdelay)
                        mdelay *= backoff
            return func(*args, **kwargs)
        return wrapper
    return decorate


class Catalogue:
    def __init__(self):
        self.replicas = {}

    def add(self, scope, name, rse, adler):
        self.replicas[(scope, name, rse)] = adler


def checksum(content):
    return hashlib.sha256(content.encode()).hexdigest()[:8]


@retry(TransientError)
def register_replica(catalogue, replica):
    actual = checksum(replica["content"])
    if actual != replica["checksum"]:
        raise ChecksumMismatch(f"{replica['name']}: checksum {actual} != declared {replica['checksum']}")
    catalogue.add(replica["scope"], replica["name"], replica["rse"], actual)


def sync_dataset(manifest, catalogue):
    with open(manifest) as f:
        replicas = json.load(f)
    for n, replica in enumerate(replicas, start=1):
        register_replica(catalogue, replica)
        if n % 100 == 0:
            log.info("%d/%d replicas registered", n, len(replicas))
    log.info("dataset registered: %d replicas", len(replicas))


def main(argv):
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(threadName)s %(message)s")
    catalogue = Catalogue()
    log.info("registering replicas from %s", argv[0])
    worker = threading.Thread(target=sync_dataset, args=(argv[0], catalogue), name="replica-sync")
    worker.start()
    worker.join()


if __name__ == "__main__":
    main(sys.argv[1:])
