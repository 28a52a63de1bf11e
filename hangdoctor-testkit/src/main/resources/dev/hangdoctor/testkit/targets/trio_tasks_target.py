"""A real trio program in every wait shape the task reader names, held there for the test.

Prints one READY line once every task is parked and the main task is asleep: the id() of each
trio Task by role, the native thread id of the to_thread worker blocked in recv() on a server
that never answers, and the fd of the trio socket a task waits to read.
"""
import socket
import threading

import trio

worker_started = threading.Event()
worker_tid = []
roles = {}


def fetch_rates(port):
    worker_tid.append(threading.get_native_id())
    sock = socket.create_connection(("127.0.0.1", port))
    worker_started.set()
    return sock.recv(100)


def mine(role):
    roles[role] = trio.lowlevel.current_task()


async def price_request(port):
    mine("request")
    return await trio.to_thread.run_sync(fetch_rates, port)


async def waits_event(event, role):
    mine(role)
    await event.wait()


async def holds_lock(lock, event):
    mine("holder")
    async with lock:
        await event.wait()


async def wants_lock(lock):
    mine("waiter")
    async with lock:
        pass


async def consumer(receive):
    mine("consumer")
    return await receive.receive()


async def producer(send):
    mine("producer")
    await send.send("never taken")


async def wants_semaphore(semaphore):
    mine("semaphore")
    async with semaphore:
        pass


async def borrows_limiter(limiter, event):
    mine("borrower")
    async with limiter:
        await event.wait()


async def wants_limiter(limiter):
    mine("limited")
    async with limiter:
        pass


async def reads_socket(port):
    mine("reader")
    sock = trio.socket.socket()
    await sock.connect(("127.0.0.1", port))
    roles["reader_fd"] = sock.fileno()
    return await sock.recv(100)


async def sleeper(role):
    mine(role)
    await trio.sleep(3600)


async def group(event):
    mine("group")
    async with trio.open_nursery() as nursery:
        nursery.start_soon(waits_event, event, "groupchild", name="group-child-event")
        nursery.start_soon(sleeper, "groupsleeper", name="group-child-sleep")


def announce():
    fields = " ".join(
        f"{role}={value if isinstance(value, int) else hex(id(value))}"
        for role, value in roles.items()
    )
    print(f"READY worker={worker_tid[0]} {fields}", flush=True)


async def main():
    mine("main")
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen()
    port = server.getsockname()[1]
    event, lock = trio.Event(), trio.Lock()
    send, receive = trio.open_memory_channel(0)
    full_send, _full_receive = trio.open_memory_channel(0)
    semaphore, limiter = trio.Semaphore(0), trio.CapacityLimiter(1)
    async with trio.open_nursery() as nursery:
        nursery.start_soon(price_request, port, name="GET /prices")
        nursery.start_soon(holds_lock, lock, event, name="lock-holder")
        await trio.sleep(0.05)
        nursery.start_soon(wants_lock, lock, name="lock-waiter")
        nursery.start_soon(consumer, receive, name="consumer")
        nursery.start_soon(producer, full_send, name="producer")
        nursery.start_soon(wants_semaphore, semaphore, name="semaphore-waiter")
        nursery.start_soon(borrows_limiter, limiter, event, name="limiter-borrower")
        await trio.sleep(0.05)
        nursery.start_soon(wants_limiter, limiter, name="limiter-waiter")
        nursery.start_soon(reads_socket, port, name="socket-reader")
        nursery.start_soon(group, event, name="group")
        nursery.start_soon(waits_event, event, "eventwaiter", name="event-waiter")
        while not worker_started.is_set() or "reader_fd" not in roles or "groupsleeper" not in roles:
            await trio.sleep(0.01)
        await trio.sleep(0.2)
        # Printed by the run loop once this task is parked in its own sleep, not before.
        trio.lowlevel.current_trio_token().run_sync_soon(announce)
        await trio.sleep(3600)
        del send


trio.run(main)
