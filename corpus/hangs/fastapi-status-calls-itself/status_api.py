"""Inventory API: a small FastAPI service in front of the warehouse database.

Run with: uvicorn status_api:app --port PORT
/status reports the service's own version and build, the way the ops dashboard expects it.
"""

import logging
import os
import platform

import requests
from fastapi import FastAPI

log = logging.getLogger("inventory.status")
SELF_URL = os.environ.get("INVENTORY_SELF_URL", "http://127.0.0.1:8000")
BUILD = {"version": "2.14.1", "commit": "9f3c2e1"}

app = FastAPI(title="inventory")


@app.get("/")
async def root():
    return {"service": "inventory", "ok": True}


@app.get("/version")
async def version():
    return BUILD


def fetch_version_info():
    log.info("reading version info from %s/version", SELF_URL)
    response = requests.get(f"{SELF_URL}/version")
    response.raise_for_status()
    return response.json()


@app.get("/status")
async def service_status():
    info = fetch_version_info()
    return {
        "service": "inventory",
        "version": info["version"],
        "commit": info["commit"],
        "python": platform.python_version(),
    }


@app.on_event("startup")
async def announce():
    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s %(message)s")
    log.info("inventory api ready")
