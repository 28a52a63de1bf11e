"""An application whose main ends with sys.exit(3) while an executor worker waits forever."""
import sys
import threading
from concurrent.futures import ThreadPoolExecutor

import hangdoctor_guard

hangdoctor_guard.install(exit_timeout=float(sys.argv[1]))
pool = ThreadPoolExecutor(thread_name_prefix="left-behind")
pool.submit(threading.Event().wait)  # nobody ever sets it
print("main is done", flush=True)
sys.exit(3)
