"""Billing API (FastAPI, run with `uvicorn billing_api:app --workers 2`). POST-free by design: the
dashboard polls GET /invoices/{id}/pdf-status, which asks the document renderer whether the PDF is
ready. The renderer's client library is synchronous.
"""

import os

import requests
from fastapi import FastAPI

RENDERER = os.environ.get("RENDERER_URL", "http://renderer.internal")

app = FastAPI()
session = requests.Session()


def render_status(invoice_id):
    response = session.get(f"{RENDERER}/v2/documents/invoice-{invoice_id}")
    response.raise_for_status()
    return response.json()


@app.get("/health")
async def health():
    return {"status": "ok", "pid": os.getpid()}


@app.get("/invoices/{invoice_id}/pdf-status")
async def pdf_status(invoice_id: int):
    status = render_status(invoice_id)
    return {"invoice": invoice_id, "ready": status.get("state") == "done"}
