"""Renders the daily digest e-mails into the outbox. The templates come from the config service and
are kept fresh by a background thread; each batch of recipients is rendered in a forked worker so
that a template bug in one batch cannot take the whole run down.

Usage: digest_mailer.py CONFIG_URL OUTBOX_DIR
"""

import json
import logging
import os
import string
import sys
import threading
import urllib.request

log = logging.getLogger("digest")
BATCH_SIZE = 5


class TemplateCache:
    def __init__(self, config_url):
        self.config_url = config_url
        self._lock = threading.Lock()
        self._templates = {}
        self._revision = 0

    def _fetch(self, since):
        url = f"{self.config_url}/templates?since={since}" if since else f"{self.config_url}/templates"
        with urllib.request.urlopen(url) as response:
            return json.load(response)

    def load(self):
        with self._lock:
            payload = self._fetch(None)
            self._templates = payload["templates"]
            self._revision = payload["revision"]

    def refresh(self):
        with self._lock:
            payload = self._fetch(self._revision)
            self._templates.update(payload["templates"])
            self._revision = payload["revision"]

    def get(self, name):
        with self._lock:
            return string.Template(self._templates[name])


def refresh_forever(cache, stop):
    while True:
        try:
            cache.refresh()
        except OSError as exc:
            log.warning("template refresh failed: %s", exc)
        if stop.wait(30):
            return


def render_batch(cache, outbox, batch):
    template = cache.get("digest")
    for user in batch:
        body = template.safe_substitute(name=user["name"], count=user["unread"])
        with open(os.path.join(outbox, f"{user['id']}.eml"), "w") as f:
            f.write(body)


def run_digest(cache, outbox, users):
    for start in range(0, len(users), BATCH_SIZE):
        batch = users[start:start + BATCH_SIZE]
        pid = os.fork()
        if pid == 0:
            try:
                render_batch(cache, outbox, batch)
            finally:
                os._exit(0)
        _, status = os.waitpid(pid, 0)
        if os.waitstatus_to_exitcode(status) != 0:
            log.error("batch starting at %d failed", start)
    log.info("digest rendered for %d users", len(users))


def main(argv):
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(process)d %(message)s")
    config_url, outbox = argv
    os.makedirs(outbox, exist_ok=True)
    cache = TemplateCache(config_url)
    cache.load()
    stop = threading.Event()
    threading.Thread(target=refresh_forever, args=(cache, stop), name="template-refresh", daemon=True).start()
    users = [{"id": n, "name": f"user{n}", "unread": n % 17} for n in range(5000)]
    log.info("rendering digest for %d users", len(users))
    run_digest(cache, outbox, users)
    stop.set()


if __name__ == "__main__":
    main(sys.argv[1:])
