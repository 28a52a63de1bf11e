"""Runs a batch worker as a subprocess and waits for it: a healthy parent of a progressing child."""

import os
import subprocess
import sys

WORKER = os.path.join(os.path.dirname(os.path.abspath(__file__)), "batch_worker.py")


def main():
    proc = subprocess.Popen([sys.executable, WORKER])
    print(f"READY child={proc.pid}", flush=True)
    proc.wait()


if __name__ == "__main__":
    main()
