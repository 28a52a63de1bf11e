"""Fetches one quote from the quote service and prints it."""

import socket
import sys


def fetch_quote(port):
    conn = socket.create_connection(("127.0.0.1", port))
    conn.sendall(b"GET EUR\n")
    return conn.recv(4096)  # hangs here


if __name__ == "__main__":
    print(fetch_quote(int(sys.argv[1])).decode())
