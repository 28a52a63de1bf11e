"""Fleet status: asks every cache node for its INFO line concurrently and prints a table.
Used by the on-call runbook and by the deploy pipeline before it drains a node.

Usage: fleet_status.py HOST:PORT [HOST:PORT ...]
"""

import asyncio
import logging
import sys

log = logging.getLogger("fleet-status")


async def probe_node(address):
    host, port = address.rsplit(":", 1)
    reader, writer = await asyncio.open_connection(host, int(port))
    try:
        writer.write(b"INFO\r\n")
        await writer.drain()
        line = await reader.readline()
        return address, line.decode().strip()
    finally:
        writer.close()


async def check_fleet(addresses):
    log.info("probing %d nodes", len(addresses))
    results = await asyncio.gather(*(probe_node(a) for a in addresses))
    return dict(results)


def print_table(status):
    width = max(len(a) for a in status)
    for address, info in sorted(status.items()):
        print(f"{address:<{width}}  {info}")


if __name__ == "__main__":
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(message)s")
    print_table(asyncio.run(check_fleet(sys.argv[1:])))
