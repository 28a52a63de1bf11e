"""A client whose worker thread recv()s, without a timeout, from a peer that never sends."""
import socket
import threading


def fetch_reply(sock):
    return sock.recv(4096)


def worker(port):
    sock = socket.create_connection(("127.0.0.1", port))
    sock.sendall(b"PING\n")
    fetch_reply(sock)


def main():
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(1)
    port = server.getsockname()[1]
    t = threading.Thread(target=worker, args=(port,), name="fetcher")
    t.start()
    peer, _ = server.accept()
    peer.recv(5)  # read the request, then never answer
    print("READY", flush=True)
    t.join()


if __name__ == "__main__":
    main()
