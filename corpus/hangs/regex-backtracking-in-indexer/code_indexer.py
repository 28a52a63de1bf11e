"""Indexes a TypeScript code base for the code-search service: for every file, the body before the
generated-code end marker is extracted and its identifiers are counted. A status page on
/status shows how far indexing got.

Usage: code_indexer.py SOURCE_DIR STATUS_PORT
"""

import collections
import json
import logging
import os
import re
import sys
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer

log = logging.getLogger("indexer")
BODY_PATTERN = r"(?P<body>(?:.|\s)*)(//.*END.*$)"
IDENTIFIER = re.compile(r"[A-Za-z_$][A-Za-z0-9_$]*")


class Progress:
    def __init__(self, total):
        self.total = total
        self.done = 0
        self.current = None


def extract_body(source):
    match = re.search(BODY_PATTERN, source)
    return match.group("body") if match else source


def index_file(path, index):
    with open(path, encoding="utf-8") as f:
        source = f.read()
    body = extract_body(source)
    index[path] = collections.Counter(IDENTIFIER.findall(body))


def index_tree(root, progress, index):
    for dirpath, _, files in os.walk(root):
        for name in sorted(files):
            if name.endswith(".ts"):
                path = os.path.join(dirpath, name)
                progress.current = path
                log.info("indexing %s", os.path.relpath(path, root))
                index_file(path, index)
                progress.done += 1
    log.info("indexed %d files", progress.done)


def status_server(port, progress):
    class Status(BaseHTTPRequestHandler):
        def do_GET(self):
            body = json.dumps({"done": progress.done, "total": progress.total, "current": progress.current}).encode()
            self.send_response(200)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    server = HTTPServer(("127.0.0.1", port), Status)
    threading.Thread(target=server.serve_forever, name="status-http", daemon=True).start()
    log.info("status on http://127.0.0.1:%d/status", port)


def report_progress(progress, stop):
    while not stop.wait(1.0):
        log.info("progress: %d/%d files", progress.done, progress.total)


def main(argv):
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(threadName)s %(message)s")
    root, port = argv[0], int(argv[1])
    total = sum(1 for _, _, files in os.walk(root) for name in files if name.endswith(".ts"))
    progress, index, stop = Progress(total), {}, threading.Event()
    status_server(port, progress)
    threading.Thread(target=report_progress, args=(progress, stop), name="progress", daemon=True).start()
    indexer = threading.Thread(target=index_tree, args=(root, progress, index), name="indexer")
    indexer.start()
    indexer.join()
    stop.set()
    with open("index.json", "w") as f:
        json.dump({path: dict(counts) for path, counts in index.items()}, f)


if __name__ == "__main__":
    main(sys.argv[1:])
