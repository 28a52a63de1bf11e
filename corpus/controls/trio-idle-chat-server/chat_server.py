"""Team chat relay (trio): clients connect over TCP, send "NICK name" and then lines of text;
every line is relayed to everyone else in the room. Quiet most of the day.

Usage: chat_server.py PORT
"""

import logging
import sys

import trio

log = logging.getLogger("chat")


class Room:
    def __init__(self):
        self.members = {}

    async def broadcast(self, sender, text):
        for name, stream in list(self.members.items()):
            if name != sender:
                try:
                    await stream.send_all(f"<{sender}> {text}\n".encode())
                except trio.BrokenResourceError:
                    self.members.pop(name, None)


async def session(stream, room):
    buffer = b""
    name = None
    try:
        async for chunk in stream:
            buffer += chunk
            while b"\n" in buffer:
                line, buffer = buffer.split(b"\n", 1)
                text = line.decode().strip()
                if name is None:
                    if text.startswith("NICK "):
                        name = text[5:]
                        room.members[name] = stream
                        log.info("%s joined (%d online)", name, len(room.members))
                    continue
                await room.broadcast(name, text)
    finally:
        if name:
            room.members.pop(name, None)
            log.info("%s left", name)


async def main(port):
    room = Room()
    log.info("chat relay listening on %d", port)
    await trio.serve_tcp(lambda s: session(s, room), port, host="127.0.0.1")


if __name__ == "__main__":
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(message)s")
    trio.run(main, int(sys.argv[1]))
