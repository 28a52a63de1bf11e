"""Python threads parked in known states, for the live stack-walk tests (CPython 3.11-3.13).

  python stacks_target.py --dump FILE [--sleepers N] [--asyncio]

Threads: the main thread sleeps in main_waits(); "locker" blocks in Lock.acquire(); "spinner"
spins in pure Python; "napper" sleeps in Worker.nap; "generator" sleeps inside a generator driven
by "yield from"; "recursion" sleeps 500 frames deep; three threads sleep in functions with Latin-1,
UCS-2 and UCS-4 names in zeitgeber_ü.py (written next to the dump file); N more sleep in rest().
With --asyncio the main thread instead runs an idle event loop and no other thread is started.

SIGUSR1 makes faulthandler write every thread's stack to FILE. Prints
"READY runtime=0x.. hexversion=.. pycode=0x.. pyunicode=0x.. pybytes=0x.. pytuple=0x..
threads=.. spinner=.. main=.." (thread identities are threading.get_ident()) once every thread
has announced that it is about to block.
"""

import argparse
import asyncio
import ctypes
import faulthandler
import importlib
import os
import signal
import sys
import threading
import time

DEPTH = 500
NON_ASCII_MODULE = """import time


def schläft(ready):
    ready.set()
    time.sleep(3600)


def 眠る(ready):
    ready.set()
    time.sleep(3600)


def 𠀀睡(ready):
    ready.set()
    time.sleep(3600)
"""


def symbol(name):
    return hex(ctypes.addressof(ctypes.c_char.in_dll(ctypes.pythonapi, name)))


def main_waits():
    time.sleep(3600)


def hold_lock(lock, ready):
    ready.set()
    lock.acquire()


def spin(ready):
    ready.set()
    n = 0
    while True:
        n += 1


class Worker:
    def nap(self, ready):
        ready.set()
        time.sleep(3600)


def inner_gen(ready):
    ready.set()
    time.sleep(3600)
    yield 1


def outer_gen(ready):
    yield from inner_gen(ready)


def drive(ready):
    for _ in outer_gen(ready):
        pass


def recurse(n, ready):
    if n <= 1:
        ready.set()
        time.sleep(3600)
    else:
        recurse(n - 1, ready)


def rest(ready):
    ready.set()
    time.sleep(3600)


def announce(threads, spinner):
    print(
        "READY runtime=%s hexversion=%d pycode=%s pyunicode=%s pybytes=%s pytuple=%s "
        "threads=%d spinner=%d main=%d"
        % (
            symbol("_PyRuntime"),
            sys.hexversion,
            symbol("PyCode_Type"),
            symbol("PyUnicode_Type"),
            symbol("PyBytes_Type"),
            symbol("PyTuple_Type"),
            threads,
            spinner,
            threading.main_thread().ident,
        ),
        flush=True,
    )


async def idle_loop():
    announce(1, 0)
    await asyncio.sleep(3600)


def start(name, target, *args):
    ready = threading.Event()
    thread = threading.Thread(target=target, args=args + (ready,), name=name, daemon=True)
    thread.start()
    return thread, ready


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--dump", required=True)
    parser.add_argument("--sleepers", type=int, default=12)
    parser.add_argument("--asyncio", action="store_true")
    args = parser.parse_args()
    dump = open(args.dump, "w")
    faulthandler.register(signal.SIGUSR1, file=dump, all_threads=True)
    if args.asyncio:
        asyncio.run(idle_loop())
        return

    folder = os.path.dirname(os.path.abspath(args.dump))
    with open(os.path.join(folder, "zeitgeber_ü.py"), "w", encoding="utf-8") as f:
        f.write(NON_ASCII_MODULE)
    sys.path.insert(0, folder)
    zeitgeber = importlib.import_module("zeitgeber_ü")

    lock = threading.Lock()
    lock.acquire()
    started = [
        start("locker", hold_lock, lock),
        start("spinner", spin),
        start("napper", Worker().nap),
        start("generator", drive),
        start("recursion", recurse, DEPTH),
        start("latin1", getattr(zeitgeber, "schläft")),
        start("ucs2", getattr(zeitgeber, "眠る")),
        start("ucs4", getattr(zeitgeber, "𠀀睡")),
    ]
    started += [start("rest-%d" % i, rest) for i in range(args.sleepers)]
    for _, ready in started:
        ready.wait(30)
    announce(len(started) + 1, started[1][0].ident)
    main_waits()


main()
