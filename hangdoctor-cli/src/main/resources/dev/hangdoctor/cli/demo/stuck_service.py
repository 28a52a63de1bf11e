"""A small asyncio price service that hangs the way real ones do.

GET /health answers "ok".  GET /prices streams one line per product: the prices come from an
inventory backend, looked up on a thread pool because the backend client is a blocking socket
client.  Each lookup has a deadline; when the backend is too slow the stream gives up.

The bug: the stream's thread pool lives in a ``with ThreadPoolExecutor()`` block inside the
async generator.  Giving up raises out of that block, and ``ThreadPoolExecutor.__exit__``
calls ``shutdown(wait=True)``, which joins the worker threads -- on the event loop thread.  The
workers sit in ``recv()`` without a timeout, so the join never returns and the whole service,
/health included, stops answering.

The inventory backend here is a stand-in that accepts connections and never answers (a backend
that stalls).  hangdoctor's demo starts this script, requests /prices, shows /health timing out
and diagnoses it.  Standard library only, CPython 3.8 or later.
"""

import asyncio
import logging
import socket
import sys
import threading
from concurrent.futures import ThreadPoolExecutor

PRODUCTS = ["apple", "bread", "cheese", "dates"]
LOOKUP_DEADLINE_SECONDS = 1.0

log = logging.getLogger("prices")


def start_inventory_backend():
    """A backend that reads each request, keeps the connection open and never answers."""
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.bind(("127.0.0.1", 0))
    listener.listen(16)
    connections = []

    def accept_forever():
        while True:
            connection, _ = listener.accept()
            connection.recv(4096)
            connections.append(connection)

    threading.Thread(target=accept_forever, name="inventory-backend", daemon=True).start()
    return listener.getsockname()


def lookup_price(backend_address, product):
    """The blocking backend client: one request, one reply line."""
    connection = socket.create_connection(backend_address)  # no timeout
    connection.sendall(b"PRICE " + product.encode() + b"\n")
    return connection.recv(4096).decode().strip()


async def price_lines(backend_address):
    loop = asyncio.get_running_loop()
    with ThreadPoolExecutor(max_workers=4, thread_name_prefix="price-lookup") as pool:  # hangs here
        lookups = [
            loop.run_in_executor(pool, lookup_price, backend_address, product)
            for product in PRODUCTS
        ]
        for product, lookup in zip(PRODUCTS, lookups):
            try:
                price = await asyncio.wait_for(lookup, LOOKUP_DEADLINE_SECONDS)
            except asyncio.TimeoutError:
                log.warning("price of %s: backend too slow, giving up the stream", product)
                raise
            yield "%s %s\n" % (product, price)


async def read_request(reader):
    request_line = (await reader.readline()).decode("latin-1").split()
    while (await reader.readline()) not in (b"\r\n", b"\n", b""):
        pass
    return request_line[1] if len(request_line) >= 2 else None


async def handle(reader, writer, backend_address):
    try:
        path = await read_request(reader)
        if path == "/health":
            writer.write(b"HTTP/1.1 200 OK\r\nContent-Length: 3\r\nConnection: close\r\n\r\nok\n")
        elif path == "/prices":
            writer.write(
                b"HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n"
                b"Transfer-Encoding: chunked\r\nConnection: close\r\n\r\n"
            )
            await writer.drain()
            async for line in price_lines(backend_address):
                chunk = line.encode()
                writer.write(b"%x\r\n%s\r\n" % (len(chunk), chunk))
                await writer.drain()
            writer.write(b"0\r\n\r\n")
        else:
            writer.write(b"HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")
        await writer.drain()
    except (asyncio.TimeoutError, ConnectionError) as error:
        log.warning("request failed: %r", error)
    finally:
        writer.close()


async def serve():
    backend_address = start_inventory_backend()
    server = await asyncio.start_server(
        lambda reader, writer: handle(reader, writer, backend_address), "127.0.0.1", 0
    )
    port = server.sockets[0].getsockname()[1]
    print("READY port=%d backend_port=%d" % (port, backend_address[1]), flush=True)
    async with server:
        await server.serve_forever()


def main():
    logging.basicConfig(stream=sys.stdout, level=logging.INFO, format="%(levelname)s %(message)s")
    asyncio.run(serve())


if __name__ == "__main__":
    main()
