"""Invoice service (FastAPI on uvicorn). GET /invoices/{number}.pdf renders the invoice with the
customer's logo from the asset store. Rendering is synchronous (requests + the PDF writer), so it
runs in Starlette's thread pool, with a render timeout so a slow render answers 504 instead of
tying up the request.
"""

import logging
import os

import anyio
import requests
from fastapi import FastAPI, HTTPException
from fastapi.responses import Response
from starlette.concurrency import run_in_threadpool

log = logging.getLogger("invoices")
ASSETS = os.environ.get("ASSET_STORE", "http://assets.internal:8080")
RENDER_TIMEOUT = 3.0
SLOW_REQUEST = 5.0


class SlowRequestLog:
    """ASGI middleware: warns about requests still running after SLOW_REQUEST seconds."""

    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        loop_time = anyio.current_time
        started = loop_time()
        done = anyio.Event()

        async def warn_if_slow():
            with anyio.move_on_after(SLOW_REQUEST):
                await done.wait()
            if not done.is_set():
                log.warning(
                    "slow request: %s %s still running after %.0fs",
                    scope["method"],
                    scope["path"],
                    loop_time() - started,
                )

        async with anyio.create_task_group() as tg:
            tg.start_soon(warn_if_slow)
            try:
                await self.app(scope, receive, send)
            finally:
                done.set()


app = FastAPI()
app.add_middleware(SlowRequestLog)


def fetch_logo(customer):
    response = requests.get(f"{ASSETS}/logos/{customer}.png")
    response.raise_for_status()
    return response.content


def render_invoice_pdf(number):
    customer = number.split("-")[0]
    logo = fetch_logo(customer)
    body = f"%PDF-1.4\n% invoice {number}, logo {len(logo)} bytes\n%%EOF\n"
    return body.encode()


@app.get("/invoices/{number}.pdf")
async def invoice_pdf(number: str):
    log.info("rendering invoice %s", number)
    try:
        with anyio.fail_after(RENDER_TIMEOUT):
            pdf = await run_in_threadpool(render_invoice_pdf, number)
    except TimeoutError:
        raise HTTPException(status_code=504, detail="invoice rendering timed out")
    return Response(pdf, media_type="application/pdf")


@app.get("/health")
async def health():
    return {"ok": True}


logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s %(message)s")
