"""Replicates a dataset snapshot to the backup volume: the sender streams the snapshot as a tar
stream straight into the receiver, which unpacks it into the destination.

Usage: replicate.py SNAPSHOT_DIR DESTINATION
"""

import logging
import subprocess
import sys

log = logging.getLogger("replicate")


def replicate(snapshot_dir, destination):
    sender = subprocess.Popen(["tar", "-C", snapshot_dir, "-cf", "-", "."], stdout=subprocess.PIPE)
    receiver = subprocess.Popen([sys.executable, "receive_snapshot.py", destination], stdin=sender.stdout)
    receive_status = receiver.wait()
    send_status = sender.wait()
    if receive_status or send_status:
        raise RuntimeError(f"replication failed: send exited {send_status}, receive exited {receive_status}")
    log.info("replicated %s to %s", snapshot_dir, destination)


def main(argv):
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(message)s")
    snapshot_dir, destination = argv
    log.info("replicating %s to %s", snapshot_dir, destination)
    try:
        replicate(snapshot_dir, destination)
    except RuntimeError as exc:
        log.error("%s", exc)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
