"""N asyncio tasks parked in the usual waits: a third sleep, a third wait on Events, a third get
from Queues, in groups awaited by gather parents. Prints READY once all are suspended."""
import asyncio
import sys


async def sleeper():
    await asyncio.sleep(3600)


async def event_waiter(event):
    await event.wait()


async def queue_reader(queue):
    await queue.get()


async def parent(children):
    await asyncio.gather(*children)


async def main(count):
    events = [asyncio.Event() for _ in range(16)]
    queues = [asyncio.Queue() for _ in range(16)]
    made = 0
    while made < count:
        group = []
        for i in range(9):
            kind = (made + i) % 3
            coro = (sleeper() if kind == 0 else event_waiter(events[i % 16]) if kind == 1
                    else queue_reader(queues[i % 16]))
            group.append(asyncio.ensure_future(coro))
        asyncio.ensure_future(parent(group))
        made += len(group) + 1
    await asyncio.sleep(0.5)
    print(f"READY tasks={len(asyncio.all_tasks())}", flush=True)
    await asyncio.sleep(3600)


asyncio.run(main(int(sys.argv[1])))
