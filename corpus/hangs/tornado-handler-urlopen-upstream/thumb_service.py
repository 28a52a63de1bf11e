"""Thumbnail service: GET /thumb?src=URL fetches the original image from the asset store and
returns a downscaled JPEG. Tornado application; the asset store is an internal HTTP service.

Usage: thumb_service.py PORT ASSET_STORE_URL
"""

import hashlib
import logging
import sys
import urllib.parse
import urllib.request

import tornado.ioloop
import tornado.web

log = logging.getLogger("thumbs")
CACHE = {}


class AssetStore:
    def __init__(self, base_url):
        self.base_url = base_url.rstrip("/")

    def fetch(self, path):
        url = f"{self.base_url}/{urllib.parse.quote(path.lstrip('/'))}"
        with urllib.request.urlopen(url) as response:
            return response.read()


def downscale(data, width):
    digest = hashlib.sha1(data).hexdigest()
    return f"thumb:{width}:{digest}".encode()


class ThumbHandler(tornado.web.RequestHandler):
    def initialize(self, store):
        self.store = store

    def get(self):
        src = self.get_argument("src")
        width = int(self.get_argument("w", "240"))
        key = (src, width)
        if key not in CACHE:
            log.info("cache miss for %s at %dpx, fetching original", src, width)
            CACHE[key] = downscale(self.store.fetch(src), width)
        self.set_header("Content-Type", "image/jpeg")
        self.write(CACHE[key])


class HealthHandler(tornado.web.RequestHandler):
    def get(self):
        self.write({"ok": True, "cached": len(CACHE)})


def make_app(store):
    return tornado.web.Application([
        (r"/thumb", ThumbHandler, {"store": store}),
        (r"/health", HealthHandler),
    ])


if __name__ == "__main__":
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(message)s")
    port, store_url = int(sys.argv[1]), sys.argv[2]
    make_app(AssetStore(store_url)).listen(port, address="127.0.0.1")
    log.info("thumbnail service on port %d", port)
    tornado.ioloop.IOLoop.current().start()
