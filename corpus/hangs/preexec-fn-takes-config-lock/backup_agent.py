"""Backup agent: periodic tasks on threads. One writes the nightly archives' manifests and hands
them to the backup group (group-readable); another keeps the agent's configuration in step with the
config service. Every helper command runs with the resource limits from the configuration.

Usage: backup_agent.py CONFIG_URL SPOOL_DIR
"""

import json
import logging
import os
import resource
import subprocess
import sys
import threading
import time
import urllib.request

log = logging.getLogger("backup-agent")


class Config:
    def __init__(self, url):
        self.url = url
        self._lock = threading.Lock()
        self._values = {"max_open_files": 1024, "backup_group": "backup", "sync_interval": 0.2}

    def get(self, key):
        with self._lock:
            return self._values[key]

    def snapshot(self):
        with self._lock:
            return dict(self._values)

    def reload(self):
        with self._lock:
            with urllib.request.urlopen(f"{self.url}/agents/backup/config") as response:
                self._values.update(json.load(response))
        log.info("configuration reloaded")


def config_reloader(config, stop):
    while not stop.wait(1.0):
        try:
            config.reload()
        except OSError as exc:
            log.warning("config reload failed: %s", exc)


def limit_resources(config):
    def apply():
        limit = config.get("max_open_files")
        resource.setrlimit(resource.RLIMIT_NOFILE, (limit, limit))
    return apply


def share_with_backup_group(config, settings, path):
    mode = "g+r" if settings["backup_group"] else "g-r"
    subprocess.run(["chmod", mode, path], check=True, preexec_fn=limit_resources(config))


def manifest_sync(config, spool, stop):
    settings = config.snapshot()
    written = 0
    while not stop.wait(settings["sync_interval"]):
        manifest = os.path.join(spool, f"manifest-{written % 10}.json")
        with open(manifest, "w") as f:
            json.dump({"written": written, "at": time.time()}, f)
        share_with_backup_group(config, settings, manifest)
        written += 1
        if written % 25 == 0:
            log.info("%d manifests handed to the backup group", written)


def main(argv):
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(threadName)s %(message)s")
    url, spool = argv
    os.makedirs(spool, exist_ok=True)
    config = Config(url)
    stop = threading.Event()
    tasks = [
        threading.Thread(target=config_reloader, args=(config, stop), name="config-reload"),
        threading.Thread(target=manifest_sync, args=(config, spool, stop), name="manifest-sync"),
    ]
    for task in tasks:
        task.start()
    log.info("backup agent running")
    for task in tasks:
        task.join()


if __name__ == "__main__":
    main(sys.argv[1:])
