"""Starts the maintenance jobs listed in a job file, each in its own process group with a lowered
priority, and records their pids. A job whose program cannot be executed is reported at once: the
child writes the exec error to a pipe that the parent reads before recording the pid.

Usage: job_launcher.py JOB_FILE PID_DIR
"""

import json
import logging
import os
import sys

log = logging.getLogger("launcher")


def spawn(argv, niceness):
    errpipe_read, errpipe_write = os.pipe()
    pid = os.fork()
    if pid == 0:
        try:
            os.close(errpipe_read)
            os.setpgid(0, 0)
            os.nice(niceness)
            os.execvp(argv[0], argv)
        except OSError as exc:
            os.write(errpipe_write, f"{type(exc).__name__}: {exc}".encode())
        finally:
            os._exit(127)
    error = os.read(errpipe_read, 4096)
    os.close(errpipe_read)
    if error:
        os.waitpid(pid, 0)
        raise OSError(f"cannot start {argv[0]}: {error.decode()}")
    return pid


def main(argv):
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(message)s")
    job_file, pid_dir = argv
    os.makedirs(pid_dir, exist_ok=True)
    with open(job_file) as f:
        jobs = json.load(f)
    for name, job in jobs.items():
        log.info("starting %s: %s", name, " ".join(job["argv"]))
        pid = spawn(job["argv"], job.get("nice", 10))
        with open(os.path.join(pid_dir, f"{name}.pid"), "w") as f:
            f.write(f"{pid}\n")
        log.info("%s running as pid %d", name, pid)


if __name__ == "__main__":
    main(sys.argv[1:])
