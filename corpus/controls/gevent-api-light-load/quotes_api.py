"""Shipping quote API (gevent WSGI server, monkey-patched): GET /quote?from=..&to=..&kg=..
prices a parcel, calling the carrier-rates service for the zone table (cached for 2 s).

Usage: quotes_api.py PORT RATES_URL
"""

from gevent import monkey

monkey.patch_all()

import json  # noqa: E402
import logging  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402
import urllib.request  # noqa: E402
from urllib.parse import parse_qs  # noqa: E402

from gevent.pywsgi import WSGIServer  # noqa: E402

log = logging.getLogger("quotes")


class RateTable:
    def __init__(self, url, ttl=2.0):
        self.url = url
        self.ttl = ttl
        self._table = None
        self._fetched = 0.0

    def zones(self):
        if self._table is None or time.monotonic() - self._fetched > self.ttl:
            with urllib.request.urlopen(self.url, timeout=5) as response:
                self._table = json.load(response)
            self._fetched = time.monotonic()
        return self._table


def make_app(rates):
    served = {"count": 0}

    def app(environ, start_response):
        if environ["PATH_INFO"] != "/quote":
            start_response("404 Not Found", [("Content-Type", "text/plain")])
            return [b"not found\n"]
        query = parse_qs(environ.get("QUERY_STRING", ""))
        zone = rates.zones().get(f"{query['from'][0]}-{query['to'][0]}", {"base": 9.5, "per_kg": 1.2})
        price = zone["base"] + zone["per_kg"] * float(query["kg"][0])
        served["count"] += 1
        if served["count"] % 100 == 0:
            log.info("served %d quotes", served["count"])
        body = json.dumps({"price_eur": round(price, 2)}).encode()
        start_response("200 OK", [("Content-Type", "application/json"), ("Content-Length", str(len(body)))])
        return [body]

    return app


if __name__ == "__main__":
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(message)s")
    port, rates_url = int(sys.argv[1]), sys.argv[2]
    server = WSGIServer(("127.0.0.1", port), make_app(RateTable(rates_url)), log=None)
    log.info("quote api on port %d", port)
    server.serve_forever()
