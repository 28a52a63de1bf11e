"""Dictation console: streams a dictation session to the transcription service and lets the user
type corrections at the same time. Typed lines arrive from the terminal reader thread through a
queue; the session coroutine waits for them with run_in_executor so it never blocks the loop.

Usage: dictation.py TRANSCRIBE_HOST:PORT
"""

import asyncio
import logging
import queue
import sys
import threading

log = logging.getLogger("dictation")


class TypedInput:
    """Collects lines typed on the terminal; the session asks for them one at a time."""

    def __init__(self, stream):
        self._lines = queue.Queue()
        self._stream = stream

    def start(self):
        threading.Thread(target=self._pump, name="terminal-reader", daemon=True).start()

    def _pump(self):
        for line in self._stream:
            self._lines.put(line.rstrip("\n"))

    def _next_line_blocking(self):
        return self._lines.get()

    async def next_line(self):
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(None, self._next_line_blocking)


async def stream_session(host, port, typed):
    reader, writer = await asyncio.open_connection(host, port)
    writer.write(b"START dictation lang=en\n")
    await writer.drain()
    correction = asyncio.ensure_future(typed.next_line())
    try:
        while True:
            line = await reader.readline()
            if not line or line.startswith(b"BYE"):
                log.info("transcription service hung up")
                break
            log.info("transcript: %s", line.decode().strip())
    finally:
        correction.cancel()
        writer.close()


async def main(address):
    host, port = address.rsplit(":", 1)
    typed = TypedInput(sys.stdin)
    typed.start()
    await stream_session(host, int(port), typed)
    log.info("session closed")


if __name__ == "__main__":
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(message)s")
    asyncio.run(main(sys.argv[1]))
