"""Client for the packing-line scale: a listener thread reads weight frames from the scale's TCP
port and keeps the latest reading; close() stops it."""

import socket
import threading


class ScaleListener(threading.Thread):
    def __init__(self, sock):
        super().__init__(name="scale-listener")
        self.sock = sock
        self.latest_grams = None
        self._stop_requested = False

    def run(self):
        while not self._stop_requested:
            frame = self.sock.recv(64)
            if not frame:
                return
            self.latest_grams = int(frame.split(b"=")[1])


class ScaleClient:
    def __init__(self, transport):
        self.transport = transport
        self.state = "connected"
        self.listener = ScaleListener(transport)
        self.listener.start()

    def mark_disconnected(self):
        self.state = "disconnected"

    def close(self):
        if self.state == "disconnected":
            return
        self.listener._stop_requested = True
        self.transport.shutdown(socket.SHUT_RDWR)
        self.transport.close()
        self.listener.join()
        self.state = "closed"
