"""Stock rebalancer: moves units between warehouses when one runs low. Each warehouse row is
guarded by an asyncio.Lock so the counts and the audit log stay consistent; a transfer holds the
source warehouse while it reserves units, then takes the destination to book them in.

Usage: stock_service.py PLAN_FILE   (lines: "<from> <to> <units>")
"""

import asyncio
import logging
import sys

log = logging.getLogger("rebalancer")


class Warehouse:
    def __init__(self, name, units):
        self.name = name
        self.units = units
        self.lock = asyncio.Lock()


class AuditLog:
    def __init__(self):
        self.entries = []

    async def record(self, text):
        self.entries.append(text)
        await asyncio.sleep(0.05)


class Rebalancer:
    def __init__(self, warehouses):
        self.warehouses = warehouses
        self.audit = AuditLog()

    async def transfer(self, source, destination, units):
        src, dst = self.warehouses[source], self.warehouses[destination]
        async with src.lock:
            log.info("reserving %d units in %s", units, source)
            src.units -= units
            await self.audit.record(f"reserve {units} {source}")
            async with dst.lock:
                dst.units += units
                await self.audit.record(f"book {units} {destination}")
        log.info("moved %d units %s -> %s", units, source, destination)

    async def run_plan(self, plan):
        await asyncio.gather(*(self.transfer(*step) for step in plan))


def read_plan(path):
    with open(path) as f:
        return [(a, b, int(n)) for a, b, n in (line.split() for line in f if line.strip())]


async def main(plan_path):
    rebalancer = Rebalancer({name: Warehouse(name, 1000) for name in ("berlin", "lyon", "porto", "graz")})
    plan = read_plan(plan_path)
    log.info("running %d transfers", len(plan))
    await rebalancer.run_plan(plan)
    log.info("rebalance complete")


if __name__ == "__main__":
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(message)s")
    asyncio.run(main(sys.argv[1]))
