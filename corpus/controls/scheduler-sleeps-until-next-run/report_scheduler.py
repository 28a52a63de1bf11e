"""Sends the operations reports on their schedule: the hourly capacity summary and the nightly
cost report. Between runs the scheduler sleeps until the next one is due.

Usage: report_scheduler.py OUTPUT_DIR
"""

import datetime
import json
import logging
import os
import sched
import sys
import time

log = logging.getLogger("reports")


def seconds_until(hour, minute=0):
    now = datetime.datetime.now()
    due = now.replace(hour=hour, minute=minute, second=0, microsecond=0)
    if due <= now:
        due += datetime.timedelta(days=1)
    return (due - now).total_seconds()


class ReportJobs:
    def __init__(self, scheduler, output_dir):
        self.scheduler = scheduler
        self.output_dir = output_dir

    def write(self, name, payload):
        path = os.path.join(self.output_dir, f"{name}-{datetime.date.today()}.json")
        with open(path, "w") as f:
            json.dump(payload, f)
        log.info("%s report written to %s", name, path)

    def capacity_summary(self):
        self.write("capacity", {"at": time.time(), "disks": {"/": os.statvfs("/").f_bavail}})
        self.scheduler.enter(3600, 1, self.capacity_summary)
        log.info("next capacity summary in 3600 s")

    def nightly_costs(self):
        self.write("costs", {"at": time.time(), "items": []})
        self.scheduler.enter(seconds_until(2, 30), 2, self.nightly_costs)
        log.info("next cost report in %.0f s", seconds_until(2, 30))


def main(argv):
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(message)s")
    os.makedirs(argv[0], exist_ok=True)
    scheduler = sched.scheduler(time.monotonic, time.sleep)
    jobs = ReportJobs(scheduler, argv[0])
    scheduler.enter(0, 1, jobs.capacity_summary)
    scheduler.enter(seconds_until(2, 30), 2, jobs.nightly_costs)
    log.info("scheduler started")
    scheduler.run()


if __name__ == "__main__":
    main(sys.argv[1:])
