"""Documentation link checker: checks every link of the docs site against the docs server with a
few worker threads sharing one urllib3 pool (capped at 4 connections per host so the check never
floods the server), and prints the broken ones.

Usage: link_checker.py BASE_URL LINKS_FILE
"""

import logging
import queue
import sys
import threading

import urllib3

log = logging.getLogger("linkcheck")
WORKERS = 6


class LinkChecker:
    def __init__(self, base_url):
        self.base_url = base_url.rstrip("/")
        self.http = urllib3.PoolManager(maxsize=4, block=True)
        self.broken = []
        self.todo = queue.Queue()

    def check_one(self, path):
        log.info("checking %s", path)
        response = self.http.request("HEAD", f"{self.base_url}{path}", preload_content=False, redirect=False)
        if response.status >= 400:
            self.broken.append((path, response.status))
            log.warning("broken link %s (%d)", path, response.status)
            return False
        response.release_conn()
        return True

    def worker(self):
        while True:
            path = self.todo.get()
            if path is None:
                return
            try:
                self.check_one(path)
            finally:
                self.todo.task_done()

    def run(self, paths):
        threads = [threading.Thread(target=self.worker, name=f"checker-{n}") for n in range(WORKERS)]
        for t in threads:
            t.start()
        for path in paths:
            self.todo.put(path)
        for _ in threads:
            self.todo.put(None)
        for t in threads:
            t.join()
        return self.broken


def main(base_url, links_file):
    with open(links_file) as f:
        paths = [line.strip() for line in f if line.strip()]
    log.info("checking %d links against %s", len(paths), base_url)
    broken = LinkChecker(base_url).run(paths)
    for path, status in broken:
        print(f"{status} {path}")
    return 1 if broken else 0


if __name__ == "__main__":
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(threadName)s %(message)s")
    sys.exit(main(sys.argv[1], sys.argv[2]))
