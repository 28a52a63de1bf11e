"""Takes a snapshot of the host's configuration files before a change and compares it with the
state after the change, printing a unified diff of everything that moved.

Usage: configsnap.py BEFORE_DIR AFTER_DIR REPORT
"""

import logging
import os
import subprocess
import sys

log = logging.getLogger("configsnap")


def diff_file(before, after):
    diff = subprocess.Popen(["diff", "-u", before, after], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    status = diff.wait()
    output = diff.stdout.read().decode(errors="replace")
    if status > 1:
        raise RuntimeError(f"diff failed on {before}: {diff.stderr.read().decode().strip()}")
    return output


def compare(before_dir, after_dir):
    changes = {}
    for root, _, files in os.walk(before_dir):
        for name in sorted(files):
            before = os.path.join(root, name)
            after = os.path.join(after_dir, os.path.relpath(before, before_dir))
            if not os.path.exists(after):
                changes[before] = "removed"
                continue
            log.info("comparing %s", os.path.relpath(before, before_dir))
            output = diff_file(before, after)
            if output:
                changes[before] = output
    return changes


def main(argv):
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(message)s")
    before_dir, after_dir, report = argv
    changes = compare(before_dir, after_dir)
    with open(report, "w") as f:
        for path, change in changes.items():
            f.write(f"=== {path}\n{change}\n")
    log.info("%d files changed", len(changes))


if __name__ == "__main__":
    main(sys.argv[1:])
