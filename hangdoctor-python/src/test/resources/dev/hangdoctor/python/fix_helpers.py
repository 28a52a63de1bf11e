"""The fix helpers on real blocking calls: each prints one line the test checks."""
import asyncio
import logging
import socket
import threading

from hangdoctor_guard import nonblocking_executor, run_blocking

logging.basicConfig(format="%(name)s %(levelname)s %(message)s")
backend = socket.create_server(("127.0.0.1", 0))  # accepts connections, never answers
connections = []


def fetch():
    connection = socket.create_connection(backend.getsockname())
    connections.append(connection)
    return connection.recv(10)  # no timeout, until the test closes the connection


with nonblocking_executor(2, thread_name_prefix="fetcher", join_timeout=1) as pool:
    pending = pool.submit(fetch)
    queued = [pool.submit(fetch) for _ in range(4)]  # more than the workers: some stay queued
print("left the block; queued work cancelled:", any(f.cancelled() for f in queued), flush=True)
for connection in list(connections):
    connection.shutdown(socket.SHUT_RDWR)  # lets the stuck workers return, so exit is prompt


async def main():
    stuck = threading.Event()
    try:
        await run_blocking(stuck.wait, timeout=1)
    except TimeoutError as e:
        print("run_blocking timed out:", e, flush=True)
    print("run_blocking returned", await run_blocking(sum, [40, 2], timeout=30), flush=True)
    try:
        await run_blocking(int, "not a number", timeout=30)
    except ValueError as e:
        print("run_blocking raised", type(e).__name__, flush=True)


asyncio.run(main())
print("done", flush=True)
