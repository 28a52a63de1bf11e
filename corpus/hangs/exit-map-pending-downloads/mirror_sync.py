"""Mirror the simple-index pages of a few packages from the internal package mirror.

Usage: mirror_sync.py MIRROR_URL OUTPUT_DIR PACKAGE...
Fetches every page in parallel and writes them under OUTPUT_DIR with a manifest.
"""

import hashlib
import json
import logging
import os
import sys
import urllib.request
from concurrent.futures import ThreadPoolExecutor

log = logging.getLogger("mirror-sync")
pool = ThreadPoolExecutor(max_workers=4, thread_name_prefix="fetch")


def fetch_page(url):
    with urllib.request.urlopen(url) as response:
        return response.read()


def sync(mirror, output_dir, packages):
    urls = [f"{mirror}/simple/{name}/" for name in packages]
    pages = pool.map(fetch_page, urls)
    manifest_path = os.path.join(output_dir, "manifest.json")
    with open(manifest_path, "w") as manifest_file:
        manifest = {}
        for name, page in zip(packages, pages):
            path = os.path.join(output_dir, f"{name}.html")
            with open(path, "wb") as f:
                f.write(page)
            manifest[name] = hashlib.sha256(page).hexdigest()
        json.dump(manifest, manifest_file, indent=2)
    log.info("mirrored %d packages into %s", len(manifest), output_dir)


def main(argv):
    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(message)s")
    mirror, output_dir, *packages = argv
    log.info("syncing %d packages from %s", len(packages), mirror)
    sync(mirror, output_dir, packages)


if __name__ == "__main__":
    main(sys.argv[1:])
