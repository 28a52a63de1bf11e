"""A process whose threads each wait in a different way, for reading what they do from outside.

Usage: activity_target.py ORACLE_FILE. Writes the ids of its locks and waitable objects and each
thread's ident and native id to ORACLE_FILE as JSON, then prints READY and sleeps.
"""

import json
import os
import queue
import socket
import sys
import threading
import time

A = threading.Lock()
B = threading.Lock()
R = threading.RLock()


class Store:
    def __init__(self):
        self._state_lock = threading.Lock()
        self.jobs = queue.Queue()
        self.ready = threading.Event()
        self.cond = threading.Condition()


store = Store()
both_held = threading.Barrier(3)
r_held = threading.Event()
threads = {}


def with_a_then_b():
    with A:
        both_held.wait()
        with B:
            pass


def with_b_then_acquire_a():
    with B:
        both_held.wait()
        A.acquire()


def rlock_twice():
    with R:
        with R:
            r_held.set()
            time.sleep(100000)


def rlock_waiter():
    r_held.wait()
    R.acquire()


def queue_getter():
    store.jobs.get()


def event_waiter():
    store.ready.wait()


def condition_waiter():
    with store.cond:
        store.cond.wait()


def state_reader(sock):
    with store._state_lock:
        sock.recv(100)


def json_reader(stream):
    json.load(stream)


def joiner():
    threads["rlock_twice"].join()


def main():
    left, right = socket.socketpair()
    read_end, write_end = os.pipe()
    targets = [
        (with_a_then_b, ()),
        (with_b_then_acquire_a, ()),
        (rlock_twice, ()),
        (rlock_waiter, ()),
        (queue_getter, ()),
        (event_waiter, ()),
        (condition_waiter, ()),
        (state_reader, (left,)),
        (json_reader, (os.fdopen(read_end),)),
    ]
    for target, args in targets:
        thread = threading.Thread(target=target, args=args, name=target.__name__, daemon=True)
        threads[target.__name__] = thread
        thread.start()
    threads["joiner"] = threading.Thread(target=joiner, name="joiner", daemon=True)
    threads["joiner"].start()
    both_held.wait()
    r_held.wait()
    oracle = {
        "locks": {
            "A": id(A),
            "B": id(B),
            "R": id(R),
            "state": id(store._state_lock),
        },
        "objects": {
            "jobs": id(store.jobs),
            "ready": id(store.ready),
            "cond": id(store.cond),
            "rlock_twice": id(threads["rlock_twice"]),
        },
        "threads": {
            name: [thread.ident, thread.native_id] for name, thread in threads.items()
        },
        "main": [threading.main_thread().ident, threading.main_thread().native_id],
    }
    with open(sys.argv[1], "w") as out:
        json.dump(oracle, out)
    print("READY", flush=True)
    time.sleep(100000)
    os.write(write_end, b"")
    right.close()


if __name__ == "__main__":
    main()
