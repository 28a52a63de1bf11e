import socket
import sys


def fetch(port):
    conn = socket.create_connection(("127.0.0.1", port))
    conn.sendall(b"GET /price\n")
    return conn.recv(4096)


if __name__ == "__main__":
    print("fetching", flush=True)
    print(fetch(int(sys.argv[1])))
