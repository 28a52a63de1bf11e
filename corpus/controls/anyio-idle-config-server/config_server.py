"""Feature-flag server (anyio, asyncio backend): services keep a TCP connection open and send
"GET <flag>" lines; the server answers with the flag's value. Flags rarely change and clients
ask rarely, so connections sit idle.

Usage: config_server.py PORT
"""

import logging
import sys

import anyio
import anyio.abc
from anyio.streams.buffered import BufferedByteReceiveStream

log = logging.getLogger("flags")
FLAGS = {"checkout.v2": "on", "search.fuzzy": "off", "banner.xmas": "off"}


async def handle(client):
    async with client:
        reader = BufferedByteReceiveStream(client)
        peer = client.extra(anyio.abc.SocketAttribute.remote_address)
        log.info("client %s connected", peer)
        while True:
            try:
                line = await reader.receive_until(b"\n", 1024)
            except (anyio.EndOfStream, anyio.IncompleteRead):
                log.info("client %s disconnected", peer)
                return
            command, _, flag = line.decode().partition(" ")
            value = FLAGS.get(flag.strip(), "unknown") if command == "GET" else "error"
            await client.send(f"{flag.strip()}={value}\n".encode())


async def main(port):
    listener = await anyio.create_tcp_listener(local_host="127.0.0.1", local_port=port)
    log.info("flag server listening on %d", port)
    await listener.serve(handle)


if __name__ == "__main__":
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(message)s")
    anyio.run(main, int(sys.argv[1]), backend="asyncio")
