"""Fleet model client: connects to the deployment controller, starts a background watcher that
streams model deltas (machines and units coming and going), and waits for the first full delta
batch before it reports the model's state.

Usage: fleet_model.py CONTROLLER_HOST:PORT MODEL
"""

import asyncio
import json
import logging
import sys

log = logging.getLogger("fleet-model")


class ModelClient:
    def __init__(self, address, model):
        self.address = address
        self.model = model
        self.machines = {}
        self.units = {}
        self._watch_received = asyncio.Event()
        self._watcher = None

    async def connect(self):
        host, port = self.address.rsplit(":", 1)
        self.reader, self.writer = await asyncio.open_connection(host, int(port))
        self.writer.write(json.dumps({"request": "watch-all", "model": self.model}).encode() + b"\n")
        await self.writer.drain()
        self._watcher = asyncio.create_task(self._all_watcher(), name="all-watcher")
        log.info("watching model %s, waiting for the first deltas", self.model)
        await self._watch_received.wait()

    async def _all_watcher(self):
        while True:
            line = await self.reader.readline()
            if not line:
                return
            batch = json.loads(line)
            for entity, change, data in batch["deltas"]:
                table = self.machines if entity == "machine" else self.units
                if change == "remove":
                    table.pop(data["id"], None)
                else:
                    table[data["id"]] = data["status"]["current"]
            self._watch_received.set()

    def summary(self):
        return f"{len(self.machines)} machines, {len(self.units)} units"


async def main(address, model):
    client = ModelClient(address, model)
    await client.connect()
    log.info("model %s: %s", model, client.summary())
    while True:
        await asyncio.sleep(30)
        log.info("model %s: %s", model, client.summary())


if __name__ == "__main__":
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(message)s")
    asyncio.run(main(sys.argv[1], sys.argv[2]))
