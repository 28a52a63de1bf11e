"""A real asyncio program in every wait shape the task reader names, held there for the test.

Prints one READY line once every task is suspended: the id() of each task by role, and the
native thread id of the executor worker that is blocked in recv() on a server that never answers.
"""
import asyncio
import socket
import threading

worker_started = threading.Event()
worker_tid = []


def fetch_rates(port):
    worker_tid.append(threading.get_native_id())
    sock = socket.create_connection(("127.0.0.1", port))
    worker_started.set()
    return sock.recv(100)


async def price_request(port):
    loop = asyncio.get_running_loop()
    return await loop.run_in_executor(None, fetch_rates, port)


async def waits_event(event):
    await event.wait()


async def waits_queue(queue):
    return await queue.get()


async def holds_lock(lock, event):
    async with lock:
        await event.wait()


async def wants_lock(lock):
    async with lock:
        pass


async def sleeper():
    await asyncio.sleep(3600)


async def group_body(event, children):
    async with asyncio.TaskGroup() as group:
        children.append(group.create_task(waits_event(event), name="group-child-event"))
        children.append(group.create_task(sleeper(), name="group-child-sleep"))


async def awaits_other(task):
    await task


async def gathers(event, children):
    children.append(asyncio.ensure_future(waits_event(event)))
    children.append(asyncio.ensure_future(sleeper()))
    await asyncio.gather(*children)


async def main():
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen()
    port = server.getsockname()[1]
    event, queue, lock = asyncio.Event(), asyncio.Queue(), asyncio.Lock()
    group_children, gather_children = [], []
    roles = {
        "request": asyncio.create_task(price_request(port), name="GET /prices"),
        "holder": asyncio.create_task(holds_lock(lock, event), name="lock-holder"),
    }
    await asyncio.sleep(0)
    roles["waiter"] = asyncio.create_task(wants_lock(lock), name="lock-waiter")
    roles["consumer"] = asyncio.create_task(waits_queue(queue), name="consumer")
    roles["group"] = asyncio.create_task(group_body(event, group_children), name="group")
    roles["awaiter"] = asyncio.create_task(awaits_other(roles["request"]), name="awaiter")
    roles["gather"] = asyncio.create_task(gathers(event, gather_children), name="gather")
    while not worker_started.is_set():
        await asyncio.sleep(0.01)
    await asyncio.sleep(0.2)
    roles["groupchild"] = group_children[0]
    roles["gatherchild"] = gather_children[0]
    fields = " ".join(f"{role}={hex(id(task))}" for role, task in roles.items())
    # Printed by the loop once this task is suspended in its own sleep, not before: a reader
    # reacting to READY must find the main task waiting too.
    asyncio.get_running_loop().call_soon(
        lambda: print(f"READY worker={worker_tid[0]} {fields}", flush=True)
    )
    await asyncio.sleep(3600)


asyncio.run(main(), debug=False)
