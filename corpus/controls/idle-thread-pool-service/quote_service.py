"""Shipping-quote service: a plain TCP line protocol (`QUOTE <from> <to> <kg>`), one request per
connection, answered by a pool of eight worker threads. The acceptor hands every connection to
the pool; idle workers wait for the next one.

Usage: quote_service.py PORT
"""

import logging
import socket
import sys
from concurrent.futures import ThreadPoolExecutor

log = logging.getLogger("quotes")
RATES = {("DE", "FR"): 4.2, ("DE", "US"): 19.5, ("FR", "US"): 18.0}


def quote(origin, destination, kilograms):
    rate = RATES.get((origin, destination)) or RATES.get((destination, origin)) or 25.0
    return round(rate + 1.1 * kilograms, 2)


def handle(conn):
    with conn:
        line = conn.makefile("r").readline().split()
        if len(line) == 4 and line[0] == "QUOTE":
            price = quote(line[1], line[2], float(line[3]))
            conn.sendall(f"OK {price}\n".encode())
            log.info("quoted %s -> %s %s kg: %.2f", line[1], line[2], line[3], price)
        else:
            conn.sendall(b"ERR expected QUOTE <from> <to> <kg>\n")


def serve(port):
    server = socket.create_server(("127.0.0.1", port))
    pool = ThreadPoolExecutor(max_workers=8, thread_name_prefix="quote-worker")
    log.info("listening on 127.0.0.1:%d", port)
    while True:
        conn, _ = server.accept()
        pool.submit(handle, conn)


def main(argv):
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(threadName)s %(message)s")
    serve(int(argv[0]))


if __name__ == "__main__":
    main(sys.argv[1:])
