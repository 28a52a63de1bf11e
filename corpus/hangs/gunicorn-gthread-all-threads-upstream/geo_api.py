"""Geo lookup API: a plain WSGI app behind gunicorn (gthread workers). GET /geo?ip=A.B.C.D asks
the vendor's geolocation service and caches the answer.

Run with: gunicorn -c gunicorn.conf.py geo_api:app
"""

import http.client
import json
import logging
import os
from urllib.parse import parse_qs

log = logging.getLogger("geo")
VENDOR = os.environ.get("GEO_VENDOR", "geo.vendor.example:80")
cache = {}


def vendor_lookup(ip):
    host, port = VENDOR.rsplit(":", 1)
    conn = http.client.HTTPConnection(host, int(port))
    try:
        conn.request("GET", f"/v2/lookup/{ip}", headers={"Accept": "application/json"})
        response = conn.getresponse()
        return json.loads(response.read())
    finally:
        conn.close()


def app(environ, start_response):
    if environ["PATH_INFO"] == "/health":
        start_response("200 OK", [("Content-Type", "application/json")])
        return [b'{"ok": true}']
    ip = parse_qs(environ.get("QUERY_STRING", "")).get("ip", [""])[0]
    if ip not in cache:
        log.warning("cache miss for %s", ip)
        cache[ip] = vendor_lookup(ip)
    body = json.dumps(cache[ip]).encode()
    start_response("200 OK", [("Content-Type", "application/json"), ("Content-Length", str(len(body)))])
    return [body]
