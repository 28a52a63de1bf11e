"""Price board: subscribes to the exchange gateway's quote feed (one "SYMBOL BID ASK" line per
quote), keeps the latest quote per symbol, and renders the board for the trading floor screens
every second.

Usage: price_board.py FEED_HOST:PORT
"""

import logging
import socket
import sys
import threading
import time
from decimal import Decimal

log = logging.getLogger("price-board")


class QuoteBook:
    def __init__(self):
        self.quotes = {}
        self.lock = threading.Lock()

    def update(self, symbol, bid, ask):
        with self.lock:
            self.quotes[symbol] = (bid, ask)

    def snapshot(self):
        with self.lock:
            return dict(self.quotes)


class FeedReader(threading.Thread):
    def __init__(self, sock, book):
        super().__init__(name="feed-reader", daemon=True)
        self.sock = sock
        self.book = book

    def run(self):
        buffer = b""
        while True:
            chunk = self.sock.recv(4096)
            if not chunk:
                log.warning("feed closed")
                return
            buffer += chunk
            *lines, buffer = buffer.split(b"\n")
            for line in lines:
                symbol, bid, ask = line.decode().split()
                self.book.update(symbol, Decimal(bid), Decimal(ask))


def render(book):
    quotes = book.snapshot()
    return " | ".join(f"{s} {b}/{a}" for s, (b, a) in sorted(quotes.items()))


def main(address):
    host, port = address.rsplit(":", 1)
    sock = socket.create_connection((host, int(port)))
    sock.sendall(b"SUBSCRIBE ALL\n")
    book = QuoteBook()
    FeedReader(sock, book).start()
    log.info("subscribed to %s", address)
    while True:
        board = render(book)
        log.debug("board: %s", board)
        time.sleep(1.0)


if __name__ == "__main__":
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(message)s")
    main(sys.argv[1])
