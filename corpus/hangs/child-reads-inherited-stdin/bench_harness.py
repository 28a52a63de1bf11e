"""Runs the coding agent CLI on each benchmark task and records its answer and exit status.

Usage: bench_harness.py TASKS_FILE RESULTS_FILE
"""

import json
import logging
import subprocess
import sys

log = logging.getLogger("bench")


def run_agent(task):
    command = [sys.executable, "agent_cli.py", "--task", task["id"], "--prompt", task["prompt"], "--json"]
    completed = subprocess.run(command, capture_output=True, text=True)
    return {"id": task["id"], "exit": completed.returncode, "answer": completed.stdout.strip(),
            "stderr": completed.stderr[-2000:]}


def main(argv):
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(message)s")
    tasks_file, results_file = argv
    with open(tasks_file) as f:
        tasks = json.load(f)
    results = []
    for task in tasks:
        log.info("running task %s", task["id"])
        results.append(run_agent(task))
        log.info("task %s finished with exit status %d", task["id"], results[-1]["exit"])
    with open(results_file, "w") as f:
        json.dump(results, f, indent=2)


if __name__ == "__main__":
    main(sys.argv[1:])
