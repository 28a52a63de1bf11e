"""Catalog API (FastAPI on uvicorn). Product pages are enriched with live stock levels from the
warehouse system's HTTP API; the endpoints are plain `def` functions because the warehouse client
is synchronous, so FastAPI runs them in its worker thread pool.
"""

import logging
import os

import requests
from fastapi import FastAPI, HTTPException

log = logging.getLogger("catalog")
WAREHOUSE_URL = os.environ.get("WAREHOUSE_URL", "http://warehouse.internal")
PRODUCTS = {f"sku-{n}": {"sku": f"sku-{n}", "name": f"Product {n}"} for n in range(1000)}

app = FastAPI(title="catalog")
warehouse = requests.Session()


def stock_level(sku):
    response = warehouse.get(f"{WAREHOUSE_URL}/stock/{sku}")
    response.raise_for_status()
    return response.json()["available"]


@app.get("/products/{sku}")
def product_page(sku: str):
    product = PRODUCTS.get(sku)
    if product is None:
        raise HTTPException(status_code=404)
    log.info("loading stock for %s", sku)
    return {**product, "available": stock_level(sku)}


@app.get("/health")
def health():
    return {"ok": True, "products": len(PRODUCTS)}
