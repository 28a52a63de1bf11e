"""Builds the thumbnail gallery of a photo folder: every photo is decoded and scaled down in a pool
of worker processes, then the gallery index is written.

Usage: thumbnailer.py PHOTO_COUNT OUTPUT_DIR
"""

import hashlib
import json
import logging
import multiprocessing
import os
import sys

log = logging.getLogger("thumbnailer")


def setup_logging():
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(message)s")


def make_thumbnail(job):
    photo, output_dir = job
    log.info("worker %d: rendering %s", os.getpid(), photo)
    pixels = hashlib.sha256(photo.encode()).digest() * 4096
    for _ in range(300):
        pixels = hashlib.sha256(pixels).digest() * 4096
    path = os.path.join(output_dir, photo.replace(".jpg", ".thumb"))
    with open(path, "wb") as f:
        f.write(pixels[:2048])
    log.info("worker %d: rendered %s", os.getpid(), photo)
    return photo, path


def build_gallery(photos, output_dir):
    with multiprocessing.Pool(processes=4, initializer=setup_logging) as pool:
        thumbnails = pool.map(make_thumbnail, [(photo, output_dir) for photo in photos])
    with open(os.path.join(output_dir, "index.json"), "w") as f:
        json.dump(dict(thumbnails), f, indent=2)
    log.info("gallery of %d photos written", len(thumbnails))


def main(argv):
    setup_logging()
    count, output_dir = int(argv[0]), argv[1]
    os.makedirs(output_dir, exist_ok=True)
    photos = [f"IMG_{n:04d}.jpg" for n in range(count)]
    log.info("building gallery of %d photos", len(photos))
    build_gallery(photos, output_dir)


if __name__ == "__main__":
    main(sys.argv[1:])
