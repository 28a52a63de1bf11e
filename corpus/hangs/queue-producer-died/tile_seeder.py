"""Re-renders the map tiles that the last database update made stale, so the tile server serves
fresh tiles: an enqueuer thread reads the expiry list written by the importer, render threads draw
the tiles, and the main thread collects the results and writes the seeding report.

Usage: tile_seeder.py EXPIRY_LIST OUTPUT_DIR
"""

import logging
import os
import queue
import sys
import threading

log = logging.getLogger("seeder")


class Enqueuer(threading.Thread):
    """Feeds the z/x/y lines of the expiry list to the render threads."""

    def __init__(self, expiry_list, jobs):
        super().__init__(name="enqueuer", daemon=True)
        self.expiry_list = expiry_list
        self.jobs = jobs
        self.count = 0

    def run(self):
        with open(self.expiry_list) as f:
            for line in f:
                if not line.strip():
                    continue
                z, x, y = (int(part) for part in line.strip().split("/"))
                self.jobs.put((z, x, y))
                self.count += 1
        log.info("enqueued %d tiles", self.count)


def render_worker(jobs, results, output_dir):
    while True:
        z, x, y = jobs.get()
        path = os.path.join(output_dir, f"{z}-{x}-{y}.png")
        with open(path, "wb") as f:
            f.write(bytes(((x * 31 + y * 17 + z) % 256,)) * 512)
        results.put((z, x, y, path))


def count_tiles(expiry_list):
    with open(expiry_list) as f:
        return sum(1 for line in f if line.strip())


def seed(expiry_list, output_dir):
    jobs, results = queue.Queue(maxsize=256), queue.Queue()
    Enqueuer(expiry_list, jobs).start()
    for n in range(4):
        threading.Thread(target=render_worker, args=(jobs, results, output_dir), name=f"render-{n}",
                         daemon=True).start()
    total = count_tiles(expiry_list)
    log.info("re-rendering %d expired tiles", total)
    rendered = []
    while len(rendered) < total:
        rendered.append(results.get())
        if len(rendered) % 500 == 0:
            log.info("%d/%d tiles rendered", len(rendered), total)
    return rendered


def main(argv):
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(threadName)s %(message)s")
    expiry_list, output_dir = argv
    os.makedirs(output_dir, exist_ok=True)
    rendered = seed(expiry_list, output_dir)
    with open(os.path.join(output_dir, "seed-report.txt"), "w") as f:
        f.write(f"{len(rendered)} tiles\n")
    log.info("done: %d tiles", len(rendered))


if __name__ == "__main__":
    main(sys.argv[1:])
