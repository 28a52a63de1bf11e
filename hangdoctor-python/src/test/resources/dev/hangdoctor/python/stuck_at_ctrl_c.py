"""An application whose Ctrl+C hangs: leaving the with-block joins a worker stuck in recv()."""
import socket
import sys
import time
from concurrent.futures import ThreadPoolExecutor

import hangdoctor_guard

hangdoctor_guard.install(exit_timeout=float(sys.argv[1]))
backend = socket.create_server(("127.0.0.1", 0))  # accepts connections, never answers


def fetch_prices():
    connection = socket.create_connection(backend.getsockname())
    connection.sendall(b"GET /prices\n")
    return connection.recv(4096)  # no timeout


with ThreadPoolExecutor(thread_name_prefix="fetcher") as pool:
    pool.submit(fetch_prices)
    print("ready", flush=True)
    while True:
        time.sleep(0.1)
