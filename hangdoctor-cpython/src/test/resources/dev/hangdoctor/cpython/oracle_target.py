"""Threads in states that stacks_target.py does not cover, for the oracle tests (CPython 3.11+).

  python oracle_target.py --dump FILE --names FILE --clib LIBCTHREAD_SO

Threads (threading ones with explicit names): "recv-blocked" blocks in socket.recv on a TCP
connection whose peer (kept open here) never sends; "gil-hog" blocks reading one byte from stdin,
then calls sum(itertools.repeat(1, 10**13)), a C call that keeps the GIL for hours; two threads
started with pthread_create by LIBCTHREAD_SO (cthread.c) run a ctypes callback that sleeps, one of
them after calling threading.current_thread() (which registers it in threading as "Dummy-N"), the
other without; "asyncio-loop" runs asyncio.run(handler()) whose coroutine blocks in time.sleep;
"lock-waiter" blocks in Lock.acquire; "überwacher" sleeps. The main thread sleeps in main_waits().

Lines the tests look for end in "# oracle: KEY". SIGUSR1 makes faulthandler write every thread's
stack to the dump FILE. Before READY the names of threading.enumerate() are written to the names
FILE as JSON {"ident": "name"}. Prints "READY threads=.. main=.. recv=.. hog=.. loop=.. lock=..
watcher=.. cnamed=.. cplain=.." (thread identities are threading.get_ident()) once every thread
has announced that it is about to block.
"""

import argparse
import asyncio
import ctypes
import faulthandler
import functools
import itertools
import json
import os
import signal
import socket
import threading
import time

CALLBACK = ctypes.CFUNCTYPE(None)
KEEP = []


def main_waits():
    time.sleep(3600)


def wait_for_data(sock, ready):
    ready.set()
    sock.recv(1)  # oracle: recv


def hog(ready):
    ready.set()
    os.read(0, 1)
    return sum(itertools.repeat(1, 10**13))  # oracle: hog


async def handler(ready):
    ready.set()
    time.sleep(3600)  # oracle: handler


def serve(ready):
    asyncio.run(handler(ready))


def wait_for_lock(lock, ready):
    ready.set()
    lock.acquire()


def watch(ready):
    ready.set()
    time.sleep(3600)


def from_c(register, idents, ready):
    if register:
        threading.current_thread()
    idents.append(threading.get_ident())
    ready.set()
    time.sleep(3600)  # oracle: from_c


def start(name, target, *args):
    ready = threading.Event()
    thread = threading.Thread(target=target, args=args + (ready,), name=name, daemon=True)
    thread.start()
    return thread.ident, ready


def start_in_c(lib, register):
    ready = threading.Event()
    idents = []
    callback = CALLBACK(functools.partial(from_c, register, idents, ready))
    KEEP.append(callback)
    if lib.start_thread(callback) != 0:
        raise OSError("pthread_create failed")
    if not ready.wait(30):
        raise TimeoutError("the C thread did not call back")
    return idents[0], ready


def tcp_pair():
    server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    server.bind(("127.0.0.1", 0))
    server.listen(1)
    client = socket.create_connection(server.getsockname())
    peer, _ = server.accept()
    KEEP.extend([server, client, peer])
    return client


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--dump", required=True)
    parser.add_argument("--names", required=True)
    parser.add_argument("--clib", required=True)
    args = parser.parse_args()
    dump = open(args.dump, "w")
    faulthandler.register(signal.SIGUSR1, file=dump, all_threads=True)

    lib = ctypes.CDLL(args.clib)
    lib.start_thread.argtypes = [CALLBACK]
    lib.start_thread.restype = ctypes.c_int
    lock = threading.Lock()
    lock.acquire()
    started = {
        "recv": start("recv-blocked", wait_for_data, tcp_pair()),
        "hog": start("gil-hog", hog),
        "loop": start("asyncio-loop", serve),
        "lock": start("lock-waiter", wait_for_lock, lock),
        "watcher": start("überwacher", watch),
        "cnamed": start_in_c(lib, True),
        "cplain": start_in_c(lib, False),
    }
    for _, ready in started.values():
        if not ready.wait(30):
            raise TimeoutError("a thread did not start")
    with open(args.names, "w") as f:
        json.dump({str(t.ident): t.name for t in threading.enumerate()}, f)
    idents = " ".join("%s=%d" % (key, ident) for key, (ident, _) in started.items())
    print(
        "READY threads=%d main=%d %s" % (len(started) + 1, threading.get_ident(), idents),
        flush=True,
    )
    main_waits()


main()
