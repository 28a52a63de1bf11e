"""Three named Python threads in known kernel states (stdlib only, CPython 3.8-3.13).

  pipe-reader  os.read() on a pipe whose write end stays open (wchan pipe_read)
  spinner      pure-Python busy loop (state R)
  sleeper      time.sleep(3600) in a loop
The main thread waits in signal.pause(). Prints
"READY main_tid=.. pipe_tid=.. spin_tid=.. sleep_tid=.." once every thread has reported its
native thread id and is about to block. Thread ids are Linux TIDs (threading.get_native_id()).
"""

import ctypes
import ctypes.util
import os
import signal
import sys
import threading
import time

PR_SET_NAME = 15
_libc = ctypes.CDLL(ctypes.util.find_library("c"), use_errno=True)
_tids = {}
_reported = threading.Semaphore(0)


def _announce(name):
    _libc.prctl(PR_SET_NAME, name.encode(), 0, 0, 0)
    _tids[name] = threading.get_native_id()
    _reported.release()


def _pipe_reader(fd):
    _announce("pipe-reader")
    while True:
        os.read(fd, 1)


def _spinner():
    _announce("spinner")
    spins = 0
    while True:
        spins += 1


def _sleeper():
    _announce("sleeper")
    while True:
        time.sleep(3600)


def main():
    read_fd, _write_fd = os.pipe()  # never closed, so the reader never sees EOF
    threads = [
        threading.Thread(target=_pipe_reader, args=(read_fd,), name="pipe-reader", daemon=True),
        threading.Thread(target=_spinner, name="spinner", daemon=True),
        threading.Thread(target=_sleeper, name="sleeper", daemon=True),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        if not _reported.acquire(timeout=20):
            sys.exit("threads.py: %s never reported its tid" % thread.name)
    print(
        "READY main_tid=%d pipe_tid=%d spin_tid=%d sleep_tid=%d"
        % (threading.get_native_id(), _tids["pipe-reader"], _tids["spinner"], _tids["sleeper"]),
        flush=True,
    )
    while True:
        signal.pause()


if __name__ == "__main__":
    main()
