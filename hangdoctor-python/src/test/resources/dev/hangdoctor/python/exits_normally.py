"""An application with the guard that exits on its own, promptly."""
from concurrent.futures import ThreadPoolExecutor

import hangdoctor_guard

hangdoctor_guard.install(exit_timeout=30)
with ThreadPoolExecutor() as pool:
    print("sum", sum(pool.map(abs, [-1, -2, 3])))
