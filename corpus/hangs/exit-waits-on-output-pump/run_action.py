"""Runs one job action (a shell command from the job template) and streams its output into the
session log, line by line, as it is produced.

Usage: run_action.py SESSION_LOG COMMAND
"""

import logging
import subprocess
import sys
import threading

log = logging.getLogger("session")


def pump_output(stream, session_log):
    with open(session_log, "a") as out:
        for line in iter(stream.readline, b""):
            out.write(line.decode(errors="replace"))
            out.flush()
    log.info("action output closed")


def run_action(command, session_log):
    process = subprocess.Popen(["sh", "-c", command], stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    pump = threading.Thread(target=pump_output, args=(process.stdout, session_log), name="stdout-pump")
    pump.start()
    status = process.wait()
    log.info("action exited with status %d", status)
    return status


def main(argv):
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(threadName)s %(message)s")
    session_log, command = argv
    status = run_action(command, session_log)
    log.info("session step finished: %s", "succeeded" if status == 0 else f"failed ({status})")
    return status


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
