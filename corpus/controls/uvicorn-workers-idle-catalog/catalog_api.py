"""Product catalog API (FastAPI, run with `uvicorn catalog_api:app --workers 2`). Reads are served
from an in-memory snapshot that a background task refreshes every few seconds."""

import asyncio
import os
import time

from fastapi import FastAPI

app = FastAPI()
snapshot = {"loaded_at": 0.0, "products": {}}


async def refresh_snapshot():
    while True:
        snapshot["products"] = {f"SKU-{n:04d}": {"price": 100 + n} for n in range(200)}
        snapshot["loaded_at"] = time.time()
        await asyncio.sleep(5)


@app.on_event("startup")
async def start_refresh():
    asyncio.get_running_loop().create_task(refresh_snapshot())


@app.get("/health")
async def health():
    return {"status": "ok", "pid": os.getpid(), "age": time.time() - snapshot["loaded_at"]}


@app.get("/products/{sku}")
async def product(sku: str):
    return snapshot["products"].get(sku, {})
