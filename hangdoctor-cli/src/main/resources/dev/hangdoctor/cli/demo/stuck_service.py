"""A small quote service that hangs the way real ones do.

It serves HTTP on 127.0.0.1 and fetches quotes from an "upstream" with a worker
pool.  The upstream accepts connections and reads nothing back to them, and the
workers call ``recv`` with no timeout, so every worker waits forever: requests
that need a quote never finish while the process looks perfectly healthy.

hangdoctor's demo starts this, inspects it and stops it.  Standard library only.
"""

import http.server
import socket
import sys
import threading

WORKERS = 4


def start_silent_upstream():
    """Accept connections, keep them open, never read or answer."""
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.bind(("127.0.0.1", 0))
    listener.listen(16)
    accepted = []
    all_accepted = threading.Event()

    def accept_forever():
        while True:
            connection, _ = listener.accept()
            accepted.append(connection)
            if len(accepted) >= WORKERS:
                all_accepted.set()

    threading.Thread(target=accept_forever, name="upstream", daemon=True).start()
    return listener.getsockname(), all_accepted


def fetch_quote(upstream_address, sent):
    connection = socket.create_connection(upstream_address)  # no timeout: the bug
    connection.sendall(b"GET /quote HTTP/1.0\r\n\r\n")
    sent.release()
    return connection.recv(4096)  # waits forever: the upstream never answers


class QuoteHandler(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        self.send_response(200 if self.path == "/health" else 503)
        self.end_headers()
        self.wfile.write(b"ok\n" if self.path == "/health" else b"all workers busy\n")

    def log_message(self, *args):
        pass


def main():
    upstream_address, all_accepted = start_silent_upstream()
    sent = threading.Semaphore(0)
    for number in range(WORKERS):
        threading.Thread(
            target=fetch_quote,
            args=(upstream_address, sent),
            name="quote-worker-%d" % number,
            daemon=True,
        ).start()
    for _ in range(WORKERS):
        sent.acquire()
    all_accepted.wait(10)
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), QuoteHandler)
    print("READY port=%d upstream_port=%d" % (server.server_address[1], upstream_address[1]), flush=True)
    server.serve_forever()


if __name__ == "__main__":
    sys.exit(main())
