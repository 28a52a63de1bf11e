"""Maintenance scheduler: runs 40 periodic housekeeping jobs (cache sweeps, token refreshes,
report rollups) on their own intervals, and a small audit pipeline where a collector task feeds
an asyncio.Queue that two writer tasks drain. Everything is timer-driven; most of the time all
tasks are asleep.
"""

import asyncio
import logging
import random

log = logging.getLogger("scheduler")


class Job:
    def __init__(self, name, interval):
        self.name = name
        self.interval = interval
        self.runs = 0

    async def run_forever(self, audit):
        await asyncio.sleep(random.uniform(0, self.interval))
        while True:
            self.runs += 1
            await audit.put((self.name, self.runs))
            await asyncio.sleep(self.interval)


async def collector(audit, heartbeat_every):
    sequence = 0
    while True:
        sequence += 1
        await audit.put(("heartbeat", sequence))
        await asyncio.sleep(heartbeat_every)


async def writer(name, audit, stats):
    while True:
        job, run = await audit.get()
        stats[name] = stats.get(name, 0) + 1
        if sum(stats.values()) % 100 == 0:
            log.info("audit: %d records written", sum(stats.values()))
        audit.task_done()


async def main():
    audit = asyncio.Queue(maxsize=1000)
    stats = {}
    jobs = [Job(f"housekeeping-{n:02d}", interval=random.choice([0.5, 1, 2, 5, 10, 30])) for n in range(40)]
    tasks = [asyncio.create_task(j.run_forever(audit), name=j.name) for j in jobs]
    tasks.append(asyncio.create_task(collector(audit, 0.25), name="collector"))
    tasks += [asyncio.create_task(writer(f"writer-{n}", audit, stats), name=f"writer-{n}") for n in range(2)]
    log.info("scheduler running %d tasks", len(tasks))
    await asyncio.gather(*tasks)


if __name__ == "__main__":
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(message)s")
    random.seed(7)
    asyncio.run(main())
