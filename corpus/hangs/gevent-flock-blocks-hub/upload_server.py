"""Upload endpoint for the nightly export: clients PUT CSV chunks, the server appends them to the
shared export file. The file is shared with the archiver cron job, so appends take the same
advisory lock (fcntl.flock) the archiver takes while it rotates the file.

Usage: upload_server.py PORT EXPORT_PATH
"""

from gevent import monkey

monkey.patch_all()

import fcntl  # noqa: E402
import logging  # noqa: E402
import sys  # noqa: E402

from gevent.pywsgi import WSGIServer  # noqa: E402

log = logging.getLogger("uploads")


class ExportFile:
    def __init__(self, path):
        self.path = path

    def append(self, chunk):
        with open(self.path, "ab") as f:
            fcntl.flock(f, fcntl.LOCK_EX)
            try:
                f.write(chunk)
            finally:
                fcntl.flock(f, fcntl.LOCK_UN)


def make_app(export):
    def app(environ, start_response):
        path = environ["PATH_INFO"]
        if path == "/health":
            start_response("200 OK", [("Content-Type", "text/plain")])
            return [b"ok\n"]
        if path.startswith("/chunks/") and environ["REQUEST_METHOD"] == "PUT":
            length = int(environ.get("CONTENT_LENGTH") or 0)
            chunk = environ["wsgi.input"].read(length)
            log.info("appending %d bytes for %s", len(chunk), path)
            export.append(chunk)
            start_response("204 No Content", [])
            return [b""]
        start_response("404 Not Found", [("Content-Type", "text/plain")])
        return [b"not found\n"]

    return app


if __name__ == "__main__":
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(message)s")
    port, export_path = int(sys.argv[1]), sys.argv[2]
    server = WSGIServer(("127.0.0.1", port), make_app(ExportFile(export_path)), log=None)
    log.info("upload server on port %d", port)
    server.serve_forever()
