"""activate: registers this workstation's seat with the site licence server and writes the
licence file the CAD suite reads at start-up.

Usage: activate.py LICENSE_HOST:PORT SEAT_NAME
"""

import hashlib
import json
import socket
import sys

PROTOCOL = b"LIC/1"


def request_seat(address, seat):
    host, port = address.rsplit(":", 1)
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.connect((host, int(port)))
    try:
        sock.sendall(PROTOCOL + b" SEAT " + seat.encode() + b"\n")
        reply = b""
        while not reply.endswith(b"\n"):
            chunk = sock.recv(1024)
            if not chunk:
                raise ConnectionError("licence server closed the connection")
            reply += chunk
        return json.loads(reply)
    finally:
        sock.close()


def write_license(grant, path="cad-license.json"):
    grant["checksum"] = hashlib.sha256(json.dumps(grant, sort_keys=True).encode()).hexdigest()
    with open(path, "w") as f:
        json.dump(grant, f, indent=2)
    return path


def main(argv):
    address, seat = argv
    print(f"requesting seat {seat} from {address} ...", flush=True)
    grant = request_seat(address, seat)
    print(f"licence written to {write_license(grant)}")


if __name__ == "__main__":
    main(sys.argv[1:])
