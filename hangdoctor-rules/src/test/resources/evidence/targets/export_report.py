"""Runs the report writer and collects its output once it has finished."""

import os
import subprocess
import sys

WRITER = os.path.join(os.path.dirname(os.path.abspath(__file__)), "report_writer.py")


def export_report():
    proc = subprocess.Popen([sys.executable, WRITER], stdout=subprocess.PIPE)
    print(f"READY child={proc.pid}", flush=True)
    proc.wait()  # hangs here
    return proc.stdout.read()


if __name__ == "__main__":
    export_report()
