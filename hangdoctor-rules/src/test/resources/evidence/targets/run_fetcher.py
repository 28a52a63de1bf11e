"""Runs the quote fetcher as a subprocess against a quote service that accepts and never answers."""

import os
import socket
import subprocess
import sys

FETCHER = os.path.join(os.path.dirname(os.path.abspath(__file__)), "fetch_quote.py")


def main():
    service = socket.create_server(("127.0.0.1", 0))
    port = service.getsockname()[1]
    print(f"READY port={port}", flush=True)
    result = subprocess.run(  # hangs here
        [sys.executable, FETCHER, str(port)], capture_output=True, text=True
    )
    print(result.stdout)


if __name__ == "__main__":
    main()
