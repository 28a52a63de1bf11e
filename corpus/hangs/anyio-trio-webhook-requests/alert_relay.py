"""Alert relay: reads alerts from the monitoring system's syslog-style TCP stream and forwards each
one to the on-call chat webhook. Written against anyio; production runs it on the trio backend.

Usage: alert_relay.py LISTEN_PORT WEBHOOK_URL
"""

import logging
import sys
from dataclasses import dataclass

import anyio
import requests
from anyio.streams.buffered import BufferedByteReceiveStream

log = logging.getLogger("alert-relay")


@dataclass
class Alert:
    severity: str
    host: str
    text: str

    @classmethod
    def parse(cls, line):
        severity, host, text = line.split(" ", 2)
        return cls(severity.lower(), host, text)


class ChatWebhook:
    def __init__(self, url):
        self.url = url
        self.session = requests.Session()

    def post(self, alert):
        payload = {"text": f"[{alert.severity.upper()}] {alert.host}: {alert.text}"}
        response = self.session.post(self.url, json=payload)
        response.raise_for_status()


async def forward(alert, webhook, stats):
    if alert.severity not in ("critical", "error"):
        stats["dropped"] += 1
        return
    log.info("forwarding %s alert from %s", alert.severity, alert.host)
    webhook.post(alert)
    stats["forwarded"] += 1


async def handle_stream(stream, webhook, stats):
    async with stream:
        buffered = BufferedByteReceiveStream(stream)
        while True:
            try:
                line = await buffered.receive_until(b"\n", 65536)
            except (anyio.EndOfStream, anyio.IncompleteRead):
                return
            await forward(Alert.parse(line.decode()), webhook, stats)


async def main(port, webhook_url):
    webhook = ChatWebhook(webhook_url)
    stats = {"forwarded": 0, "dropped": 0}
    listener = await anyio.create_tcp_listener(local_host="127.0.0.1", local_port=port)
    log.info("alert relay listening on %d", port)
    await listener.serve(lambda stream: handle_stream(stream, webhook, stats))


if __name__ == "__main__":
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(message)s")
    anyio.run(main, int(sys.argv[1]), sys.argv[2], backend="trio")
