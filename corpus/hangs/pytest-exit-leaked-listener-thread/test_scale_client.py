import socket

from scale_client import ScaleClient


class ScaleSimulator:
    """Stands in for the scale on the packing line: hands out connected sockets and keeps its ends."""

    def __init__(self):
        self.peers = []

    def connect(self):
        ours, scale_side = socket.socketpair()
        self.peers.append(scale_side)
        return ours

    def send_weight(self, grams):
        self.peers[-1].sendall(f"W={grams}".encode())


SIMULATOR = ScaleSimulator()


def test_reads_latest_weight():
    client = ScaleClient(SIMULATOR.connect())
    SIMULATOR.send_weight(1250)
    client.listener.join(0.5)
    assert client.listener.latest_grams == 1250
    client.close()


def test_close_after_disconnect_is_quiet():
    client = ScaleClient(SIMULATOR.connect())
    client.mark_disconnected()
    client.close()
    assert client.state == "disconnected"
