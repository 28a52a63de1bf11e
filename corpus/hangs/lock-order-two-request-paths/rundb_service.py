"""Test-run coordination service: workers report task progress over HTTP, the service keeps the
runs in a write-back cache and flushes dirty runs to the document store every second.

Usage: rundb_service.py --port PORT --store URL
"""

import argparse
import json
import logging
import threading
import time
import urllib.parse
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

log = logging.getLogger("rundb")
TASK_STALE_AFTER = 300.0


class DocumentStore:
    """A thin client for the store's REST API."""

    def __init__(self, base_url):
        self.base_url = base_url.rstrip("/")

    def _call(self, method, path, payload=None):
        data = json.dumps(payload).encode() if payload is not None else None
        request = urllib.request.Request(self.base_url + path, data=data, method=method)
        request.add_header("Content-Type", "application/json")
        with urllib.request.urlopen(request) as response:
            return json.load(response)

    def load_task(self, run_id, task_id):
        return self._call("GET", f"/runs/{run_id}/tasks/{task_id}")

    def save_run(self, run):
        return self._call("PUT", f"/runs/{run['_id']}", run)


class RunDb:
    def __init__(self, store, runs):
        self.store = store
        self.run_cache = {run["_id"]: {"run": run, "dirty": True} for run in runs}
        self.run_cache_lock = threading.Lock()
        self._active_run_locks = {}
        self._active_run_locks_guard = threading.Lock()

    def active_run_lock(self, run_id):
        with self._active_run_locks_guard:
            return self._active_run_locks.setdefault(run_id, threading.Lock())

    def get_run(self, run_id):
        with self.run_cache_lock:
            entry = self.run_cache[run_id]
            return entry["run"]

    def update_task(self, run_id, task_id, stats):
        with self.active_run_lock(run_id):
            stored = self.store.load_task(run_id, task_id)
            run = self.get_run(run_id)
            task = run["tasks"][task_id]
            task.update(stored.get("task", {}))
            task["stats"] = stats
            task["last_updated"] = time.time()
            with self.run_cache_lock:
                self.run_cache[run_id]["dirty"] = True
        return {"task_alive": task["active"]}

    def set_inactive_task(self, task_id, run):
        with self.active_run_lock(run["_id"]):
            run["tasks"][task_id]["active"] = False
            log.info("run %s: task %d marked inactive", run["_id"], task_id)

    def scavenge(self, run):
        now = time.time()
        for task_id, task in enumerate(run["tasks"]):
            if task["active"] and now - task["last_updated"] > TASK_STALE_AFTER:
                self.set_inactive_task(task_id, run)

    def flush_buffers(self):
        with self.run_cache_lock:
            for entry in self.run_cache.values():
                if entry["dirty"]:
                    self.store.save_run(entry["run"])
                    self.scavenge(entry["run"])
                    entry["dirty"] = False


class Stats:
    def __init__(self):
        self.lock = threading.Lock()
        self.requests = 0

    def count(self):
        with self.lock:
            self.requests += 1

    def report_forever(self, stop):
        while not stop.wait(2.0):
            with self.lock:
                served = self.requests
            log.info("stats: %d requests served", served)


def make_handler(rundb, stats):
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):
            stats.count()
            url = urllib.parse.urlparse(self.path)
            if url.path == "/health":
                return self.reply({"status": "ok"})
            if url.path == "/api/update_task":
                query = urllib.parse.parse_qs(url.query)
                result = rundb.update_task(
                    query["run"][0], int(query["task"][0]), {"wins": int(query.get("wins", ["0"])[0])}
                )
                return self.reply(result)
            self.send_error(404)

        def reply(self, payload):
            body = json.dumps(payload).encode()
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, fmt, *args):
            log.debug(fmt, *args)

    return Handler


def flush_loop(rundb, stop):
    while not stop.wait(1.0):
        rundb.flush_buffers()


def seed_runs():
    started = time.time() - 3600
    tasks = [{"active": True, "last_updated": started, "stats": {}} for _ in range(4)]
    return [{"_id": "64f1c2a9e3", "args": {"tc": "10+0.1"}, "tasks": tasks}]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--store", required=True)
    args = parser.parse_args()
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(threadName)s %(message)s")

    rundb = RunDb(DocumentStore(args.store), seed_runs())
    stats = Stats()
    stop = threading.Event()
    threading.Thread(target=flush_loop, args=(rundb, stop), name="flush-buffers", daemon=True).start()
    threading.Thread(target=stats.report_forever, args=(stop,), name="stats-reporter", daemon=True).start()

    server = ThreadingHTTPServer(("127.0.0.1", args.port), make_handler(rundb, stats))
    server.daemon_threads = True
    log.info("listening on 127.0.0.1:%d", args.port)
    server.serve_forever()


if __name__ == "__main__":
    main()
