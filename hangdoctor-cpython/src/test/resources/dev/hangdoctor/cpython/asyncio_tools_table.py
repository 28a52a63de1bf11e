"""Prints CPython 3.14's own view of a process's tasks (python -m asyncio ps, as data).

One line per (task, awaiter): task id, awaiter id (0x0 for none), coroutine stack function names
innermost first joined by ' -> ', tab-separated.
"""
import sys
from asyncio.tools import build_task_table, get_all_awaited_by

for row in build_task_table(get_all_awaited_by(int(sys.argv[1]))):
    print(f"{row[1]}\t{row[6]}\t{row[3]}")
