"""Reporting service (Starlette on uvicorn). GET /reports/{account}/export renders each section of
the monthly report in a small thread pool (the chart renderer and the ledger client are blocking
libraries) and returns the assembled document, or 504 when rendering takes too long.
"""

import asyncio
import logging
import os
import urllib.request
from concurrent.futures import ThreadPoolExecutor

from starlette.applications import Starlette
from starlette.responses import JSONResponse
from starlette.routing import Route

log = logging.getLogger("reports")
CHART_SERVICE = os.environ.get("CHART_SERVICE_URL", "http://charts.internal")
SECTIONS = ("summary", "ledger", "charts", "forecast")
EXPORT_TIMEOUT = 3.0


def render_section(account, section):
    if section == "charts":
        with urllib.request.urlopen(f"{CHART_SERVICE}/render?account={account}") as response:
            return response.read().decode()
    return f"<section id='{section}'>{section} for {account}</section>"


async def export_report(request):
    account = request.path_params["account"]
    loop = asyncio.get_running_loop()
    with ThreadPoolExecutor(max_workers=len(SECTIONS), thread_name_prefix="render") as pool:
        jobs = [loop.run_in_executor(pool, render_section, account, s) for s in SECTIONS]
        try:
            parts = await asyncio.wait_for(asyncio.gather(*jobs), timeout=EXPORT_TIMEOUT)
        except asyncio.TimeoutError:
            log.warning("export for %s timed out after %.0fs", account, EXPORT_TIMEOUT)
            return JSONResponse({"error": "report rendering timed out"}, status_code=504)
    return JSONResponse({"account": account, "document": "".join(parts)})


async def health(request):
    return JSONResponse({"ok": True})


logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s %(message)s")
app = Starlette(routes=[
    Route("/reports/{account}/export", export_report),
    Route("/health", health),
])
