"""Python threads parked in the kernel, for bench/dump-benchmark (CPython 3.11+).

  python parked_threads.py THREADS

THREADS counts the main thread. Each other thread blocks three frames below Thread.run
(serve -> handle -> wait): every fourth on a Lock the main thread holds, the others in
time.sleep. The main thread sleeps too. Prints "READY threads=THREADS" once every thread has
announced that it is about to block.
"""

import sys
import threading
import time


def wait(lock, index, ready):
    ready.release()
    if index % 4 == 3:
        lock.acquire()
    else:
        time.sleep(3600)


def handle(lock, index, ready):
    wait(lock, index, ready)


def serve(lock, index, ready):
    handle(lock, index, ready)


def main():
    threads = int(sys.argv[1])
    threading.stack_size(512 * 1024)
    lock = threading.Lock()
    lock.acquire()
    ready = threading.Semaphore(0)
    for index in range(threads - 1):
        threading.Thread(
            target=serve, args=(lock, index, ready), name="worker-%d" % index, daemon=True
        ).start()
    for _ in range(threads - 1):
        if not ready.acquire(timeout=60):
            raise TimeoutError("a thread did not start")
    print("READY threads=%d" % threads, flush=True)
    time.sleep(3600)


main()
