"""Directory sync: mirrors the HR directory's people records into the chat service every few
minutes. The directory client library is synchronous, so each sync runs in a worker thread
(anyio.to_thread.run_sync) with a deadline around it. Runs on anyio's trio backend.

Usage: directory_sync.py DIRECTORY_HOST:PORT
"""

import logging
import socket
import sys

import anyio

log = logging.getLogger("directory-sync")
SYNC_DEADLINE = 3.0
SYNC_INTERVAL = 300.0


class DirectoryClient:
    """Minimal client for the directory's line protocol: 'SEARCH <filter>' -> records, then 'END'."""

    def __init__(self, address):
        host, port = address.rsplit(":", 1)
        self.address = (host, int(port))

    def search(self, query):
        with socket.create_connection(self.address) as conn:
            conn.sendall(f"SEARCH {query}\n".encode())
            records, buffer = [], b""
            while not buffer.endswith(b"END\n"):
                chunk = conn.recv(65536)
                if not chunk:
                    break
                buffer += chunk
            for line in buffer.decode().splitlines():
                if line != "END":
                    records.append(line)
            return records


def sync_people(client):
    people = client.search("(objectClass=person)")
    log.info("fetched %d people", len(people))
    return people


class SyncState:
    def __init__(self):
        self.started = None


async def report_progress(state):
    while True:
        await anyio.sleep(1.0)
        if state.started is None:
            continue
        elapsed = anyio.current_time() - state.started
        if elapsed > SYNC_DEADLINE:
            log.warning("directory sync running for %.0fs (deadline %.0fs)", elapsed, SYNC_DEADLINE)


async def sync_once(client, state):
    state.started = anyio.current_time()
    with anyio.move_on_after(SYNC_DEADLINE) as scope:
        await anyio.to_thread.run_sync(sync_people, client)
    state.started = None
    if scope.cancelled_caught:
        log.warning("directory sync timed out")


async def sync_forever(client, state):
    while True:
        await sync_once(client, state)
        await anyio.sleep(SYNC_INTERVAL)


async def main(address):
    client = DirectoryClient(address)
    state = SyncState()
    log.info("syncing directory %s every %.0fs", address, SYNC_INTERVAL)
    async with anyio.create_task_group() as tg:
        tg.start_soon(report_progress, state)
        tg.start_soon(sync_forever, client, state)


if __name__ == "__main__":
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(message)s")
    anyio.run(main, sys.argv[1], backend="trio")
