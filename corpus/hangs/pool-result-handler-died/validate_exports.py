"""Validates the nightly CSV exports before they are published: every file is checked in a pool of
worker processes, and a report of the files that failed is written.

Usage: validate_exports.py EXPORT_DIR
"""

import csv
import glob
import logging
import multiprocessing
import os
import sys

log = logging.getLogger("validate")


class ExportRow:
    def __init__(self, path, number, fields):
        self.path = path
        self.number = number
        self.fields = fields


class ValidationError(Exception):
    def __init__(self, row):
        super().__init__(f"{os.path.basename(row.path)}:{row.number}: expected 4 fields, got {len(row.fields)}")
        self.row = row


def validate_file(path):
    with open(path, newline="") as f:
        for number, fields in enumerate(csv.reader(f), start=1):
            if len(fields) != 4:
                raise ValidationError(ExportRow(path, number, fields))
    return path, "ok"


def check_one(path):
    try:
        return validate_file(path)
    except ValidationError as exc:
        return path, exc


def main(argv):
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(message)s")
    paths = sorted(glob.glob(os.path.join(argv[0], "*.csv")))
    log.info("validating %d exports", len(paths))
    with multiprocessing.Pool(processes=3) as pool:
        results = pool.map(check_one, paths)
    failed = [(path, outcome) for path, outcome in results if outcome != "ok"]
    with open("validation-report.txt", "w") as report:
        for path, error in failed:
            report.write(f"{path}: {error}\n")
    log.info("%d of %d exports failed validation", len(failed), len(paths))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
