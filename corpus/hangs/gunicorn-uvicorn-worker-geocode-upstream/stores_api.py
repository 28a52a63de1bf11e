"""Store locator API (FastAPI, served by gunicorn with uvicorn workers). GET /stores/near?address=…
geocodes the address with the maps provider and returns the closest stores. Responses are cached
per address, so the endpoint is async; the provider's SDK is synchronous.
"""

import json
import logging
import os
import urllib.parse
import urllib.request

from fastapi import FastAPI

log = logging.getLogger("stores")
GEOCODER = os.environ.get("GEOCODER_URL", "http://geocoder.internal")
STORES = [
    {"id": "S-014", "lat": 52.52, "lon": 13.40},
    {"id": "S-027", "lat": 48.14, "lon": 11.58},
]
_cache = {}

app = FastAPI()


def geocode(address):
    query = urllib.parse.urlencode({"q": address})
    with urllib.request.urlopen(f"{GEOCODER}/v1/geocode?{query}") as response:
        return json.loads(response.read())


@app.get("/health")
async def health():
    return {"status": "ok"}


@app.get("/stores/near")
async def stores_near(address: str):
    if address not in _cache:
        _cache[address] = geocode(address)
    point = _cache[address]
    ranked = sorted(STORES, key=lambda s: (s["lat"] - point["lat"]) ** 2 + (s["lon"] - point["lon"]) ** 2)
    return {"address": address, "stores": ranked[:5]}
