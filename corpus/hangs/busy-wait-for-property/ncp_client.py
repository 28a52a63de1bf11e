"""Talks to the radio co-processor of a Thread border router over its TCP serial bridge: resets it
and waits for its reset status before starting the sniffer.

Usage: ncp_client.py BRIDGE_HOST BRIDGE_PORT
"""

import logging
import socket
import struct
import sys
import threading

log = logging.getLogger("ncp")

PROP_LAST_STATUS = 0
PROP_STREAM_RAW = 113
CMD_RESET = 1
CMD_PROP_VALUE_IS = 6


class NcpClient:
    def __init__(self, host, port):
        self.sock = socket.create_connection((host, port))
        self._lock = threading.Lock()
        self._frames = []
        self._tid = 0
        self._reader = threading.Thread(target=self._read_frames, name="ncp-reader", daemon=True)
        self._reader.start()

    def _read_frames(self):
        buffer = b""
        while True:
            data = self.sock.recv(4096)
            if not data:
                log.warning("bridge closed the connection")
                return
            buffer += data
            while len(buffer) >= 4:
                tid, command, prop, length = struct.unpack("!BBBB", buffer[:4])
                if len(buffer) < 4 + length:
                    break
                with self._lock:
                    self._frames.append((tid, command, prop, buffer[4:4 + length]))
                buffer = buffer[4 + length:]

    def send(self, command, prop=0, payload=b""):
        self._tid = (self._tid + 1) % 16
        self.sock.sendall(struct.pack("!BBBB", self._tid, command, prop, len(payload)) + payload)
        return self._tid

    def wait_for_prop(self, prop, tid):
        while True:
            with self._lock:
                for n, frame in enumerate(self._frames):
                    if frame[0] == tid and frame[1] == CMD_PROP_VALUE_IS and frame[2] == prop:
                        del self._frames[n]
                        return frame[3]


def reset_device(client):
    log.info("resetting the co-processor")
    tid = client.send(CMD_RESET)
    status = client.wait_for_prop(PROP_LAST_STATUS, tid)
    log.info("co-processor reset, status %r", status)


def main(argv):
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(threadName)s %(message)s")
    client = NcpClient(argv[0], int(argv[1]))
    reset_device(client)
    log.info("starting sniffer on channel 15")


if __name__ == "__main__":
    main(sys.argv[1:])
