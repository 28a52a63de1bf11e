"""Shipping desk service (Starlette on uvicorn, asyncio loop). POST /parcels/{id}/label renders a
shipping label and sends it to the warehouse label printer over raw TCP (port 9100 style);
the printer driver is blocking, so the send runs in a worker thread via asyncio.to_thread.
"""

import asyncio
import logging
import os
import socket

from starlette.applications import Starlette
from starlette.responses import JSONResponse
from starlette.routing import Route

log = logging.getLogger("shipping")
PRINTER = os.environ.get("LABEL_PRINTER", "printer-3.warehouse:9100")


class LabelPrinter:
    def __init__(self, address):
        host, port = address.rsplit(":", 1)
        self.address = (host, int(port))

    def print_label(self, zpl):
        with socket.create_connection(self.address) as conn:
            conn.sendall(zpl.encode())
            conn.sendall(b"~HS")
            status = conn.recv(128)
        return status.decode(errors="replace")


printer = LabelPrinter(PRINTER)


def render_label(parcel_id):
    return f"^XA^FO50,50^BCN,100^FD{parcel_id}^FS^XZ"


async def print_parcel_label(request):
    parcel_id = request.path_params["parcel_id"]
    log.info("printing label for %s", parcel_id)
    status = await asyncio.to_thread(printer.print_label, render_label(parcel_id))
    return JSONResponse({"parcel": parcel_id, "printer_status": status})


async def health(request):
    return JSONResponse({"ok": True})


logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s %(message)s")
app = Starlette(routes=[
    Route("/parcels/{parcel_id}/label", print_parcel_label, methods=["POST"]),
    Route("/health", health),
])
