"""Target for ThreadNameReader: 25 named threads in every attribute-storage shape, then READY.

argv[1]: file to write the oracle to, a JSON object {ident: name} from threading.enumerate().
"""
import _thread
import ctypes
import json
import sys
import threading

INTERPRETERS_HEAD = {11: 40, 12: 40, 13: 632, 14: 808}

hold = threading.Event()
raw_started = threading.Event()
threads = []


class Worker(threading.Thread):
    """A subclass whose instances get extra attributes before __init__ (and some after start)."""

    def __init__(self, name, extra_before):
        for i in range(extra_before):
            setattr(self, "before_%d" % i, i)
        super().__init__(name=name, target=hold.wait, daemon=True)


def plain(name=None):
    thread = threading.Thread(name=name, target=hold.wait, daemon=True)
    threads.append(thread)
    return thread


def worker(name, extra_before=2):
    thread = Worker(name, extra_before)
    threads.append(thread)
    return thread


def raw_thread():
    raw_started.set()
    hold.wait()


plain("räuber-ü")
plain("long-" + "n" * 295)
plain("名前-スレッド")
plain("emoji-\U0001f9f5-thread")
plain()
materialised = plain("materialised-before-start")
vars(materialised)
renamed = plain("before-rename")
for i in range(7):
    plain("plain-%d" % i)
workers_after = [worker("worker-after-%d" % i) for i in range(3)]
workers_vars = [worker("worker-vars-%d" % i) for i in range(2)]
workers_many = [worker("worker-many-%d" % i, extra_before=40) for i in range(2)]
workers_plain = [worker("worker-%d" % i) for i in range(4)]
assert len(threads) == 25, len(threads)

for thread in threads:
    thread.start()
renamed.name = "renamed-after-start"
for thread in workers_after:
    thread.after_start = 1
for thread in workers_vars:
    vars(thread)["via_dict"] = 1
for thread in workers_many:
    for i in range(40):
        setattr(thread, "after_%d" % i, i)

_thread.start_new_thread(raw_thread, ())
raw_started.wait(10)

minor = sys.version_info[1]
runtime = ctypes.addressof(ctypes.c_char.in_dll(ctypes.pythonapi, "_PyRuntime"))
interp = ctypes.c_uint64.from_address(runtime + INTERPRETERS_HEAD[minor]).value
oracle = {str(t.ident): t.name for t in threading.enumerate()}
with open(sys.argv[1], "w", encoding="ascii") as out:
    json.dump(oracle, out, ensure_ascii=True)
print(
    "READY runtime=0x%x interp=0x%x dict_type=0x%x str_type=0x%x int_type=0x%x threads=%d"
    % (runtime, interp, id(dict), id(str), id(int), len(oracle)),
    flush=True,
)
hold.wait()
