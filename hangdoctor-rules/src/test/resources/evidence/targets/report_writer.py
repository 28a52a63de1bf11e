"""Writes a large report to stdout."""

import sys


def write_report(rows):
    for row in range(rows):
        sys.stdout.write(f"{row:08d},{'x' * 120}\n")  # blocks here once the pipe is full
    sys.stdout.flush()


if __name__ == "__main__":
    write_report(5000)
