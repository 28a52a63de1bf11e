"""A real anyio program on the trio backend, its tasks held in anyio's waits, for the test.

Prints one READY line once every task is parked: the id() of each task's trio Task by role (anyio
tasks on trio are trio tasks) and the native thread id of the to_thread worker blocked in recv().
"""
import socket
import threading

import anyio
import trio

worker_started = threading.Event()
worker_tid = []
roles = {}


def mine(role):
    roles[role] = trio.lowlevel.current_task()


def fetch_quotes(port):
    worker_tid.append(threading.get_native_id())
    sock = socket.create_connection(("127.0.0.1", port))
    worker_started.set()
    return sock.recv(100)


async def quote_request(port):
    mine("request")
    return await anyio.to_thread.run_sync(fetch_quotes, port)


async def waits_event(event):
    mine("eventwaiter")
    await event.wait()


async def holds_limiter(limiter, event):
    mine("borrower")
    async with limiter:
        await event.wait()


async def wants_limiter(limiter):
    mine("limited")
    async with limiter:
        pass


def announce():
    fields = " ".join(f"{role}={hex(id(task))}" for role, task in roles.items())
    print(f"READY worker={worker_tid[0]} {fields}", flush=True)


async def main():
    mine("main")
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen()
    port = server.getsockname()[1]
    event, limiter = anyio.Event(), anyio.CapacityLimiter(1)
    async with anyio.create_task_group() as group:
        group.start_soon(quote_request, port, name="GET /quotes")
        group.start_soon(waits_event, event, name="event-waiter")
        group.start_soon(holds_limiter, limiter, event, name="limiter-borrower")
        await anyio.sleep(0.05)
        group.start_soon(wants_limiter, limiter, name="limiter-waiter")
        while not worker_started.is_set() or "limited" not in roles:
            await anyio.sleep(0.01)
        await anyio.sleep(0.2)
        trio.lowlevel.current_trio_token().run_sync_soon(announce)
        await anyio.sleep(3600)


anyio.run(main, backend="trio")
