import os
import sys
import time

if os.fork() == 0:
    os.setsid()
    if os.fork() == 0:
        with open("daemon.pid", "w") as f:
            f.write(str(os.getpid()))
        while True:
            time.sleep(60)
    os._exit(0)
time.sleep(3600)
